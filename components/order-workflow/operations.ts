import * as aws from "../aws";
import * as pulumi from "@pulumi/pulumi";
import { PAYMENT_DECLINED_ERROR } from "../../functions/authorize-payment/errors";
import { EventBridgeTrigger } from "../event-trigger";
import type { LiveAlias } from "../live-alias";
import { ExecutionFailureCapture } from "../execution-failure-capture";
import type { LoggedStateMachine } from "../logged-state-machine";
import { buildOperatorPolicy } from "../operator-policy";
import { servicePolicies, type ServiceStatement } from "../service-policies";
import { WorkflowAlarms } from "../workflow-alarms";
import type { OrderWorkflowSettings } from "./args";
import type { DataStores } from "./data-stores";
import { capturesFailedExecutions, failureCaptureNameOf } from "./failure-capture";
import type { WorkflowFunctions } from "./functions";
import { createLiveAlias } from "./live-alias";
import { alarmSettingsOf } from "./settings";

/** What runs the workflow in production besides the workflow itself. */
export interface Operations {
  /** The alarms, or undefined when they are off. */
  readonly alarms: WorkflowAlarms | undefined;
  /** The EventBridge trigger, or undefined without an event pattern. */
  readonly trigger: EventBridgeTrigger | undefined;
  /** The rule that sends failed executions to the failure queue, or undefined when it cannot; see capturesFailedExecutions. */
  readonly failureCapture: ExecutionFailureCapture | undefined;
  /** The managed policy an account administrator attaches to the on-call role. */
  readonly operatorPolicy: aws.iam.Policy;
  /** The alias every producer starts; nothing in the workflow starts the unqualified state machine. */
  readonly liveAlias: LiveAlias;
}

/** The name of the workflow's trigger, which names its rule; the key policy needs it before the rule exists. */
export function triggerNameOf(name: string): string {
  return `${name}-trigger`;
}

/** The parts the operations watch and start. */
export interface OperatedParts {
  readonly stores: DataStores;
  readonly functions: WorkflowFunctions;
  readonly stateMachine: LoggedStateMachine;
}

/** The alarms, the event trigger and the failed-execution capture, each only when the settings ask for it. */
export function createOperations(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  parts: OperatedParts,
): Operations {
  // The rules first: their metrics alarm. The trigger starts the live alias, which waits for the alarms that
  // gate its rollouts, so the trigger takes the alias's ARN before the alias exists.
  const [liveAliasArn, resolveLiveAliasArn] = pulumi.deferredOutput<string>();
  const trigger = createTrigger(parent, name, settings, parts, liveAliasArn);
  const failureCapture = createFailureCapture(parent, name, settings, parts);
  createFailureQueuePolicy(parent, name, parts.stores, trigger, failureCapture);
  const alarms = createAlarms(parent, name, settings, parts, { trigger, failureCapture });
  const liveAlias = createLiveAlias(parent, name, settings, parts.stateMachine, alarms);
  resolveLiveAliasArn(liveAlias.aliasArn);
  return {
    alarms,
    trigger,
    failureCapture,
    operatorPolicy: createOperatorPolicy(parent, name, settings, parts, liveAlias.aliasArn),
    liveAlias,
  };
}

function createAlarms(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  { stores, functions, stateMachine }: OperatedParts,
  rules: Pick<Operations, "trigger" | "failureCapture">,
): WorkflowAlarms | undefined {
  // Validation refuses alarms without a customer-managed key; the check also tells TypeScript there is one.
  if (!settings.alarmsEnabled || stores.keyArn === undefined) return undefined;
  return new WorkflowAlarms(
    `${name}-alarms`,
    {
      stateMachineArn: stateMachine.stateMachineArn,
      stateMachineVersionArn: stateMachine.stateMachineVersionArn,
      functions: {
        "validate-order": functions.validate.functionName,
        "authorize-payment": functions.authorize.functionName,
      },
      // A decline is the gateway's answer, thrown by design at the configured rate: not a fault.
      expectedErrors: {
        "authorize-payment": {
          errorName: PAYMENT_DECLINED_ERROR,
          outcome: "decline",
          logGroupName: functions.authorize.logGroupName,
          expectedRate: settings.authFailureRate,
          rateThreshold: settings.alarmDeclineRateThreshold,
          minInvocations: settings.alarmDeclineRateMinAttempts,
        },
      },
      kmsKeyArn: stores.keyArn,
      queueName: stores.failureQueue.name,
      eventRuleName: rules.trigger?.ruleName,
      failureCaptureRuleName: rules.failureCapture?.ruleName,
      ...alarmSettingsOf(settings),
      tags: settings.tags,
    },
    { parent },
  );
}

