import { runSynth, parseSynthArgs } from "../../local/commands/synth-report/cli";

const STACKS = ["dev", "prod"];

test.each([
  [["--stack", "dev"], { stack: "dev" }],
  [["--stack=prod", "--out", "snapshots/prod"], { stack: "prod", out: "snapshots/prod" }],
  [["--out=out dir", "--stack", "dev"], { stack: "dev", out: "out dir" }],
])("reads %j", (argv, expected) => {
  expect(parseSynthArgs(argv, STACKS)).toEqual(expected);
});

test.each([
  [[], "Missing --stack <env>; stacks: dev, prod."],
  [["--stack", "qa"], 'Unknown stack "qa" for --stack; stacks: dev, prod.'],
  [["--stack"], "Option --stack needs a value: --stack <env>."],
  [["--stack", "--out", "x"], "Option --stack needs a value: --stack <env>."],
  [["--stack", "dev", "--stack", "prod"], "Option --stack is given twice; give it once."],
  [["--stak", "dev"], "Unknown option --stak; options: --stack <env>, --out <dir>."],
  [["-s", "dev"], 'Unexpected argument "-s"; options: --stack <env>, --out <dir>.'],
  [["--stack", "dev", "extra"], 'Unexpected argument "extra"; options: --stack <env>, --out <dir>.'],
])("fails when given %j", (argv, message) => {
  expect(() => parseSynthArgs(argv, STACKS)).toThrow(message);
});

test("fails with exit code 2 and one line on stderr naming the stack and the allowed ones", async () => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runSynth(["--stack", "staging"], {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
  });
  expect({ code, stdout, stderr }).toEqual({
    code: 2,
    stdout: [],
    stderr: ['synth: Unknown stack "staging" for --stack; stacks: dev, prod.\n'],
  });
});
