import { aliasArnParts, startThroughAliasStatement } from "./alias-start-policy";
import { describeValue, STATE_MACHINE_ARN } from "./validation";

/** What on-call works on: one state machine's executions, its failure queue, and the key that encrypts them. */
export interface OperatorPolicyRefs {
  readonly region: string;
  readonly stateMachineArn: string;
  /** The alias every producer starts; on-call restarts an order through it too, never the unqualified ARN. */
  readonly liveAliasArn: string;
  readonly failureQueueArn: string;
  /**
   * The customer-managed key that encrypts the state machine and the queue; undefined with AWS-owned and
   * AWS-managed keys, whose policies already let the account's principals use them through the service.
   */
  readonly kmsKeyArn?: string;
}

/**
 * The ARN pattern of every execution of a state machine: `execution:<state machine name>:<execution name>`.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html#awsstepfunctions-resources-for-iam-policies
 */
export function executionArnPattern(stateMachineArn: string): string {
  if (!STATE_MACHINE_ARN.pattern.test(stateMachineArn)) {
    throw new Error(
      `\`stateMachineArn\` must be an ARN of the form ${STATE_MACHINE_ARN.shape}. Received: ${describeValue(stateMachineArn)}.`,
    );
  }
  return `${stateMachineArn.replace(/:stateMachine:/, ":execution:")}:*`;
}

/**
 * What on-call needs to follow an alarm: read the state machine and its executions with their history, redrive
 * a failed execution or start a new one with the same order, and read and delete what the failure queue holds.
 * With a customer-managed key, Step Functions and SQS decrypt that data, and encrypt what a redrive or a start
 * writes, with the caller's permissions: the key is granted through those two services only (`kms:ViaService`).
 * Attached by an account administrator to the on-call role; the stack does not create or name that role.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
export function buildOperatorPolicy(refs: OperatorPolicyRefs): object {
  return {
    Version: "2012-10-17",
    Statement: [
      ...executionStatements(refs),
      {
        Sid: "ReadFailureQueue",
        Effect: "Allow",
        Action: [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ],
        Resource: refs.failureQueueArn,
      },
      ...(refs.kmsKeyArn === undefined ? [] : keyStatements(refs, refs.kmsKeyArn)),
    ],
  };
}

function executionStatements(refs: OperatorPolicyRefs): object[] {
  if (aliasArnParts(refs.liveAliasArn).stateMachineArn !== refs.stateMachineArn) {
    throw new Error(
      `\`liveAliasArn\` must be an alias of \`stateMachineArn\` (${refs.stateMachineArn}). Received: ${describeValue(refs.liveAliasArn)}.`,
    );
  }
  return [
    {
      // The alias's routing and the published versions tell on-call which version to pin in a rollback.
      Sid: "ReadStateMachine",
      Effect: "Allow",
      Action: [
        "states:DescribeStateMachine",
        "states:DescribeStateMachineAlias",
        "states:ListExecutions",
        "states:ListStateMachineVersions",
      ],
      Resource: refs.stateMachineArn,
    },
    // A redrive only resumes a FAILED, TIMED_OUT or ABORTED Standard execution that ended at most 14 days ago;
    // an order past that is recovered by starting a new execution with its input, through the live alias.
    // https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
    startThroughAliasStatement(refs.liveAliasArn, "RestartOrders"),
    {
      // Executions started through the alias keep the `execution:<state machine name>:<name>` ARN form.
      // https://docs.aws.amazon.com/step-functions/latest/dg/execution-alias-version-associate.html
      Sid: "ReadAndRedriveExecutions",
      Effect: "Allow",
      Action: [
        "states:DescribeExecution",
        "states:DescribeStateMachineForExecution",
        "states:GetExecutionHistory",
        "states:RedriveExecution",
      ],
      Resource: executionArnPattern(refs.stateMachineArn),
    },
  ];
}

function keyStatements(refs: OperatorPolicyRefs, keyArn: string): object[] {
  const viaService = (service: string) => ({
    StringEquals: { "kms:ViaService": `${service}.${refs.region}.amazonaws.com` },
  });
  return [
    {
      // Reading a definition, an execution or its history decrypts; a redrive or a start encrypts.
      Sid: "UseKeyThroughStepFunctions",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: keyArn,
      Condition: viaService("states"),
    },
    {
      // Receiving a message decrypts it; deleting it or changing its visibility needs no key.
      Sid: "DecryptThroughSqs",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: keyArn,
      Condition: viaService("sqs"),
    },
  ];
}
