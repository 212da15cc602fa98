/**
 * Modules `@pulumi/pulumi` requires when it loads for features this program never uses:
 * - TypeScript (9 MB), through `typescript-shim.js`, to parse the functions closure serialization serializes
 *   (`pulumi.runtime.serializeFunction`, `aws.lambda.CallbackFunction`; the functions here are esbuild bundles);
 * - `@npmcli/arborist` (about 500 modules: pacote, sigstore, cacache...), in `runtime/closure/codePaths.js`, to
 *   find the packages a serialized function needs;
 * - the Automation API (`pulumi.automation`: js-yaml, execa, about 80 modules), which drives the CLI.
 * Under jest every test file that loads the SDK (37 of them) evaluated them again in its own module registry: in
 * plain Node the SDK loads in 575 ms of CPU with them and 167 ms without; under jest, after a worker's first file,
 * V8's compilation cache brings a reload of them down to about 30 ms. test/support/jest-setup.ts stands a proxy in
 * for each, so the module loads the first time a property of it is read, which Pulumi does only inside the
 * functions that use it. Real `pulumi up` and `pulumi preview` runs never load this file.
 * test/support/deferred-modules.test.ts fails when an upgrade of @pulumi/pulumi moves what this relies on.
 */

/** Read through the proxy, says whether the module behind it has loaded, without loading it. */
export const LOADED = Symbol.for("order-workflow.deferred-module.loaded");

/**
 * A stand-in for the module `load` returns, which calls `load` once, on the first read of any property.
 * `interop: "namespace"` answers `__esModule` with true without loading: TypeScript's `__importStar` then hands
 * the proxy itself to the module that imports it (for a CommonJS module it would copy every property, loading it),
 * which is right only where that module reads named exports, never `default`.
 */
export function deferredModule(load: () => object, interop: "none" | "namespace" = "none"): object {
  let loaded: object | undefined;
  const target = (): object => (loaded ??= load());
  return new Proxy(
    {},
    {
      get: (_stub, key): unknown => {
        if (key === LOADED) return loaded !== undefined;
        if (key === "__esModule" && interop === "namespace") return true;
        return Reflect.get(target(), key);
      },
      has: (_stub, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      // Each reported property is configurable, as a proxy of a non-extensible stub must report them.
      getOwnPropertyDescriptor: (_stub, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
    },
  );
}
