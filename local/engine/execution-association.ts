/**
 * The alias and the version an execution is associated with, fixed by the ARN StartExecution was given: an alias
 * ARN associates it with that alias and the version the alias routed it to; a version ARN, with that version
 * only; the unqualified ARN, with neither. A redrive keeps the association of the original attempt.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
 */
export interface ExecutionAssociation {
  /** "<state machine ARN>:<alias name>" */
  readonly stateMachineAliasArn?: string;
  /** "<state machine ARN>:<version number>" */
  readonly stateMachineVersionArn?: string;
}
