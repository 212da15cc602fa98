import { BYTES_PER_GB, type Price, type PriceTable } from "./prices";

/** What one execution uses, on average, as the cost model needs it. */
export interface UsagePerExecution {
  readonly transitions: number;
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

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const ORDERS = 1_000_000;
const MB_PER_GB = 1024;
const MS_PER_SECOND = 1000;

/** Lambda bills duration rounded up to the next millisecond, 1 ms at least. */
export function billedDurationMs(localHandlerMs: number, gatewayLatencyMs: number): number {
  return Math.max(1, Math.ceil(localHandlerMs + gatewayLatencyMs));
}

/** The cost of a million orders, one line per billed item. */
export function costPerMillionOrders(usage: UsagePerExecution, prices: PriceTable): CostEstimate {
  const line = (item: string, perExecution: number, price: Price): CostLine => {
    const quantity = perExecution * ORDERS;
    return { item, quantity, price, usd: roundToMicros((quantity * price.usd) / price.per) };
  };
  const lines = [
    line("Step Functions state transitions", usage.transitions, prices.stepFunctionsTransition),
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
    line("CloudWatch Logs: state machine", usage.stateMachineLogBytes / BYTES_PER_GB, prices.logsIngestion),
    line("CloudWatch Logs: Lambda", usage.lambdaLogBytes / BYTES_PER_GB, prices.logsIngestion),
  ];
  return { lines, totalUsd: roundToMicros(lines.reduce((total, { usd }) => total + usd, 0)) };
}

function roundToMicros(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
