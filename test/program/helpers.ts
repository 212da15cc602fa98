import type { CapturedResource } from "../../local/pulumi-mocks";
import { synthesize, type Synthesis } from "../../local/synth";

/** The stacks of this project, as Pulumi.<stack>.yaml files declare them. */
export const STACKS = ["dev", "prod"] as const;
export type StackName = (typeof STACKS)[number];

/** Where the mocks pretend to deploy (MOCK_ACCOUNT_ID; aws:region of both stack files). */
export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export const TYPES = {
  workflow: "order-workflow:index:OrderWorkflow",
  bundledFunction: "order-workflow:lambda:BundledFunction",
  loggedStateMachine: "order-workflow:stepfunctions:LoggedStateMachine",
  table: "aws:dynamodb/table:Table",
  topic: "aws:sns/topic:Topic",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  function: "aws:lambda/function:Function",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
} as const;

/** The functions of the workflow, by the suffix of their names. */
export const FUNCTIONS = ["validate-order", "authorize-payment"] as const;

export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** The one resource with this type and logical name; fails when there is none or more than one. */
export function single(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
  const matches = resources.filter((resource) => resource.type === type && resource.name === name);
  const [match] = matches;
  if (match === undefined || matches.length > 1) {
    throw new Error(`Expected exactly one ${type} named ${name}; found ${matches.length}.`);
  }
  return match;
}

/** Parses a JSON input; fails when the input is not a string. */
export function parseJson(value: unknown, what: string): unknown {
  if (typeof value !== "string") throw new Error(`${what} is not a JSON string.`);
  return JSON.parse(value) as unknown;
}

/** Synthesizes every stack in one process; `synthesize` drains its RPCs, so the stacks stay apart. */
export async function synthesizeStacks(): Promise<ReadonlyMap<StackName, Synthesis>> {
  const synths = new Map<StackName, Synthesis>();
  for (const stack of STACKS) {
    synths.set(stack, await synthesize(stack));
  }
  return synths;
}

/** The synthesis of one stack from {@link synthesizeStacks}, once `beforeAll` has run. */
export function synthOf(synths: ReadonlyMap<StackName, Synthesis> | undefined, stack: StackName): Synthesis {
  const found = synths?.get(stack);
  if (found === undefined) throw new Error(`No synthesis for ${stack}.`);
  return found;
}
