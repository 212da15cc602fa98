import type * as pulumi from "@pulumi/pulumi";
import { assertRateThreshold } from "./alarm-settings";
import { assertNumberInRange, assertWholeNumberAtLeast, describeValue } from "./validation";

/**
 * An error a function throws by design: a business outcome the workflow catches (a declined payment), not a
 * fault. Lambda's `Errors` metric counts it like any other error, so the function's faults are counted from its
 * log instead, and the share of invocations that end in it is alarmed on its own.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export interface ExpectedError {
  /**
   * The `name` the function gives the error (`PaymentDeclinedError`). It must be an own property of the error (a
   * class field), as the runtime logs an error's own properties, and its class name does not survive minifying.
   */
  readonly errorName: string;
  /** A short name of the outcome, for the names of its metric and alarm: `decline` → `<key>-decline-rate`. */
  readonly outcome: string;
  /** The function's log group; the function must log in Lambda's JSON format. */
  readonly logGroupName: pulumi.Input<string>;
  /** The share of invocations, 0 to 1, that end in the error by design. */
  readonly expectedRate: number;
  /** The share of invocations in a period above which the rate alarm fires: above `expectedRate`, at most 1. */
  readonly rateThreshold: number;
  /** Invocations a period needs before its share counts: the share of a handful of invocations is noise. */
  readonly minInvocations: number;
}

/** The longest outcome name, so that `<name>-<key>-<outcome>-rate` fits CloudWatch's 255 characters. */
export const MAX_OUTCOME_LENGTH = 16;
const OUTCOME = new RegExp(`^[a-z][a-z0-9-]{0,${MAX_OUTCOME_LENGTH - 1}}$`);
/** A JavaScript error name; it is quoted in a filter pattern, so it may hold no quote. */
const ERROR_NAME = /^[A-Za-z_$][A-Za-z0-9_$.]{0,127}$/;

/**
 * Every failed invocation, once, as the function's JSON log records it: an error the handler threw (the Node.js
 * runtime logs it as an ERROR record whose `message` is the error, with `errorType`, `errorMessage`, `stackTrace`
 * and the error's own properties), or an invocation Lambda ended itself, which no runtime record reports: its
 * `platform.report` record says it timed out or that the runtime exited or ran out of memory.
 * @see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/blob/main/src/logging/formatter.ts
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html
 */
export const FAILED_INVOCATION_PATTERN =
  '{ ($.level = "ERROR" && $.message.errorType = "*") || ($.type = "platform.report" && ' +
  '($.record.status = "timeout" || $.record.errorType = "Runtime.ExitError" || $.record.errorType = "Runtime.OutOfMemory")) }';

/** The runtime's record of an invocation that ended in the expected error: a subset of the failed ones. */
export function expectedErrorPattern(errorName: string): string {
  return `{ $.level = "ERROR" && $.message.name = "${errorName}" }`;
}

/**
 * Checks the expected errors of the watched functions; `functions` are the keys those functions go by, and
 * `field` names the arg as the caller's args do.
 */
export function assertExpectedErrors(
  field: string,
  expectedErrors: Readonly<Record<string, ExpectedError>>,
  functions: readonly string[],
): void {
  for (const [key, expected] of Object.entries(expectedErrors)) {
    const at = `${field}.${key}`;
    if (!functions.includes(key)) {
      throw new Error(
        `\`${field}\` has key ${describeValue(key)}, which names no watched function; keys are those of \`functions\`: ${functions.join(", ")}.`,
      );
    }
    if (typeof expected.errorName !== "string" || !ERROR_NAME.test(expected.errorName)) {
      throw new Error(
        `\`${at}.errorName\` must be the error's name as the function sets it: 1 to 128 letters, digits, '_', '$' or '.', not starting with a digit. Received: ${describeValue(expected.errorName)}.`,
      );
    }
    if (typeof expected.outcome !== "string" || !OUTCOME.test(expected.outcome)) {
      throw new Error(
        `\`${at}.outcome\` names an alarm and must be 1 to ${MAX_OUTCOME_LENGTH} lowercase letters, digits or '-', starting with a letter. Received: ${describeValue(expected.outcome)}.`,
      );
    }
    const expectedRate = assertNumberInRange(`${at}.expectedRate`, expected.expectedRate, { min: 0, max: 1 });
    assertRateThreshold(`${at}.rateThreshold`, expected.rateThreshold, {
      field: `${at}.expectedRate`,
      value: expectedRate,
    });
    assertWholeNumberAtLeast(`${at}.minInvocations`, expected.minInvocations, 1);
  }
}
