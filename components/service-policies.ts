import * as pulumi from "@pulumi/pulumi";

/** IAM condition operators by name, each mapping condition keys to the values they must match. */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;

/** One statement that allows an AWS service principal one action, under conditions. */
export interface ServiceStatement {
  readonly sid?: string;
  /** e.g. "events.amazonaws.com" */
  readonly service: string;
  readonly action: string;
  /** The resource of a resource policy; a trust policy has none. */
  readonly resource?: pulumi.Input<string>;
  /**
   * The `aws:SourceAccount` / `aws:SourceArn` keys that stop the service acting for someone else (confused
   * deputy). @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
   */
  readonly conditions: PolicyConditions;
}

/** A policy document of one statement that lets an AWS service act, only under the given conditions. */
export function servicePolicy(statement: ServiceStatement): pulumi.Output<string> {
  return servicePolicies([statement]);
}

/** A policy document of one statement per service action, each only under its own conditions. */
export function servicePolicies(statements: readonly ServiceStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: statements.map((statement) => ({
      ...(statement.sid === undefined ? {} : { Sid: statement.sid }),
      Effect: "Allow",
      Principal: { Service: statement.service },
      Action: statement.action,
      ...(statement.resource === undefined ? {} : { Resource: statement.resource }),
      Condition: statement.conditions,
    })),
  });
}

/** A role trust policy that lets one AWS service assume the role, only under the given conditions. */
export function serviceTrustPolicy(service: string, conditions: PolicyConditions): pulumi.Output<string> {
  return servicePolicy({ service, action: "sts:AssumeRole", conditions });
}
