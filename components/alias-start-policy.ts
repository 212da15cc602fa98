import { describeValue } from "./validation";

/**
 * An alias ARN: the state machine's ARN and the alias name after a colon. Alias names are 1 to 80 letters,
 * digits, '-' or '_' and are not a number, which would read as a version.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 */
export const STATE_MACHINE_ALIAS_ARN = {
  pattern:
    /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}):(?!\d+$)([A-Za-z0-9_-]{1,80})$/,
  shape: "arn:<partition>:states:<region>:<account>:stateMachine:<name>:<alias name>",
} as const;

/** The state machine an alias ARN qualifies, and the alias's name. */
export function aliasArnParts(aliasArn: string): {
  readonly stateMachineArn: string;
  readonly aliasName: string;
} {
  const match = STATE_MACHINE_ALIAS_ARN.pattern.exec(aliasArn);
  const [, stateMachineArn, aliasName] = match ?? [];
  if (stateMachineArn === undefined || aliasName === undefined) {
    throw new Error(
      `An alias ARN must be of the form ${STATE_MACHINE_ALIAS_ARN.shape}. Received: ${describeValue(aliasArn)}.`,
    );
  }
  return { stateMachineArn, aliasName };
}

/**
 * Permission to start executions through one alias, and through nothing else. Step Functions authorizes a
 * request made with a version or alias ARN against the state machine's own ARN, and tells which qualifier it
 * was made with by the `states:StateMachineQualifier` key; the Service Authorization Reference lists
 * StartExecution on the `stateMachine` resource type only, not on `stateMachineAlias`. So the statement is on
 * the state machine's ARN, on the condition that the qualifier is the alias: a start of the unqualified ARN
 * carries no qualifier and one of a version carries its number, and neither matches. Executions keep their ARN
 * form `execution:<state machine name>:<execution name>` whatever started them, so reading, stopping and
 * redriving them need no change.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
 */
export function startThroughAliasStatement(aliasArn: string, sid?: string): Record<string, unknown> {
  const { stateMachineArn, aliasName } = aliasArnParts(aliasArn);
  return {
    ...(sid === undefined ? {} : { Sid: sid }),
    Effect: "Allow",
    Action: "states:StartExecution",
    Resource: stateMachineArn,
    Condition: { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": [aliasName] } },
  };
}
