import * as policy from "@pulumi/policy";

/**
 * The error @pulumi/policy's props proxy throws when a rule reads a value that is unknown during preview (an
 * ARN not created yet, a JSON string built from one). The policy server turns it into the advisory "can't run
 * policy … during preview" and keeps what the rule reported before it. It is exported at runtime, not in the
 * package's types.
 */
const UNKNOWN_VALUE_ERROR: unknown = Reflect.get(policy, "UnknownValueError");

function isUnknownValueError(error: unknown): boolean {
  return typeof UNKNOWN_VALUE_ERROR === "function" && error instanceof UNKNOWN_VALUE_ERROR;
}

/**
 * Lets a stack rule check what it can see during preview and still not pass on what it cannot: each part runs
 * through `attempt`, a part that meets an unknown value is skipped, and `finish` throws the first such error so
 * the policy server reports that the rule could not run in full. `pulumi up` checks again with every value known.
 */
export class UnknownValues {
  private first: Error | undefined;

  /** Runs `part`; `undefined` when it read an unknown value. Any other error is thrown at once. */
  attempt<T>(part: () => T): T | undefined {
    try {
      return part();
    } catch (error) {
      if (!isUnknownValueError(error)) throw error;
      this.first ??= error as Error;
      return undefined;
    }
  }

  /** Whether some part met an unknown value. */
  get met(): boolean {
    return this.first !== undefined;
  }

  /** Throws the first unknown value met, if any. */
  finish(): void {
    if (this.first !== undefined) throw this.first;
  }
}
