import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import { PROJECT_DIR } from "../../local/model/project-dir";
import { isRecord } from "../../local/model/json";
import { checkPolicy, type PolicyKind } from "./iam-policy-check";
import { synthesizeVariants, VARIANTS, type VariantSynthesis, variantOf } from "./stack-variants";

/** The input of each resource type the program creates that holds a policy document, and the document's kind. */
const POLICY_INPUTS: Readonly<Record<string, { readonly input: string; readonly kind: PolicyKind }>> = {
  "aws:iam/role:Role": { input: "assumeRolePolicy", kind: "trust" },
  "aws:iam/rolePolicy:RolePolicy": { input: "policy", kind: "identity" },
  "aws:iam/policy:Policy": { input: "policy", kind: "identity" },
  "aws:kms/key:Key": { input: "policy", kind: "key" },
  "aws:sns/topicPolicy:TopicPolicy": { input: "policy", kind: "resource" },
  "aws:sqs/queuePolicy:QueuePolicy": { input: "policy", kind: "resource" },
};

interface PolicyDocument {
  /** `<type> <name>` of the resource, or `docs/aws/<file>`. */
  readonly where: string;
  readonly kind: PolicyKind;
  readonly document: unknown;
}

/** Pulumi passes a policy as the JSON text the program serialized; a component may also pass the object. */
function parsed(value: unknown, where: string): unknown {
  if (typeof value === "string") return JSON.parse(value) as unknown;
  if (isRecord(value)) return value;
  throw new Error(`${where} holds no policy document.`);
}

function stackDocuments(resources: readonly CapturedResource[]): PolicyDocument[] {
  return resources.flatMap((resource) => {
    const holder = POLICY_INPUTS[resource.type];
    if (holder === undefined) return [];
    const where = `${resource.type} ${resource.name}`;
    return [{ where, kind: holder.kind, document: parsed(resource.inputs[holder.input], where) }];
  });
}

/** An IAM policy document, or the JSON text of one: an object with a `Statement`. */
function isPolicyDocument(value: unknown): boolean {
  if (typeof value !== "string") return isRecord(value) && "Statement" in value;
  try {
    return isPolicyDocument(JSON.parse(value));
  } catch {
    return false;
  }
}

/** Inputs holding a policy document that the table does not name, so that none goes unchecked. */
function uncheckedPolicyInputs(resources: readonly CapturedResource[]): string[] {
  return resources.flatMap((resource) =>
    Object.entries(resource.inputs)
      .filter(([input, value]) => POLICY_INPUTS[resource.type]?.input !== input && isPolicyDocument(value))
      .map(([input]) => `${resource.type} ${resource.name} ${input}`),
  );
}

const DOCS_AWS = path.join(PROJECT_DIR, "docs", "aws");

/** docs/aws/*.json: the trust policies of the CI roles, and the permissions the guide attaches to roles. */
function docsDocuments(): PolicyDocument[] {
  return readdirSync(DOCS_AWS)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      where: `docs/aws/${file}`,
      kind: file.endsWith("-trust-policy.json") ? "trust" : "identity",
      document: JSON.parse(readFileSync(path.join(DOCS_AWS, file), "utf8")) as unknown,
    }));
}

/** The documents that have problems, each with its problems. */
async function problemsByDocument(documents: readonly PolicyDocument[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const { where, kind, document } of documents) {
    const problems = await checkPolicy(document, { kind });
    if (problems.length > 0) found[where] = problems;
  }
  return found;
}

/**
 * The problems the stacks and docs/aws have today, as the Service Authorization Reference shows them: each a
 * mistake in the product, listed so that this test passes until it is fixed and fails then, so that the entry
 * is removed. None today; the check found kms:DescribeKey under the encryption-context condition of the key
 * policy's CloudWatch Logs statement, and logs:DescribeLogGroups on log-group ARNs in docs/aws (it takes "*").
 */
const KNOWN_PROBLEMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  dev: {},
  prod: {},
  "dev+EXPRESS": {},
  "prod+EXPRESS": {},
  "docs/aws": {},
};

