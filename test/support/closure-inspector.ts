import type { Session } from "node:inspector";

/** The SDK module that opens an inspector session for closure serialization. */
const V8_HOOKS = "@pulumi/pulumi/runtime/closure/v8Hooks";

/** What the tests read of it: its declaration file marks this @internal and leaves it out. */
interface V8Hooks {
  getSessionAsync(): Promise<Session>;
}

/**
 * Ends the inspector session that Pulumi's closure serializer opens with `Debugger.enable`, the first time a test
 * file serializes a function, and never closes. The session belongs to the jest worker process, not to the file:
 * left open, every later file in that worker runs with V8's debugger on, which turns off V8's compilation cache
 * and reports each script it compiles to the session. In a full run that cost about 5 CPU-seconds (34.5 against
 * 40.0 without the one file that serializes a function, when that file costs under 1). A disconnected session's
 * agents are disabled, so V8 runs as it did before: V8's `Debug::UpdateState` (src/debug/debug.cc) disables the
 * script compilation cache while a debugger is attached and enables it again when the last one goes.
 * @see https://nodejs.org/api/inspector.html#sessiondisconnect
 * @see https://chromium.googlesource.com/v8/v8/+/refs/heads/main/src/debug/debug.cc
 */
export async function endClosureInspectorSession(): Promise<Session> {
  const session = await jest.requireActual<V8Hooks>(V8_HOOKS).getSessionAsync();
  session.disconnect();
  return session;
}
