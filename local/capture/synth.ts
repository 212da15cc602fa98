import * as pulumi from "@pulumi/pulumi";
import { defineStack, readStackSettings } from "../../stacks";
import type {
  Deployment,
  DeployedFailureCapture,
  DeployedFunction,
  DeployedQueue,
  DeployedTable,
  DeployedTopic,
  FailedExecutionStatus,
} from "../model/deployment";
import { type CapturedResource, MOCK_ACCOUNT_ID, RecordingMocks } from "./pulumi-mocks";
import { loadStackConfig } from "./stack-config";
import { isRecord } from "../model/json";
import { PROJECT_DIR } from "../model/project-dir";

export { PROJECT_DIR };

/** What a stack would deploy, captured under Pulumi mocks. */
export interface Synthesis {
  readonly stack: string;
  readonly resources: readonly CapturedResource[];
  readonly outputs: Readonly<Record<string, string>>;
  /** The state machine, its functions' archives, tables and topics, as the local simulator runs them. */
  readonly deployment: Deployment;
}

/**
 * Settles an Output, rejecting when the program failed inside an `apply`. `promise()` is not in the SDK's public
 * types, but `apply` alone cannot observe a failure: the synthesis would hang instead of reporting it.
 */
export function settle<T>(output: pulumi.Output<T>): Promise<T> {
  const candidate: unknown = Reflect.get(output, "promise");
  if (typeof candidate !== "function") throw new Error("This @pulumi/pulumi has no Output.promise().");
  return (candidate as (this: pulumi.Output<T>) => Promise<T>).call(output);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${what} is not an object.`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string") throw new Error(`${what} is not a string.`);
  return value;
}

function num(value: unknown, what: string): number {
  if (typeof value !== "number") throw new Error(`${what} is not a number.`);
  return value;
}

function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((resource) => resource.type === type);
}

async function archiveFiles(code: unknown, what: string): Promise<Record<string, string>> {
  if (!(code instanceof pulumi.asset.AssetArchive)) throw new Error(`${what} is not an AssetArchive.`);
  const files: Record<string, string> = {};
  for (const [file, asset] of Object.entries(await code.assets)) {
    if (!(asset instanceof pulumi.asset.StringAsset))
      throw new Error(`${what}/${file} is not a StringAsset.`);
    files[file] = await asset.text;
  }
  return files;
}

async function toFunction(resource: CapturedResource): Promise<DeployedFunction> {
  const what = `Function ${resource.name}`;
  const environment = record(
    record(resource.inputs.environment ?? {}, `${what} environment`).variables ?? {},
    what,
  );
  return {
    name: text(resource.state.name, `${what} name`),
    arn: text(resource.state.arn, `${what} arn`),
    handler: text(resource.inputs.handler, `${what} handler`),
    files: await archiveFiles(resource.inputs.code, `${what} code`),
    environment: Object.fromEntries(
      Object.entries(environment).map(([key, value]) => [key, text(value, `${what} ${key}`)]),
    ),
    timeoutSeconds: num(resource.inputs.timeout, `${what} timeout`),
    memorySizeMb: num(resource.inputs.memorySize, `${what} memorySize`),
  };
}

function toTable(resource: CapturedResource): DeployedTable {
  const what = `Table ${resource.name}`;
  const attributes = resource.inputs.attributes;
  if (!Array.isArray(attributes)) throw new Error(`${what} has no attributes.`);
  const rangeKey = resource.inputs.rangeKey;
  return {
    name: text(resource.state.name, `${what} name`),
    arn: text(resource.state.arn, `${what} arn`),
    hashKey: text(resource.inputs.hashKey, `${what} hashKey`),
    ...(typeof rangeKey === "string" ? { rangeKey } : {}),
    attributes: attributes.map((attribute: unknown) => {
      const { name, type } = record(attribute, `${what} attribute`);
      if (type !== "S" && type !== "N" && type !== "B")
        throw new Error(`${what} attribute type ${String(type)}.`);
      return { name: text(name, `${what} attribute name`), type };
    }),
  };
}

function toTopic(resource: CapturedResource): DeployedTopic {
  return { name: text(resource.state.name, "Topic name"), arn: text(resource.state.arn, "Topic arn") };
}

function toQueue(resource: CapturedResource): DeployedQueue {
  return {
    name: text(resource.state.name, "Queue name"),
    arn: text(resource.state.arn, "Queue arn"),
    url: text(resource.state.url, "Queue url"),
  };
}

const FAILED_STATUSES: readonly string[] = [
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
] satisfies FailedExecutionStatus[];

function isFailedStatus(status: unknown): status is FailedExecutionStatus {
  return FAILED_STATUSES.includes(String(status));
}

/**
 * The rule, if the program registered one, that matches the state machine's failed executions by their
 * "Step Functions Execution Status Change" events and targets one of its queues.
 */
function toFailureCapture(
  resources: readonly CapturedResource[],
  stateMachineArn: string,
  queues: readonly DeployedQueue[],
): DeployedFailureCapture | undefined {
  for (const rule of ofType(resources, "aws:cloudwatch/eventRule:EventRule")) {
    const pattern: unknown = JSON.parse(
      text(rule.inputs.eventPattern ?? "{}", `Rule ${rule.name} eventPattern`),
    );
    if (!isRecord(pattern) || !isRecord(pattern.detail)) continue;
    const { source, detail } = pattern;
    const detailType = pattern["detail-type"];
    const matches =
      Array.isArray(source) &&
      source.includes("aws.states") &&
      Array.isArray(detailType) &&
      detailType.includes("Step Functions Execution Status Change") &&
      Array.isArray(detail.stateMachineArn) &&
      detail.stateMachineArn.includes(stateMachineArn);
    if (!matches) continue;
    const ruleName = text(rule.state.name, `Rule ${rule.name} name`);
    const target = ofType(resources, "aws:cloudwatch/eventTarget:EventTarget").find(
      (candidate) => candidate.inputs.rule === ruleName,
    );
    const queue = queues.find((candidate) => candidate.arn === target?.inputs.arn);
    if (queue === undefined) continue;
    const statuses = Array.isArray(detail.status) ? detail.status.filter(isFailedStatus) : [];
    return {
      ruleName,
      ruleArn: text(rule.state.arn, `Rule ${rule.name} arn`),
      queueUrl: queue.url,
      statuses,
    };
  }
  return undefined;
}

/**
 * The alias of the state machine the program's CloudFormation stacks output as `AliasArn`: exactly one, the
 * one every producer starts.
 */
function toLiveAliasArn(resources: readonly CapturedResource[], stateMachineArn: string): string {
  const aliases = ofType(resources, "aws:cloudformation/stack:Stack")
    .map((stack) => (isRecord(stack.state.outputs) ? stack.state.outputs.AliasArn : undefined))
    .filter((arn): arn is string => typeof arn === "string" && arn.startsWith(`${stateMachineArn}:`));
  const [alias, ...others] = aliases;
  if (alias === undefined || others.length > 0) {
    throw new Error(
      `Expected one CloudFormation stack with an AliasArn output of ${stateMachineArn}; found ${aliases.length}.`,
    );
  }
  return alias;
}

/**
 * Runs the program for a stack under Pulumi mocks, with the stack's config as the CLI would pass it, and
 * captures every resource it registers, the definition string and the function archives exactly as deployed.
 * `configOverrides` (full keys, `order-workflow:workflowType`) replace values the stack's file sets, as
 * `pulumi config set` would; a key the file does not set is refused.
 */
export async function synthesize(
  stack: string,
  configOverrides: Readonly<Record<string, string>> = {},
): Promise<Synthesis> {
  const config = loadStackConfig(PROJECT_DIR, stack);
  for (const key of Object.keys(configOverrides)) {
    if (!(key in config.values)) throw new Error(`Stack ${stack} has no config key \`${key}\` to override.`);
  }
  const mocks = new RecordingMocks({ accountId: MOCK_ACCOUNT_ID, region: config.region });
  // `preview: false`: in a preview the ARNs of new resources stay unknown and no `apply` would run.
  await pulumi.runtime.setMocks(mocks, config.project, stack, false);
  pulumi.runtime.setAllConfig({ ...config.values, ...configOverrides });
  const outputs: Record<string, pulumi.Output<string>> = { ...defineStack(readStackSettings()) };
  const resolved = await settle(pulumi.all(outputs));

  const [stateMachine, ...others] = ofType(mocks.resources, "aws:sfn/stateMachine:StateMachine");
  if (stateMachine === undefined || others.length > 0) {
    throw new Error(
      `Expected one state machine; the program registered ${others.length + (stateMachine ? 1 : 0)}.`,
    );
  }
  const stateMachineArn = text(stateMachine.state.arn, "State machine arn");
  const queues = ofType(mocks.resources, "aws:sqs/queue:Queue").map(toQueue);
  // Components' registerOutputs calls may still be in flight; a next synthesis would send them to its own mocks.
  // Resources whose inputs wait on others' outputs, such as a rule's target, may register only by then.
  await pulumi.runtime.disconnect();
  const failureCapture = toFailureCapture(mocks.resources, stateMachineArn, queues);
  const deployment: Deployment = {
    stateMachineName: text(stateMachine.state.name, "State machine name"),
    stateMachineArn,
    liveAliasArn: toLiveAliasArn(mocks.resources, stateMachineArn),
    region: config.region,
    accountId: MOCK_ACCOUNT_ID,
    definition: text(stateMachine.inputs.definition, "State machine definition"),
    functions: await Promise.all(ofType(mocks.resources, "aws:lambda/function:Function").map(toFunction)),
    tables: ofType(mocks.resources, "aws:dynamodb/table:Table").map(toTable),
    topics: ofType(mocks.resources, "aws:sns/topic:Topic").map(toTopic),
    queues,
    workflowType: stateMachine.inputs.type === "EXPRESS" ? "EXPRESS" : "STANDARD",
    ...(failureCapture === undefined ? {} : { failureCapture }),
  };
  return { stack, resources: [...mocks.resources], outputs: resolved, deployment };
}