const devDocuments = (stack: string): string[] => [
  `aws:iam/role:Role order-workflow-${stack}-validate-order-role`,
  `aws:iam/role:Role order-workflow-${stack}-authorize-payment-role`,
  `aws:iam/role:Role order-workflow-${stack}-state-machine-role`,
  `aws:iam/rolePolicy:RolePolicy order-workflow-${stack}-state-machine-policy`,
];

/** Documents each stack creates: prod adds the key, the trigger's role and the topic and queue policies. */
const DOCUMENTS: Readonly<Record<string, readonly string[]>> = {
  dev: devDocuments("dev"),
  prod: [
    ...devDocuments("prod"),
    "aws:iam/role:Role order-workflow-prod-trigger-role",
    "aws:iam/rolePolicy:RolePolicy order-workflow-prod-trigger-start-execution",
    "aws:kms/key:Key order-workflow-prod-key",
    "aws:sns/topicPolicy:TopicPolicy order-workflow-prod-alarms-ops-policy",
    "aws:sqs/queuePolicy:QueuePolicy order-workflow-prod-failures-policy",
  ],
};

let synths: ReadonlyMap<string, VariantSynthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeVariants();
});

describe.each(VARIANTS.map((variant) => [variant.label, variant.stack] as const))("%s", (label, stack) => {
  const documents = () => stackDocuments(variantOf(synths, label).resources);

  test("checks every policy document the stack creates", () => {
    const resources = variantOf(synths, label).resources;
    // The documents named here must be among those checked; any other input holding a policy must be one of
    // the table's, so that a policy the program adds is checked, not skipped.
    expect({
      checked: documents().map((document) => document.where),
      unchecked: uncheckedPolicyInputs(resources),
    }).toEqual({ checked: expect.arrayContaining([...(DOCUMENTS[stack] ?? [])]) as unknown, unchecked: [] });
  });

  test("its policies have only the known problems against AWS's Service Authorization data", async () => {
    expect(await problemsByDocument(documents())).toEqual(KNOWN_PROBLEMS[label]);
  });
});

test("docs/aws policies have only the known problems against AWS's Service Authorization data", async () => {
  const documents = docsDocuments();
  expect(documents.map(({ where, kind }) => `${where} ${kind}`)).toEqual([
    "docs/aws/deploy-dev-role-trust-policy.json trust",
    "docs/aws/deploy-prod-role-trust-policy.json trust",
    "docs/aws/deploy-role-permissions.json identity",
    "docs/aws/preview-role-permissions.json identity",
    "docs/aws/preview-role-trust-policy.json trust",
    "docs/aws/state-bucket-read-write.json identity",
    "docs/aws/state-bucket-read.json identity",
  ]);
  expect(await problemsByDocument(documents)).toEqual(KNOWN_PROBLEMS["docs/aws"]);
});

test("fails when a stack's policy grants an action on a resource of a type the action does not take", async () => {
  const [rolePolicy] = stackDocuments(variantOf(synths, "dev").resources).filter(
    (document) => document.kind === "identity",
  );
  if (rolePolicy === undefined || !isRecord(rolePolicy.document)) throw new Error("dev has no role policy.");
  const statement: unknown = rolePolicy.document.Statement;
  const statements: unknown[] = Array.isArray(statement) ? statement : [];
  const broken = {
    ...rolePolicy,
    document: {
      ...rolePolicy.document,
      Statement: [
        ...statements,
        {
          Sid: "Broken",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sns:us-east-1:123456789012:order-workflow-dev-order-events",
        },
      ],
    },
  };
  expect(await problemsByDocument([broken])).toEqual({
    [rolePolicy.where]: [
      "Statement Broken: sqs:SendMessage on arn:aws:sns:us-east-1:123456789012:order-workflow-dev-order-events: " +
        "sqs:SendMessage takes queue (arn:${Partition}:sqs:${Region}:${Account}:${QueueName}); the ARN is sns topic",
    ],
  });
});

test("fails when a resource holds a policy document under an input the table does not know", () => {
  const resource: CapturedResource = {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: "state",
    inputs: { bucket: "state", policy: '{"Version":"2012-10-17","Statement":[]}' },
    state: {},
  };
  expect(uncheckedPolicyInputs([resource])).toEqual(["aws:s3/bucketPolicy:BucketPolicy state policy"]);
});
