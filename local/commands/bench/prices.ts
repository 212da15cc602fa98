/**
 * AWS list prices used by the cost model: region us-east-1, on-demand, without free tiers or volume tiers beyond
 * the first. Written down from the published list prices without re-reading the pricing pages linked on each
 * entry at run time (this machine cannot reach them): the Standard, Lambda, DynamoDB, SNS and Logs prices on
 * 2026-11-25, the Express and SQS prices on 2026-12-01 from the text of the pricing pages linked on them. Check
 * them there before relying on a figure.
 */

export interface Price {
  /** US dollars for `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly url: string;
}

export const PRICE_REGION = "us-east-1";
export const PRICES_TAKEN_ON = "2026-11-25 (Express and SQS: 2026-12-01)";

/** CloudWatch Logs bills ingestion per GB; here a GB is 2^30 bytes, as AWS bills data volumes. */
export const BYTES_PER_GB = 2 ** 30;

export const PRICES = {
  /** Standard workflows; retries count as transitions. */
  stepFunctionsTransition: {
    usd: 0.025,
    per: 1_000,
    unit: "state transitions (Standard)",
    url: "https://aws.amazon.com/step-functions/pricing/",
  },
  /** Express workflows: each execution started is one request, console tests included. */
  expressRequest: {
    usd: 1,
    per: 1_000_000,
    unit: "requests (Express)",
    url: "https://aws.amazon.com/step-functions/pricing/",
  },
  /**
   * Express duration, first tier: $0.06000 per GB-hour for the first 1,000 GB-hours a month ($0.03000 for the
   * next 4,000, $0.01642 beyond), i.e. $0.00001667 per GB-second. A million 64 MB executions of under a minute
   * each stay well inside the first 1,000 GB-hours. Billed per execution in 100 ms increments of duration and
   * 64 MB chunks of memory (see expressBilledMemoryMb).
   */
  expressGbSecond: {
    usd: 0.00001667,
    per: 1,
    unit: "GB-second (Express duration, first 1,000 GB-hours)",
    url: "https://aws.amazon.com/step-functions/pricing/",
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: "requests (arm64)",
    url: "https://aws.amazon.com/lambda/pricing/",
  },
  /** First tier (the first 7.5 billion GB-seconds a month). */
  lambdaGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: "GB-second (arm64)",
    url: "https://aws.amazon.com/lambda/pricing/",
  },
  /** One WRU writes an item of up to 1 KB. */
  dynamoDbWriteRequestUnit: {
    usd: 0.625,
    per: 1_000_000,
    unit: "write request units (on-demand)",
    url: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  },
  /** Each 64 KB chunk of a published message is billed as one request. */
  snsPublish: {
    usd: 0.5,
    per: 1_000_000,
    unit: "publish requests (64 KB chunks, standard topics)",
    url: "https://aws.amazon.com/sns/pricing/",
  },
  /** Standard queues, first tier (after the free million, up to 100 billion a month); each 64 KB chunk is a request. */
  sqsRequest: {
    usd: 0.4,
    per: 1_000_000,
    unit: "requests (64 KB chunks, standard queues)",
    url: "https://aws.amazon.com/sqs/pricing/",
  },
  /** Step Functions logs are vended logs (first tier, up to 10 TB); Lambda logs are ingested at the same rate. */
  logsIngestion: {
    usd: 0.5,
    per: 1,
    unit: "GB ingested (CloudWatch Logs)",
    url: "https://aws.amazon.com/cloudwatch/pricing/",
  },
} as const satisfies Record<string, Price>;

export type PriceTable = Readonly<Record<keyof typeof PRICES, Price>>;
