import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import * as sqs from "@pulumi/aws/sqs";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { describe } from "./describe";
import { field, isRecord, type Props } from "./props";

/**
 * What a document governs, which decides what `"Resource": "*"` means in it:
 * - `identity`: what a role, user or group may do; `"*"` is every resource in the account.
 * - `trust`: who may assume a role; it has no Resource.
 * - `resource`: who may use a queue or topic.
 * - `kms-key`: who may use a KMS key; there `"*"` means "this key".
 *   https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 */
export type DocumentKind = "identity" | "trust" | "resource" | "kms-key";

/** A policy document found in a resource's props. */
export interface DocumentSource {
  /** Where it sits in the props, as a violation names it: `policy`, `inlinePolicies[0].policy`. */
  readonly property: string;
  readonly kind: DocumentKind;
  /** A JSON string, or an object where the SDK accepts a `PolicyDocument`. */
  readonly value: unknown;
}

type ResourceClass = Parameters<ResourceValidationArgs["isType"]>[0];

/** Every resource type through which the program can create a policy document, and the props that hold it. */
const DOCUMENT_PROPERTIES: readonly {
  readonly resource: ResourceClass;
  readonly property: string;
  readonly kind: DocumentKind;
}[] = [
  { resource: iam.RolePolicy, property: "policy", kind: "identity" },
  { resource: iam.Policy, property: "policy", kind: "identity" },
  { resource: iam.Role, property: "assumeRolePolicy", kind: "trust" },
  { resource: sqs.Queue, property: "policy", kind: "resource" },
  { resource: sqs.QueuePolicy, property: "policy", kind: "resource" },
  { resource: sns.Topic, property: "policy", kind: "resource" },
  { resource: sns.TopicPolicy, property: "policy", kind: "resource" },
  { resource: kms.Key, property: "policy", kind: "kms-key" },
  { resource: kms.KeyPolicy, property: "policy", kind: "kms-key" },
];

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/**
 * The policy documents a resource carries; empty for a type that holds none or a resource that sets none.
 * `undefined` when the type can never hold one, so a rule can say it does not apply.
 */
export function policyDocumentsOf(
  args: Pick<ResourceValidationArgs, "isType" | "props">,
): DocumentSource[] | undefined {
  const props: Props = args.props;
  const entries = DOCUMENT_PROPERTIES.filter((entry) => args.isType(entry.resource));
  if (entries.length === 0) return undefined;
  const documents: DocumentSource[] = entries
    .map(({ property, kind }) => ({ property, kind, value: props[property] }))
    .filter((document) => isPresent(document.value));
  if (args.isType(iam.Role)) {
    // A role's inline policies are identity policies embedded in the role.
    const inline = props.inlinePolicies;
    if (Array.isArray(inline)) {
      inline.forEach((entry: unknown, index) => {
        const value = field(entry, "policy");
        if (isPresent(value)) {
          documents.push({ property: `inlinePolicies[${index}].policy`, kind: "identity", value });
        }
      });
    }
  }
  return documents;
}

/** One statement of a document, with where it is for violation messages. */
export interface PolicyStatement {
  /** `` `policy` Statement[1] (Sid "Logs") `` */
  readonly where: string;
  readonly fields: Props;
}

/** A document's statements, or none and the one line saying why it is not a policy document. */
export interface ParsedDocument {
  readonly statements: readonly PolicyStatement[];
  readonly problem: string | undefined;
}

const ALLOWED_SHAPE =
  "allowed: a policy document (a JSON string or an object) whose Statement is a statement object or a list of them";

/** The statements of a document, or one line saying why it is not a policy document. */
export function parseDocument(source: DocumentSource): ParsedDocument {
  let document: unknown = source.value;
  if (typeof document === "string") {
    try {
      document = JSON.parse(document) as unknown;
    } catch {
      return {
        statements: [],
        problem: `\`${source.property}\` is not JSON: received ${describe(source.value)}; ${ALLOWED_SHAPE}.`,
      };
    }
  }
  const statement = field(document, "Statement");
  const list: unknown[] = Array.isArray(statement) ? statement : [statement];
  if (!isRecord(document) || !list.every(isRecord)) {
    return {
      statements: [],
      problem: `\`${source.property}\` has no usable Statement: received ${describe(source.value)}; ${ALLOWED_SHAPE}.`,
    };
  }
  return {
    problem: undefined,
    statements: list.filter(isRecord).map((fields, index) => {
      const sid = fields.Sid;
      const named = typeof sid === "string" && sid !== "" ? ` (Sid ${describe(sid)})` : "";
      return { where: `\`${source.property}\` Statement[${index}]${named}`, fields };
    }),
  };
}

/**
 * Whether a statement grants: anything but an explicit Deny. A Deny only takes access away, so a wildcard in
 * it (such as the `"sqs:*"` AWS recommends denying without TLS) narrows access rather than widening it.
 */
export function grants(statement: PolicyStatement): boolean {
  return statement.fields.Effect !== "Deny";
}

/** A statement element that IAM accepts as a string or a list of strings, as a list; other values quoted. */
export function elementList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.map((entry) => (typeof entry === "string" ? entry : describe(entry)));
}

/**
 * Whether an IAM action pattern (`states:Start*`, `*`) matches an action. Action names are case-insensitive.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export function actionMatches(pattern: string, action: string): boolean {
  const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (char) =>
    char === "*" ? ".*" : char === "?" ? "." : `\\${char}`,
  );
  return new RegExp(`^${body}$`, "i").test(action);
}

/** Whether a granting statement allows an action, through `Action` or through what `NotAction` leaves out. */
export function allowsAction(statement: PolicyStatement, action: string): boolean {
  const { Action: actions, NotAction: notActions } = statement.fields;
  if (elementList(actions).some((pattern) => actionMatches(pattern, action))) return true;
  return (
    notActions !== undefined && !elementList(notActions).some((pattern) => actionMatches(pattern, action))
  );
}
