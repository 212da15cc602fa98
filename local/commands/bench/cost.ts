import { BYTES_PER_GB, type Price, type PriceTable } from "./prices";

/** The two workflow types the same definition can be deployed as; see the README's "Standard or Express?". */
export const WORKFLOW_TYPES = ["STANDARD", "EXPRESS"] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

/** What one execution uses, on average, as the cost model needs it. */
export interface UsagePerExecution {
  /** Standard: billed state transitions, retries included. */
  readonly transitions: number;
  /** Express: billed GB-seconds, each execution rounded up to 100 ms and 64 MB on its own. */
  readonly expressGbSeconds: number;
  readonly functions: readonly {
    readonly functionName: string;
    readonly memorySizeMb: number;
    readonly invocations: number;
    /** Billed duration of one invocation, see billedDurationMs. */
    readonly billedMs: number;
  }[];
  readonly writeRequestUnits: number;
  /** 64 KB chunks published. */
  readonly snsRequests: number;
  /** 64 KB chunks sent to the failure queue. */
  readonly sqsRequests: number;
  /** At the stack's own log level and includeExecutionData. */
  readonly stateMachineLogBytes: number;
  readonly lambdaLogBytes: number;
}

export interface CostLine {
  readonly item: string;
  /** Units used by a million orders, in the price's unit. */
  readonly quantity: number;
  readonly price: Price;
  /** US dollars for a million orders, rounded to a millionth of a dollar. */
  readonly usd: number;
}

/** The Step Functions lines of one workflow type, and the total with the lines both types pay alike. */
export interface WorkflowTypeCost {
  readonly workflowType: WorkflowType;
  /** Transitions, or requests and duration. */
  readonly lines: readonly CostLine[];
  readonly stepFunctionsUsd: number;
  readonly totalUsd: number;
}

export interface CostComparison {
  /** What both types pay alike: the same Lambda invocations, writes, publishes, sends and logs. */
  readonly shared: readonly CostLine[];
  readonly sharedUsd: number;
  /** In WORKFLOW_TYPES order. */
  readonly byType: readonly WorkflowTypeCost[];
}

/** Express bills one request per execution started. */
const EXPRESS_REQUESTS_PER_EXECUTION = 1;

const ORDERS = 1_000_000;
const MB_PER_GB = 1024;
const MS_PER_SECOND = 1000;

/** Lambda bills duration rounded up to the next millisecond, 1 ms at least. */
export function billedDurationMs(localHandlerMs: number, gatewayLatencyMs: number): number {
  return Math.max(1, Math.ceil(localHandlerMs + gatewayLatencyMs));
}

/** The cost of a million orders on each workflow type, one line per billed item. */
export function costPerMillionOrders(usage: UsagePerExecution, prices: PriceTable): CostComparison {
  const shared = sharedLines(usage, prices);
  const sharedUsd = sumUsd(shared);
  return {
    shared,
    sharedUsd,
    byType: WORKFLOW_TYPES.map((workflowType) => {
      const lines = stepFunctionsLines(usage, prices, workflowType);
      const stepFunctionsUsd = sumUsd(lines);
      return { workflowType, lines, stepFunctionsUsd, totalUsd: roundToMicros(stepFunctionsUsd + sharedUsd) };
    }),
  };
}

function stepFunctionsLines(
  usage: UsagePerExecution,
  prices: PriceTable,
  workflowType: WorkflowType,
): CostLine[] {
  return workflowType === "STANDARD"
    ? [line("Step Functions state transitions (Standard)", usage.transitions, prices.stepFunctionsTransition)]
    : [
        line("Step Functions requests (Express)", EXPRESS_REQUESTS_PER_EXECUTION, prices.expressRequest),
        line("Step Functions duration (Express)", usage.expressGbSeconds, prices.expressGbSecond),
      ];
}

function sharedLines(usage: UsagePerExecution, prices: PriceTable): CostLine[] {
  return [
    ...usage.functions.flatMap((fn) => [
      line(`Lambda requests: ${fn.functionName}`, fn.invocations, prices.lambdaRequest),
      line(
        `Lambda duration: ${fn.functionName} (${fn.memorySizeMb} MB x ${fn.billedMs} ms)`,
        (fn.invocations * (fn.memorySizeMb / MB_PER_GB) * fn.billedMs) / MS_PER_SECOND,
        prices.lambdaGbSecond,
      ),
    ]),
    line("DynamoDB write request units", usage.writeRequestUnits, prices.dynamoDbWriteRequestUnit),
    line("SNS publishes", usage.snsRequests, prices.snsPublish),
    line("SQS failure queue sends", usage.sqsRequests, prices.sqsRequest),
    line("CloudWatch Logs: state machine", usage.stateMachineLogBytes / BYTES_PER_GB, prices.logsIngestion),
    line("CloudWatch Logs: Lambda", usage.lambdaLogBytes / BYTES_PER_GB, prices.logsIngestion),
  ];
}

function line(item: string, perExecution: number, price: Price): CostLine {
  const quantity = perExecution * ORDERS;
  return { item, quantity, price, usd: roundToMicros((quantity * price.usd) / price.per) };
}

function sumUsd(lines: readonly CostLine[]): number {
  return roundToMicros(lines.reduce((total, { usd }) => total + usd, 0));
}

function roundToMicros(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
