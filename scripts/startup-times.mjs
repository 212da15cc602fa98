#!/usr/bin/env node
// `npm run startup-times [-- --runs N]`: how long `npm start -- --help` and `npm start -- --fast` take to start.
// For each, the median over N runs (5 unless told) of the wall time from spawning npm to the command's first
// line of output, and to its exit. The first line of `--help` is the help; the first of `--fast` is the one
// that announces the executions, written as the first of them starts, so that figure is the start-up cost and
// the rest up to the exit is the executions'. Each is measured
//   warm:          as it runs day to day, bundle and compile cache in place;
//   cold cache:    with Node's compile cache cleared before each run;
//   cold rebuild:  with the whole launcher cache cleared, so the bundle is built as well.
// Figures only: the machine's load moves them, so nothing here passes or fails on time.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

import { CACHE_DIR, COMPILE_CACHE_DIR } from "../local/commands/launch.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const CASES = [["--help"], ["--fast"]];
const MODES = {
  warm: () => undefined,
  "cold cache": () => rmSync(COMPILE_CACHE_DIR, { recursive: true, force: true }),
  "cold rebuild": () => rmSync(CACHE_DIR, { recursive: true, force: true }),
};

function parseRuns(argv) {
  if (argv.length === 0) return 5;
  const runs = Number(argv[1]);
  if (argv[0] !== "--runs" || argv.length !== 2 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(
      `startup-times: unexpected arguments ${JSON.stringify(argv)}; allowed: --runs <n>\n`,
    );
    process.exit(2);
  }
  return runs;
}

/** npm as the developer runs it; under `npm run` the same npm that runs this script. */
function npm(args) {
  const cli = process.env.npm_execpath;
  return cli === undefined
    ? spawn("npm", args, { cwd: ROOT, shell: process.platform === "win32" })
    : spawn(process.execPath, [cli, ...args], { cwd: ROOT });
}

/** Seconds from spawn to the first line that is not npm's own `> script` banner, and to the exit. */
function timeOnce(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = npm(["start", "--", ...args]);
    let firstLine;
    let output = "";
    const onData = (chunk) => {
      output += chunk.toString();
      if (
        firstLine === undefined &&
        output
          .split("\n")
          .slice(0, -1)
          .some((line) => !/^(> .*)?$/.test(line))
      ) {
        firstLine = (performance.now() - started) / 1000;
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      const exit = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`npm start -- ${args.join(" ")} exited with ${code}:\n${output}`));
      else resolve({ firstLine: firstLine ?? exit, exit });
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (value) => `${value.toFixed(2)} s`;

async function main() {
  const runs = parseRuns(process.argv.slice(2));
  console.log(`Median of ${runs} runs, seconds from spawning npm (min–max in brackets).`);
  for (const args of CASES) {
    console.log(`\nnpm start -- ${args.join(" ")}`);
    console.log(`  ${"".padEnd(14)}${"to first line".padEnd(26)}to exit`);
    for (const [mode, prepare] of Object.entries(MODES)) {
      const times = [];
      // One unmeasured run first, so that "warm" starts warm and the others start from the same state.
      if (mode === "warm") await timeOnce(args);
      for (let run = 0; run < runs; run++) {
        prepare();
        times.push(await timeOnce(args));
      }
      const figure = (key) => {
        const values = times.map((time) => time[key]);
        return `${seconds(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;
      };
      console.log(`  ${mode.padEnd(14)}${figure("firstLine").padEnd(26)}${figure("exit")}`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`startup-times: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
