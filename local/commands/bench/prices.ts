/**
 * AWS list prices used by the cost model: region us-east-1, on-demand, without free tiers or volume tiers beyond
 * the first. Written down on 2026-11-25 from the published list prices without re-reading the pricing pages
 * linked on each entry (this machine cannot reach them); check them there before relying on a figure.
 */

export interface Price {
  /** US dollars for `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly url: string;
}

export const PRICE_REGION = "us-east-1";
export const PRICES_TAKEN_ON = "2026-11-25";

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
  /** Step Functions logs are vended logs (first tier, up to 10 TB); Lambda logs are ingested at the same rate. */
  logsIngestion: {
    usd: 0.5,
    per: 1,
    unit: "GB ingested (CloudWatch Logs)",
    url: "https://aws.amazon.com/cloudwatch/pricing/",
  },
} as const satisfies Record<string, Price>;

export type PriceTable = Readonly<Record<keyof typeof PRICES, Price>>;
