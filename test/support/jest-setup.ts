// Loaded by jest before every test file (jest.config.js `setupFiles`); never by the program or the commands.
import { deferredModule } from "./deferred-module";
import { installFramelessDebugStacks } from "./frameless-debug-stacks";

const DEBUGGABLE = "@pulumi/pulumi/runtime/debuggable";

/** Set while the factory below loads the module, which requires itself back through its own imports. */
let loading = false;

// Installed when a test file first loads @pulumi/pulumi, not before each one: the module alone loads gRPC,
// protobuf, semver and OpenTelemetry (about 190 modules, a tenth of a CPU-second), which most test files never
// use. An explicit mock applies to every require that resolves to the file, @pulumi/pulumi's own `./debuggable`
// included, and this factory hands out the module object itself, not a copy: the SDK calls debuggablePromise
// through that object. A require of it from inside its own loading (runtime/settings.js, say) gets the module
// object as it is so far, as it would in Node, and sees the wrapper once the outer call installs it.
jest.mock(DEBUGGABLE, () => {
  if (loading) return jest.requireActual<Record<string, unknown>>(DEBUGGABLE);
  loading = true;
  try {
    const debuggable = jest.requireActual<Record<string, unknown>>(DEBUGGABLE);
    installFramelessDebugStacks(debuggable);
    return debuggable;
  } finally {
    loading = false;
  }
});

const TYPESCRIPT_SHIM = "@pulumi/pulumi/typescript-shim";
const ARBORIST = "@npmcli/arborist";
const AUTOMATION = "@pulumi/pulumi/automation";

// Loaded when first used, not when the SDK loads (test/support/deferred-module.ts).
jest.mock(TYPESCRIPT_SHIM, () => deferredModule(() => jest.requireActual<object>(TYPESCRIPT_SHIM)));
jest.mock(ARBORIST, () => deferredModule(() => jest.requireActual<object>(ARBORIST), "namespace"));
jest.mock(AUTOMATION, () => deferredModule(() => jest.requireActual<object>(AUTOMATION), "namespace"));
