// The SDK and the provider first, as a test of the program loads them (test/support/jest-setup.ts stands the
// deferred modules in before either loads).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import * as pulumi from "@pulumi/pulumi";

import * as aws from "../../components/aws";
import { endClosureInspectorSession } from "./closure-inspector";
import { deferredModule, LOADED } from "./deferred-module";

const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** The SDK's JavaScript files, as paths relative to the package, without its vendored TypeScript. */
function sdkFiles(dir = SDK): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "vendor"].includes(entry.name) ? [] : sdkFiles(full);
    return entry.name.endsWith(".js") ? [path.relative(SDK, full)] : [];
  });
}

/** The SDK's files whose text holds `text`. */
function sdkFilesWith(text: string): string[] {
  return sdkFiles()
    .filter((file) => readFileSync(path.join(SDK, file), "utf8").includes(text))
    .sort();
}

/** Required as jest hands them to the SDK: an import would copy their properties into a namespace, loading them. */
const typescriptShim = (): object => jest.requireMock<object>("@pulumi/pulumi/typescript-shim");
const arborist = (): object => jest.requireMock<object>("@npmcli/arborist");
const automation = (): object => jest.requireMock<object>("@pulumi/pulumi/automation");

/** Pins the internals test/support/deferred-module.ts relies on: an upgrade that moves them fails here. */
describe("modules deferred for the Pulumi SDK under jest", () => {
  it("none loads with the SDK and the provider, nor when resources register under mocks", async () => {
    await pulumi.runtime.setMocks({
      newResource: (args) => ({
        id: `${args.name}-id`,
        state: { ...(args.inputs as Record<string, unknown>), arn: `arn:${args.name}` },
      }),
      call: () => ({}),
    });
    const topic = new aws.sns.Topic("topic");
    await new Promise<string>((resolve) => topic.arn.apply(resolve));
    expect(
      [typescriptShim(), arborist(), automation()].map((module): unknown => Reflect.get(module, LOADED)),
    ).toEqual([false, false, false]);
  });

  it("TypeScript loads when Pulumi parses a function, and closure serialization still works", async () => {
    const answer = 42;
    let serialized: pulumi.runtime.SerializedFunction;
    try {
      serialized = await pulumi.runtime.serializeFunction(() => answer);
    } finally {
      const session = await endClosureInspectorSession();
      expect(() => {
        session.post("Debugger.enable");
      }).toThrow("Session is not connected");
    }
    expect(Reflect.get(typescriptShim(), LOADED)).toBe(true);
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

  it("enables V8's debugger only in the closure hooks whose session the tests end", () => {
    expect(sdkFilesWith('"Debugger.enable"')).toEqual(["runtime/closure/v8Hooks.js"]);
    expect(readFileSync(path.join(SDK, "runtime/closure/v8Hooks.js"), "utf8")).toContain(
      "exports.getSessionAsync = getSessionAsync;",
    );
  });

  it("reaches TypeScript only through the shim, but for a function that resolves its path", () => {
    // tsutils.js requires it inside typeScriptRequireStrings, which only the language host's program runner calls.
    expect(sdkFilesWith('require("typescript")')).toEqual(["tsutils.js", "typescript-shim.js"]);
  });

  it("imports @npmcli/arborist in one file, as a namespace whose only export read is Arborist", () => {
    const file = "runtime/closure/codePaths.js";
    expect(sdkFilesWith('require("@npmcli/arborist")')).toEqual([file]);
    const text = readFileSync(path.join(SDK, file), "utf8");
    expect(text).toContain('const arborist = __importStar(require("@npmcli/arborist"));');
    expect([...new Set(text.match(/\barborist\.\w+/g))]).toEqual(["arborist.Arborist"]);
  });

  it("hands codePaths the real Arborist when it reads it", () => {
    const real = jest.requireActual<{ Arborist: unknown }>("@npmcli/arborist");
    expect(Reflect.get(arborist(), "Arborist")).toBe(real.Arborist);
    expect(Reflect.get(arborist(), LOADED)).toBe(true);
  });

  it("imports the Automation API in one file, index.js, as the namespace `pulumi.automation`", () => {
    expect(sdkFilesWith('require("./automation")')).toEqual(["index.js"]);
    const text = readFileSync(path.join(SDK, "index.js"), "utf8");
    expect(text).toContain('const automation = __importStar(require("./automation"));');
    expect(text).toContain("exports.automation = automation;");
  });

  it("hands the real Automation API out when it is read", () => {
    const real = jest.requireActual<{ LocalWorkspace: unknown }>("@pulumi/pulumi/automation");
    expect(pulumi.automation.LocalWorkspace).toBe(real.LocalWorkspace);
    expect(Reflect.get(automation(), LOADED)).toBe(true);
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

  it("answers __esModule without loading as a namespace, and reads it through otherwise", () => {
    const load = jest.fn(() => ({ Arborist: "class" }));
    expect(Reflect.get(deferredModule(load, "namespace"), "__esModule")).toBe(true);
    expect(load).not.toHaveBeenCalled();
    expect(Reflect.get(deferredModule(load), "__esModule")).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
