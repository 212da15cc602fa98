import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { parse } from "yaml";
import { synthesize, type Synthesis } from "../../local/capture/synth";
import { PROJECT_DIR } from "../../local/model/project-dir";
import { buildSynthReport, type SynthReport } from "../../local/commands/synth-report/report";
import { type StackName, STACKS, synthesizeStacks, synthOf } from "../program/helpers";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;
const reports = new Map<StackName, SynthReport>();

beforeAll(async () => {
  // Fresh, not cached: these checks read Pulumi's own asset classes.
  synths = await synthesizeStacks(synthesize);
  for (const stack of STACKS) reports.set(stack, await buildSynthReport(synthOf(synths, stack)));
});

function reportOf(stack: StackName): SynthReport {
  const report = reports.get(stack);
  if (report === undefined) throw new Error(`No report for ${stack}.`);
  return report;
}

const snapshotDir = (stack: StackName) => path.join(PROJECT_DIR, "snapshots", stack);
const regenerate = (stack: StackName) =>
  `run \`npm run synth -- --stack ${stack} --out snapshots/${stack}\` and review the diff`;

/** The first line where two texts part, so the failure says where the program changed. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

describe.each(STACKS)("snapshots/%s", (stack) => {
  test("holds exactly the report's files", () => {
    expect(fs.readdirSync(snapshotDir(stack)).sort()).toEqual(Object.keys(reportOf(stack)).sort());
  });

  test("matches the report the program generates now, file by file", () => {
    const stale = Object.entries(reportOf(stack)).flatMap(([file, generated]) => {
      const committed = fs.readFileSync(path.join(snapshotDir(stack), file), "utf8");
      return committed === generated
        ? []
        : [
            `snapshots/${stack}/${file} is out of date (${firstDifference(committed, generated)}): ${regenerate(stack)}.`,
          ];
    });
    expect(stale).toEqual([]);
  });
});

describe.each(STACKS)("the %s report", (stack) => {
  test("definition.json is the deployed definition, keys sorted, 2-space indent, newline at the end", () => {
    const text = reportOf(stack)["definition.json"];
    const deployed: unknown = JSON.parse(synthOf(synths, stack).deployment.definition);
    expect(JSON.parse(text)).toEqual(deployed);
    expect(text.startsWith('{\n  "Comment": ')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  test("shows each function's archive as the sha256 and size of each file, not its text", () => {
    const synthesis = synthOf(synths, stack);
    const functions = (
      parse(reportOf(stack)["resources.yaml"]) as {
        resources: Record<string, Record<string, { code: unknown }>>;
      }
    ).resources["aws:lambda/function:Function"];
    expect(Object.keys(functions ?? {}).sort()).toEqual(
      synthesis.deployment.functions.map((fn) => fn.name).sort(),
    );
    for (const fn of synthesis.deployment.functions) {
      const expected = Object.fromEntries(
        Object.entries(fn.files).map(([file, text]) => [
          file,
          { bytes: Buffer.byteLength(text), sha256: createHash("sha256").update(text).digest("hex") },
        ]),
      );
      expect(functions?.[fn.name]?.code).toEqual(expected);
    }
  });

  test("holds no absolute path of this checkout", () => {
    for (const text of Object.values(reportOf(stack))) expect(text).not.toContain(PROJECT_DIR);
  });
});
