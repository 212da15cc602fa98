/**
 * `@pulumi/pulumi` requires TypeScript (a 9 MB module) when it loads, through `typescript-shim.js`, only to parse
 * functions it serializes into a closure (`pulumi.runtime.serializeFunction`, `aws.lambda.CallbackFunction`).
 * This program ships its functions as esbuild bundles and serializes none, yet under jest every test file that
 * loads the SDK paid for TypeScript again in its own module registry: 37 test files. test/support/jest-setup.ts
 * stands this proxy in for the shim, so TypeScript loads the first time a property of it is read, which Pulumi
 * does only inside the functions that parse. Real `pulumi up` and `pulumi preview` runs never load this file.
 * test/support/deferred-typescript.test.ts fails when an upgrade of @pulumi/pulumi moves what this relies on.
 */

/** Read through the proxy, says whether the module behind it has loaded, without loading it. */
export const LOADED = Symbol.for("order-workflow.deferred-typescript.loaded");

/** A stand-in for the module `load` returns, which calls `load` once, on the first read of any property. */
export function deferredModule(load: () => object): object {
  let loaded: object | undefined;
  const target = (): object => (loaded ??= load());
  return new Proxy(
    {},
    {
      get: (_stub, key): unknown => (key === LOADED ? loaded !== undefined : Reflect.get(target(), key)),
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
