import type { ExecutionAssociation } from "../../engine/execution-association";
import { AwsError } from "./aws-error";
import { checkStateMachine } from "./step-functions-requests";

/** The ARNs the endpoint's one state machine answers to: its own, its live alias's, and the version that alias runs. */
export interface StateMachineArns {
  /** "arn:aws:states:<region>:<account>:stateMachine:<name>" */
  readonly stateMachineArn: string;
  /** "<stateMachineArn>:live", the stack output `liveAliasArn`. */
  readonly liveAliasArn: string;
  /** "<stateMachineArn>:<n>", the stack output `stateMachineVersionArn`: the definition the endpoint runs. */
  readonly versionArn: string;
}

/** A state machine ARN with its qualifier, if any: a version is a number, an alias a name that is not one. */
type Qualified =
  | { readonly kind: "unqualified" }
  | { readonly kind: "version" | "alias"; readonly arn: string; readonly qualifier: string };

/** Splits `arn` into the state machine and a qualifier; InvalidArn or StateMachineDoesNotExist as AWS answers. */
function qualifiedOf(arn: string, arns: StateMachineArns): Qualified {
  if (arn === arns.stateMachineArn) return { kind: "unqualified" };
  const match = /^(arn:[^:]+:states:[^:]*:\d{12}:stateMachine:[^:]+):([^:]*)$/.exec(arn);
  // No state machine ARN at all, or another state machine's, qualified or not.
  checkStateMachine(match?.[1] ?? arn, arns.stateMachineArn);
  const qualifier = match?.[2] ?? "";
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(qualifier)) {
    throw new AwsError(
      "InvalidArn",
      `Invalid Arn: '${arn}'; a qualified state machine ARN ends in :<version number> or :<alias name>`,
    );
  }
  return /^\d+$/.test(qualifier) ? { kind: "version", arn, qualifier } : { kind: "alias", arn, qualifier };
}

/**
 * The association of an execution StartExecution starts with `arn`: the live alias, and the version it routes
 * every execution to (the endpoint has one). AWS's API would also start the unqualified ARN (the latest revision)
 * and a version ARN, but this stack's IAM allows StartExecution only on the condition
 * `states:StateMachineQualifier` = the alias's name, so a producer using either is refused on AWS: the endpoint
 * refuses it the same way, as AccessDeniedException (HTTP 400), naming the alias to start instead.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
 */
export function startAssociation(arn: string, arns: StateMachineArns): Required<ExecutionAssociation> {
  const qualified = qualifiedOf(arn, arns);
  if (qualified.kind === "alias" && qualified.arn === arns.liveAliasArn) {
    return { stateMachineAliasArn: arns.liveAliasArn, stateMachineVersionArn: arns.versionArn };
  }
  const why =
    qualified.kind === "unqualified"
      ? "the unqualified ARN carries no qualifier and runs the latest revision, bypassing the alias's rollout"
      : qualified.kind === "version"
        ? `a version ARN carries the qualifier "${qualified.qualifier}" and pins that version, bypassing the alias's rollout`
        : `the alias "${qualified.qualifier}" is not the stack's live alias`;
  const liveName = arns.liveAliasArn.slice(arns.stateMachineArn.length + 1);
  throw new AwsError(
    "AccessDeniedException",
    `Not authorized to perform: states:StartExecution on resource: ${arn}: this stack's IAM allows ` +
      `StartExecution only with states:StateMachineQualifier "${liveName}", and the local endpoint answers as ` +
      `that IAM would; ${why}. Start ${arns.liveAliasArn} (LIVE_ALIAS_ARN) instead`,
  );
}

/**
 * Which executions ListExecutions lists for `arn`: every one for the state machine's ARN; for an alias ARN, those
 * started through it; for a version ARN, those that ran that version, started through it or through an alias
 * that routed them to it. A qualifier the endpoint does not have is ResourceNotFound.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
 */
export function listFilterOf(
  arn: string,
  arns: StateMachineArns,
): (association: ExecutionAssociation) => boolean {
  const qualified = qualifiedOf(arn, arns);
  if (qualified.kind === "unqualified") return () => true;
  if (qualified.kind === "alias" && qualified.arn === arns.liveAliasArn) {
    return (association) => association.stateMachineAliasArn === qualified.arn;
  }
  if (qualified.kind === "version" && qualified.arn === arns.versionArn) {
    return (association) => association.stateMachineVersionArn === qualified.arn;
  }
  throw new AwsError(
    "ResourceNotFound",
    `Resource Not Found: '${arn}'; the local endpoint has the alias ${arns.liveAliasArn} and the version ${arns.versionArn}`,
  );
}
