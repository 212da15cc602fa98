import { assertNumberInRange } from "./validation";

/**
 * EventBridge's retry policy for a rule's target: at most 185 retries over at most a day, which the components
 * take as their defaults (retry as long and as often as EventBridge allows).
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
 */
export const MAX_RETRY_ATTEMPTS = 185;
export const MAX_EVENT_AGE_SECONDS = 86_400;
const RETRY_ATTEMPTS_RANGE = { min: 0, max: MAX_RETRY_ATTEMPTS, integer: true } as const;
const EVENT_AGE_RANGE_SECONDS = { min: 60, max: MAX_EVENT_AGE_SECONDS, integer: true } as const;

/** A target's retry settings, as the components' args name them. */
export interface TargetRetrySettings {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

/** Fails, naming the arg, when a retry setting is outside what EventBridge accepts. */
export function assertTargetRetry(settings: TargetRetrySettings): void {
  assertNumberInRange("maximumRetryAttempts", settings.maximumRetryAttempts, RETRY_ATTEMPTS_RANGE);
  assertNumberInRange("maximumEventAgeSeconds", settings.maximumEventAgeSeconds, EVENT_AGE_RANGE_SECONDS);
}

/** The EventTarget's `retryPolicy` input. */
export function retryPolicyOf(settings: TargetRetrySettings): {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
} {
  return {
    maximumRetryAttempts: settings.maximumRetryAttempts,
    maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
  };
}
