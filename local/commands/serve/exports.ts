/** `stateMachineArn` → `STATE_MACHINE_ARN`: how a stack output is named as an environment variable. */
export function upperSnakeCase(name: string): string {
  return name
    .replaceAll(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replaceAll(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

/** A value quoted for a POSIX shell: single quotes, each single quote inside closed, escaped and reopened. */
export function shellQuoted(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The lines `eval "$(…)"` or a copy-paste takes: the endpoint and region every AWS SDK and the AWS CLI read
 * (`AWS_ENDPOINT_URL`, `AWS_REGION`, and `AWS_DEFAULT_REGION`, the only region variable AWS CLI v1 reads), then
 * each stack output in upper snake case: `STATE_MACHINE_ARN`, `STATE_MACHINE_VERSION_ARN`, `LIVE_ALIAS_ARN`, ….
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 * @see https://docs.aws.amazon.com/cli/v1/userguide/cli-configure-envvars.html
 */
export function exportLines(
  endpointUrl: string,
  region: string,
  outputs: Readonly<Record<string, string>>,
): string[] {
  const variables: [string, string][] = [
    ["AWS_ENDPOINT_URL", endpointUrl],
    ["AWS_REGION", region],
    ["AWS_DEFAULT_REGION", region],
    ...Object.entries(outputs).map(([name, value]): [string, string] => [upperSnakeCase(name), value]),
  ];
  return variables.map(([name, value]) => `export ${name}=${shellQuoted(value)}`);
}
