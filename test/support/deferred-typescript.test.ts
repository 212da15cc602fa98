// The SDK and the provider first, as a test of the program loads them (test/support/jest-setup.ts stands the
// deferred module in for the shim before either loads).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import * as aws from "../../components/aws";
import * as pulumi from "@pulumi/pulumi";

import { deferredModule, LOADED } from "./deferred-typescript";

const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** The SDK's JavaScript files, as paths relative to the package, without its vendored TypeScript. */
function sdkFiles(dir = SDK): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "vendor"].includes(entry.name) ? [] : sdkFiles(full);
    return entry.name.endsWith(".js") ? [path.relative(SDK, full)] : [];
  });
}

/** Required as jest hands it to the SDK: an import would copy its properties into a namespace, loading it. */
const loaded = (): unknown => Reflect.get(jest.requireMock<object>("@pulumi/pulumi/typescript-shim"), LOADED);

/** Pins the internals test/support/deferred-typescript.ts relies on: an upgrade that moves them fails here. */
describe("TypeScript deferred for the Pulumi SDK under jest", () => {
  it("is not loaded by loading the SDK and the provider and registering resources under mocks", async () => {
    await pulumi.runtime.setMocks({
      newResource: (args) => ({
        id: `${args.name}-id`,
        state: { ...(args.inputs as Record<string, unknown>), arn: `arn:${args.name}` },
      }),
      call: () => ({}),
    });
    const topic = new aws.sns.Topic("topic");
    await new Promise<string>((resolve) => topic.arn.apply(resolve));
    expect(loaded()).toBe(false);
  });

  it("loads when Pulumi parses a function, and closure serialization still works", async () => {
    const answer = 42;
    const serialized = await pulumi.runtime.serializeFunction(() => answer);
    expect(loaded()).toBe(true);
    expect(serialized.exportName).toBe("handler");
    expect(serialized.text).toBe(
      [
        "exports.handler = __f0;",
        "",
        "function __f0() {",
        "  return (function() {",
        "    with({ answer: 42, this: undefined, arguments: undefined }) {",
        "",
        "return () => answer;",
        "",
        "    }",
        "  }).apply(undefined, undefined).apply(this, arguments);",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("reaches TypeScript only through the shim, but for a function that resolves its path", () => {
    const direct = sdkFiles().filter((file) =>
      readFileSync(path.join(SDK, file), "utf8").includes('require("typescript")'),
    );
    // tsutils.js requires it inside typeScriptRequireStrings, which only the language host's program runner calls.
    expect(direct.sort()).toEqual(["tsutils.js", "typescript-shim.js"]);
  });
});

describe("deferredModule", () => {
  it("calls its loader once, on the first read of a property, and then reads through", () => {
    const load = jest.fn(() => ({ version: "5.9.3", parse: (text: string) => text.length }));
    const module = deferredModule(load) as { version: string; parse: (text: string) => number };
    expect(load).not.toHaveBeenCalled();
    expect(Reflect.get(module, LOADED)).toBe(false);
    expect(module.version).toBe("5.9.3");
    expect(module.parse("abc")).toBe(3);
    expect(Reflect.get(module, LOADED)).toBe(true);
    expect(Object.keys(module)).toEqual(["version", "parse"]);
    expect("parse" in module).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