/** The trigger, which starts the live alias and leaves the events it could not deliver in the failure queue. */
function createTrigger(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  { stores }: OperatedParts,
  liveAliasArn: pulumi.Output<string>,
): EventBridgeTrigger | undefined {
  if (settings.eventPattern === undefined) return undefined;
  return new EventBridgeTrigger(
    triggerNameOf(name),
    {
      stateMachineAliasArn: liveAliasArn,
      eventPattern: settings.eventPattern,
      deadLetterQueueArn: stores.failureQueue.arn,
      tags: settings.tags,
    },
    { parent },
  );
}

/** The rule that sends every execution that ends FAILED, TIMED_OUT or ABORTED to the failure queue. */
function createFailureCapture(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  { stores, stateMachine }: OperatedParts,
): ExecutionFailureCapture | undefined {
  if (!capturesFailedExecutions(settings)) return undefined;
  return new ExecutionFailureCapture(
    failureCaptureNameOf(name),
    { stateMachineArn: stateMachine.stateMachineArn, queueArn: stores.failureQueue.arn, tags: settings.tags },
    { parent },
  );
}

/**
 * The failure queue's policy: EventBridge may send to it for the workflow's own rules only, each named in
 * aws:SourceArn (confused deputy); none without a rule.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html#eb-dlq-perms
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
 */
function createFailureQueuePolicy(
  parent: pulumi.Resource,
  name: string,
  stores: DataStores,
  trigger: EventBridgeTrigger | undefined,
  failureCapture: ExecutionFailureCapture | undefined,
): aws.sqs.QueuePolicy | undefined {
  const fromRule = (sid: string, ruleArn: pulumi.Input<string>): ServiceStatement => ({
    sid,
    service: "events.amazonaws.com",
    action: "sqs:SendMessage",
    resource: stores.failureQueue.arn,
    conditions: { ArnEquals: { "aws:SourceArn": ruleArn } },
  });
  const statements = [
    ...(trigger === undefined ? [] : [fromRule("EventBridgeDeadLetters", trigger.ruleArn)]),
    ...(failureCapture === undefined
      ? []
      : [fromRule("EventBridgeFailedExecutions", failureCapture.ruleArn)]),
  ];
  if (statements.length === 0) return undefined;
  return new aws.sqs.QueuePolicy(
    `${name}-failures-policy`,
    { queueUrl: stores.failureQueue.url, policy: servicePolicies(statements) },
    { parent },
  );
}

/** What on-call may do with the executions and the failure queue, and the key that encrypts them. */
function createOperatorPolicy(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  { stores, stateMachine }: OperatedParts,
  liveAliasArn: pulumi.Output<string>,
): aws.iam.Policy {
  const region = aws.getRegionOutput({}, { parent }).region;
  return new aws.iam.Policy(
    `${name}-operator`,
    {
      name: `${name}-operator`,
      description: `On-call for ${name}: read, redrive and restart its executions, read and delete its failure queue`,
      policy: pulumi
        .all([
          region,
          stateMachine.stateMachineArn,
          liveAliasArn,
          stores.failureQueue.arn,
          pulumi.output(stores.keyArn),
        ])
        .apply(([regionName, stateMachineArn, aliasArn, failureQueueArn, kmsKeyArn]) =>
          JSON.stringify(
            buildOperatorPolicy({
              region: regionName,
              stateMachineArn,
              liveAliasArn: aliasArn,
              failureQueueArn,
              kmsKeyArn,
            }),
          ),
        ),
      tags: settings.tags,
    },
    { parent },
  );
}
