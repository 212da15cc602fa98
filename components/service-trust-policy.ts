import * as pulumi from "@pulumi/pulumi";

/** IAM condition operators by name, each mapping condition keys to the values they must match. */
export type TrustConditions = Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;

/**
 * A role trust policy that lets one AWS service assume the role, only under the given conditions: the
 * `aws:SourceAccount` / `aws:SourceArn` keys that stop the service acting for someone else (confused deputy).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function serviceTrustPolicy(service: string, conditions: TrustConditions): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: conditions },
    ],
  });
}
