/**
 * `@pulumi/pulumi` stores `new Error().stack` on every promise it creates (`runtime/debuggable.js`), only to print
 * it in a promise-leak report. Under jest each of those stacks goes through jest's source-mapped stack formatter,
 * which cost about a fifth of the suite's time. test/support/jest-setup.ts, loaded by jest before each test file,
 * installs this wrapper when the test file first loads that module, which captures those stacks with no frames. The leak report itself still works (the promises are still tracked and reported by
 * their context); only its STACK_TRACE lines are empty. Real `pulumi up` and `pulumi preview` runs never load this
 * file. test/support/frameless-debug-stacks.test.ts fails when an upgrade of @pulumi/pulumi moves what this relies on.
 */
type DebuggablePromise = <T>(promise: Promise<T>, context: unknown) => Promise<T>;

/** What the wrapper marks itself with, so the pin test can tell it is installed. */
export const FRAMELESS = Symbol.for("order-workflow.frameless-pulumi-debug-stacks");

export function installFramelessDebugStacks(module: Record<string, unknown>): void {
  const original = module.debuggablePromise;
  if (typeof original !== "function") {
    throw new Error(
      "@pulumi/pulumi/runtime/debuggable no longer exports debuggablePromise; see test/support/frameless-debug-stacks.ts.",
    );
  }
  if (FRAMELESS in original) return;
  const wrapped: DebuggablePromise = (promise, context) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return (original as DebuggablePromise)(promise, context);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  module.debuggablePromise = Object.assign(wrapped, { [FRAMELESS]: true });
}
