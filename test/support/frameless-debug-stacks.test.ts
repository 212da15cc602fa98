// The SDK first: its own require of runtime/debuggable is then the first, as in a test of the program, which
// never names the module (test/support/jest-setup.ts installs the wrapper when it loads).
import * as pulumi from "@pulumi/pulumi";
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";

import { FRAMELESS, installFramelessDebugStacks } from "./frameless-debug-stacks";

interface DebuggableModule {
  readonly debuggablePromise: <T>(promise: Promise<T>, context: string) => Promise<T>;
  readonly leakedPromises: () => [Set<Promise<unknown>>, string];
  readonly promiseDebugString: (promise: Promise<unknown>) => string;
}

const runtime = debuggable as unknown as DebuggableModule;

/** What `new Error().stack` is with no frames, under whatever stack formatter jest installed. */
const FRAMELESS_STACK = (() => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return stack;
})();

/** Pins the internals test/support/frameless-debug-stacks.ts relies on: an upgrade that moves them fails here. */
describe("frameless Pulumi promise debug stacks under jest", () => {
  it("is installed on the module the SDK calls through", () => {
    expect(FRAMELESS in runtime.debuggablePromise).toBe(true);
  });

  it("wraps the SDK's own calls: a resource's output properties get frameless debug stacks", async () => {
    await pulumi.runtime.setMocks({
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
      call: () => ({}),
    });
    class Thing extends pulumi.CustomResource {
      constructor(name: string) {
        super("pin:index:Thing", name, { value: 1 });
      }
    }
    new Thing("thing");
    const [leaks] = runtime.leakedPromises();
    const transfers = [...leaks].filter((promise) =>
      String(Reflect.get(promise, "_debugCtx")).startsWith("transferProperty("),
    );
    expect(transfers.length).toBeGreaterThan(0);
    expect(transfers.map((promise): unknown => Reflect.get(promise, "_debugStackTrace"))).toEqual(
      transfers.map(() => FRAMELESS_STACK),
    );
  });

  it("still records a debug stack on each promise, with no frames", async () => {
    const input = Promise.resolve(1);
    const output = runtime.debuggablePromise(input, "pin: resolved");
    expect(Reflect.get(input, "_debugStackTrace")).toBe(FRAMELESS_STACK);
    expect(Reflect.get(input, "_debugCtx")).toBe("pin: resolved");
    await expect(output).resolves.toBe(1);
  });

  it("leaves Error stacks outside Pulumi's promises untouched", () => {
    void runtime.debuggablePromise(Promise.resolve(), "pin: other");
    expect(new Error("outside").stack).toMatch(/\n\s+at /);
  });

  it("still reports a promise that never settles as leaked, by its context", () => {
    const never = new Promise<never>(() => undefined);
    void runtime.debuggablePromise(never, "pin: never settles");
    const [leaks, message] = runtime.leakedPromises();
    expect(leaks.has(never)).toBe(true);
    expect(message).toContain("still active\nat the time that the process exited");
    expect(runtime.promiseDebugString(never)).toMatch(/^CONTEXT\(\d+\): pin: never settles\nSTACK_TRACE:\n/);
    expect(runtime.promiseDebugString(never).endsWith(`STACK_TRACE:\n${FRAMELESS_STACK}`)).toBe(true);
  });

  it("fails loudly when the SDK stops exporting debuggablePromise", () => {
    expect(() => {
      installFramelessDebugStacks({});
    }).toThrow("@pulumi/pulumi/runtime/debuggable no longer exports debuggablePromise");
  });
});
