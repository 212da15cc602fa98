#!/usr/bin/env node
// `npm test`: typecheck, lint, format check and jest, each part timed. By default the parts share the two cores
// (jest leaves one partly idle while its suites wait on worker threads and child processes); `--serial` runs them
// one at a time, so that each part's own time can be read. The last line is jest's "tests: N passed, N failed",
// which CI reads. `--cold` first removes the caches the parts write inside the clone (jest's transforms, prettier's
// cache, the syntheses, bundles and Lambda archives under node_modules/.cache), so that a run on a used clone
// does the work CI's fresh clone does.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { CACHE_DIR } from "../local/commands/launch.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const PRETTIER_CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "prettier");
/** A package's command, from its own package.json `bin`, run by this Node (the node@24 devDependency under npm). */
function bin(pkg, name = pkg) {
  const dir = path.join(ROOT, "node_modules", pkg);
  const { bin: entries } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  return path.join(dir, typeof entries === "string" ? entries : entries[name]);
}

// The processes and the parts each runs. Typecheck and lint are one process because they share one TypeScript
// program (scripts/static-checks.mjs, which reports each part's time and status on its last line). Prettier's cache
// is inside the clone, so CI's fresh clone starts without it (and pays nothing measurable for writing it); it spares
// repeated local runs the files that have not changed.
const PROCESSES = {
  static: {
    args: [path.join(ROOT, "scripts", "static-checks.mjs"), "--timings"],
    parts: ["typecheck", "lint"],
  },
  format: {
    args: [
      bin("prettier"),
      "--check",
      "--cache",
      "--cache-location",
      path.join(PRETTIER_CACHE_DIR, ".prettier-cache"),
      "--log-level",
      "warn",
      ".",
    ],
    parts: ["format"],
  },
  // V8 flags for jest's processes (its workers inherit them, and the Lambda worker threads share them): no
  // optimizing compilers. Test code runs a few times and is thrown away with its file's module registry, so the
  // optimizing tiers (Maglev, TurboFan) cost more, on the machine's two cores, than their code ever repays: on a
  // fresh clone jest took 32.5 / 33.7 s and 56 / 58 CPU-s with them, 28.4 / 29.6 s and 48 / 50 CPU-s without.
  // The static checks keep them: TypeScript's checker is one long run that they do speed up.
  jest: { args: ["--no-opt", "--no-maglev", bin("jest")], parts: ["jest"] },
};
const PARTS = Object.values(PROCESSES).flatMap((entry) => entry.parts);
// Which processes run side by side: each inner list runs in order, the lists at the same time.
const SIDE_BY_SIDE = [["jest"], ["static", "format"]];
const SUMMARY = /^tests: \d+ passed, \d+ failed$/m;
const STATIC_TIMINGS = /^static-checks: (\{.*\})\n?/m;

const FLAGS = ["--serial", "--cold"];
/** What the parts cache inside the clone: jest's (jest.config.js), prettier's (above) and the project's own. */
const { cacheDirectory: JEST_CACHE_DIR } = createRequire(import.meta.url)("../jest.config.js");
const CACHES = [JEST_CACHE_DIR.replace("<rootDir>", ROOT), PRETTIER_CACHE_DIR, CACHE_DIR];

const args = process.argv.slice(2);
const unknown = args.filter((arg) => !FLAGS.includes(arg));
if (unknown.length > 0) {
  console.error(`scripts/test.mjs: unknown argument ${unknown.join(" ")}; allowed: ${FLAGS.join(", ")}.`);
  process.exit(2);
}
if (args.includes("--cold")) for (const dir of CACHES) rmSync(dir, { recursive: true, force: true });
const lanes = args.includes("--serial")
  ? [[...SIDE_BY_SIDE.flat()].sort((a) => (a === "jest" ? 1 : -1))]
  : SIDE_BY_SIDE;

const started = performance.now();
const results = new Map();
let summary;

function runProcess(name) {
  return new Promise((resolve) => {
    const begin = performance.now();
    const live = name === "jest";
    const child = spawn(process.execPath, PROCESSES[name].args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      if (live) process.stdout.write(chunk);
      else output += chunk;
      const match = SUMMARY.exec(String(chunk));
      if (live && match) summary = match[0];
    });
    child.stderr.on("data", (chunk) => {
      if (live) process.stderr.write(chunk);
      else output += chunk;
    });
    child.on("close", (code) => {
      const seconds = (performance.now() - begin) / 1000;
      const { parts } = PROCESSES[name];
      const timings = parts.length > 1 ? STATIC_TIMINGS.exec(output) : null;
      if (timings) {
        output = output.replace(STATIC_TIMINGS, "");
        for (const [part, result] of Object.entries(JSON.parse(timings[1]))) {
          results.set(part, { code: result.status, seconds: result.seconds });
        }
      } else if (parts.length > 1) {
        // Stopped before its report (a crash): each of its parts fails, timed as the whole process.
        for (const part of parts)
          results.set(part, { code: code === 0 ? 1 : code, seconds, unreported: true });
      } else {
        results.set(name, { code, seconds });
      }
      if (!live && output.trim() !== "") process.stderr.write(`\n[${parts.join(" + ")}]\n${output}`);
      resolve(code === 0);
    });
  });
}

async function runLane(lane) {
  let ok = true;
  for (const name of lane) ok = (await runProcess(name)) && ok;
  return ok;
}

const ok = (await Promise.all(lanes.map(runLane))).every(Boolean);
const total = (performance.now() - started) / 1000;
const mode = [lanes.length === 1 ? "serial" : "side by side", ...(args.includes("--cold") ? ["cold"] : [])];
console.log(`\nnpm test (${mode.join(", ")}), seconds:`);
for (const name of PARTS) {
  const result = results.get(name);
  const status =
    result.code === 0 ? "ok" : `failed (exit ${result.code}${result.unreported ? ", no report" : ""})`;
  console.log(`  ${name.padEnd(10)} ${result.seconds.toFixed(1).padStart(5)}  ${status}`);
}
console.log(`  ${"total".padEnd(10)} ${total.toFixed(1).padStart(5)}`);
if (summary !== undefined) console.log(summary);
process.exit(ok ? 0 : 1);
