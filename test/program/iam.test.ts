import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import type { Synthesis } from "../../local/capture/synth";
import { deriveExecutionPolicy, type ExecutionPolicyOptions } from "../../components/asl/execution-policy";
import type { StateMachineDefinition, TaskState } from "../../components/asl/types";
import {
  arnsOf,
  FUNCTIONS,
  ofType,
  parseJson,
  prefix,
  PROD_KEY_ARN,
  single,
  type StackName,
  STACKS,
  synthesizeStacks,
  synthOf,
  TYPES,
} from "./helpers";
import { thrownBy } from "./thrown";

let synths: ReadonlyMap<StackName, Synthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeStacks();
});

const synth = (stack: StackName) => synthOf(synths, stack);
const arns = arnsOf;

const LOG_DELIVERY = {
  Sid: "CloudWatchLogsDelivery",
  Effect: "Allow",
  Action: [
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
  ],
  Resource: "*",
};

const XRAY = {
  Sid: "XRayTracing",
  Effect: "Allow",
  Action: [
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
  ],
  Resource: "*",
};

function expectedPolicy(stack: StackName): unknown {
  const arn = arns(stack);
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "DynamodbPutItem", Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: [arn.table] },
      {
        Sid: "LambdaInvoke",
        Effect: "Allow",
        Action: ["lambda:InvokeFunction"],
        Resource: [arn.authorize, arn.validate],
      },
      { Sid: "SnsPublish", Effect: "Allow", Action: ["sns:Publish"], Resource: [arn.topic] },
      // prod captures its failed executions with an EventBridge rule: its definition sends nothing to the queue.
      ...(stack === "dev"
        ? [{ Sid: "SqsSendMessage", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [arn.queue] }]
        : []),
      // Only prod's resources are under a customer-managed key; AWS-managed keys need no grant.
      ...(stack === "prod"
        ? [
            {
              Sid: "KmsDataKeys",
              Effect: "Allow",
              Action: ["kms:Decrypt", "kms:GenerateDataKey"],
              Resource: [PROD_KEY_ARN],
            },
          ]
        : []),
      LOG_DELIVERY,
      ...(stack === "prod" ? [XRAY] : []),
    ],
  };
}

interface Statement {
  readonly Sid: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}

function stateMachinePolicy(stack: StackName): CapturedResource {
  return single(synth(stack).resources, TYPES.rolePolicy, `${prefix(stack)}-state-machine-policy`);
}

function statementsOf(stack: StackName): Statement[] {
  const document = parseJson(stateMachinePolicy(stack).inputs.policy, "policy") as { Statement: Statement[] };
  return document.Statement;
}

const asList = (value: string | readonly string[]): readonly string[] =>
  typeof value === "string" ? [value] : value;

/** Every resource a Task state names, found by walking the deployed definition (Parallel and Map included). */
function namedResources(definition: unknown): string[] {
  const found: string[] = [];
  const walk = (machine: unknown) => {
    const states = (machine as { States: Record<string, Record<string, unknown>> }).States;
    for (const state of Object.values(states)) {
      if (state.Type === "Task") {
        const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
        for (const key of ["FunctionName", "TopicArn", "TableName", "QueueUrl"]) {
          const value = parameters[key];
          if (typeof value === "string") found.push(value);
        }
      }
      if (state.Type === "Parallel") for (const branch of state.Branches as unknown[]) walk(branch);
      if (state.Type === "Map") walk(state.ItemProcessor);
    }
  };
  walk(definition);
  return found;
}

describe.each(STACKS)("stack %s: state machine role", (stack) => {
  const name = prefix(stack);

  test("trusts only Step Functions acting for this account", () => {
    const role = single(synth(stack).resources, TYPES.role, `${name}-state-machine-role`);
    expect(parseJson(role.inputs.assumeRolePolicy, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "states.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    });
  });

  test("has exactly the derived inline policy, on the exact table, function, topic, queue and key ARNs", () => {
    const policy = stateMachinePolicy(stack);
    expect(policy.inputs.role).toBe(`${name}-state-machine-role-id`);
    expect(policy.inputs.name).toBe(`${name}-state-machine-policy`);
    expect(parseJson(policy.inputs.policy, "policy")).toEqual(expectedPolicy(stack));
  });

  test("grants on the ARNs the mocks gave the table, the functions, the topic, the queue and the key", () => {
    const resources = synth(stack).resources;
    const actual = [
      single(resources, TYPES.table, `${name}-orders`),
      single(resources, TYPES.function, `${name}-validate-order`),
      single(resources, TYPES.function, `${name}-authorize-payment`),
      single(resources, TYPES.topic, `${name}-order-events`),
      single(resources, TYPES.queue, `${name}-failures`),
      ...(stack === "prod" ? [single(resources, TYPES.kmsKey, `${name}-key`)] : []),
    ].map((resource) => resource.state.arn);
    const arn = arns(stack);
    expect(actual).toEqual([
      arn.table,
      arn.validate,
      arn.authorize,
      arn.topic,
      arn.queue,
      ...(stack === "prod" ? [PROD_KEY_ARN] : []),
    ]);
  });

  test("allows no action with a wildcard", () => {
    const actions = statementsOf(stack).flatMap((statement) => asList(statement.Action));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => action.includes("*"))).toEqual([]);
  });

  test("uses Resource * only for log delivery and X-Ray", () => {
    const wildcards = statementsOf(stack)
      .filter((statement) => asList(statement.Resource).includes("*"))
      .map((statement) => statement.Sid);
    expect(wildcards).toEqual(
      stack === "prod" ? ["CloudWatchLogsDelivery", "XRayTracing"] : ["CloudWatchLogsDelivery"],
    );
  });

  test("grants on every resource the deployed definition names", () => {
    const definition = parseJson(synth(stack).deployment.definition, "definition");
    const arn = arns(stack);
    const named = [...new Set(namedResources(definition))].sort();
    // The definition names the table by name and the queue by URL: neither API takes an ARN.
    const queueNamed = stack === "dev" ? [arn.queueUrl] : [];
    expect(named).toEqual([arn.authorize, arn.validate, arn.topic, `${name}-orders`, ...queueNamed].sort());
    const table = single(synth(stack).resources, TYPES.table, `${name}-orders`);
    const queue = single(synth(stack).resources, TYPES.queue, `${name}-failures`);
    const arnsNamed = named.map((resource) =>
      resource === table.inputs.name
        ? String(table.state.arn)
        : resource === queue.state.url
          ? String(queue.state.arn)
          : resource,
    );
    const queueArn = stack === "dev" ? [arn.queue] : [];
    expect(arnsNamed.sort()).toEqual([arn.authorize, arn.validate, arn.topic, arn.table, ...queueArn].sort());
    const granted = statementsOf(stack).flatMap((statement) => asList(statement.Resource));
    for (const resource of arnsNamed) expect(granted).toContain(resource);
  });
});

describe.each(STACKS)("stack %s: function roles", (stack) => {
  const functionRoles = (resources: readonly CapturedResource[]) =>
    ofType(resources, TYPES.function).map((fn) => {
      const [role, ...others] = ofType(resources, TYPES.role).filter(
        (candidate) => candidate.state.arn === fn.inputs.role,
      );
      if (role === undefined || others.length > 0) throw new Error(`No single role for ${fn.name}.`);
      return role;
    });

  test("are the roles named after the functions", () => {
    expect(functionRoles(synth(stack).resources).map((role) => role.name)).toEqual(
      FUNCTIONS.map((fn) => `${prefix(stack)}-${fn}-role`),
    );
  });

  test.each(FUNCTIONS)("%s's role trusts only Lambda", (fn) => {
    const role = single(synth(stack).resources, TYPES.role, `${prefix(stack)}-${fn}-role`);
    expect(parseJson(role.inputs.assumeRolePolicy, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
  });

  test("each has exactly one attachment, of AWSLambdaBasicExecutionRole", () => {
    const resources = synth(stack).resources;
    for (const role of functionRoles(resources)) {
      const attachments = ofType(resources, TYPES.rolePolicyAttachment).filter(
        (attachment) => attachment.inputs.role === role.inputs.name,
      );
      expect(attachments.map((attachment) => attachment.inputs)).toEqual([
        {
          role: role.inputs.name,
          policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        },
      ]);
    }
    // And no attachment on any other role.
    expect(ofType(resources, TYPES.rolePolicyAttachment)).toHaveLength(FUNCTIONS.length);
  });

  test("have no inline policy but the authorize function's, on its idempotency table only", () => {
    const resources = synth(stack).resources;
    const validateRole = single(resources, TYPES.role, `${prefix(stack)}-validate-order-role`);
    const roleRefs = [validateRole.state.id, validateRole.state.name, validateRole.state.arn];
    const policyRoles = ofType(resources, TYPES.rolePolicy).map((policy) => policy.inputs.role);
    // The state machine's role, the authorize function's and, in prod, the trigger's have one each.
    expect(policyRoles.sort()).toEqual(
      [
        `${prefix(stack)}-state-machine-role-id`,
        `${prefix(stack)}-authorize-payment-role-id`,
        ...(stack === "prod" ? [`${prefix(stack)}-trigger-role-id`] : []),
      ].sort(),
    );
    for (const ref of roleRefs) expect(policyRoles).not.toContain(ref);
    const authorizePolicy = single(resources, TYPES.rolePolicy, `${prefix(stack)}-authorize-payment-policy`);
    const table = single(resources, TYPES.table, `${prefix(stack)}-idempotency`);
    expect(parseJson(authorizePolicy.inputs.policy, "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "IdempotencyRecords",
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
          Resource: [table.state.arn],
        },
      ],
    });
  });
});

describe("deriveExecutionPolicy", () => {
  const LAMBDA = "arn:aws:states:::lambda:invoke";
  const PUT_ITEM = "arn:aws:states:::dynamodb:putItem";
  const GET_ITEM = "arn:aws:states:::dynamodb:getItem";
  const PUBLISH = "arn:aws:states:::sns:publish";
  const FN_A = "arn:aws:lambda:eu-west-1:111122223333:function:a";
  const FN_B = "arn:aws:lambda:eu-west-1:111122223333:function:b";
  const TOPIC = "arn:aws:sns:eu-west-1:111122223333:events";
  const TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
  const AUDIT = "arn:aws:dynamodb:eu-west-1:111122223333:table/audit";
  const NONE: ExecutionPolicyOptions = { resourceArns: {}, logging: false, tracing: false };

  const lambdaOnly: StateMachineDefinition = {
    StartAt: "Call",
    States: { Call: { Type: "Task", Resource: LAMBDA, Parameters: { FunctionName: FN_A }, End: true } },
  };

  test("grants one Lambda function exactly", () => {
    expect(deriveExecutionPolicy(lambdaOnly, NONE)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "LambdaInvoke", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [FN_A] },
      ],
    });
  });

  test("grants nothing for a definition without Task states", () => {
    const definition: StateMachineDefinition = { StartAt: "Done", States: { Done: { Type: "Succeed" } } };
    expect(deriveExecutionPolicy(definition, NONE)).toEqual({ Version: "2012-10-17", Statement: [] });
  });

  test("adds log delivery, then X-Ray, when the state machine logs and traces", () => {
    expect(deriveExecutionPolicy(lambdaOnly, { resourceArns: {}, logging: true, tracing: true })).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "LambdaInvoke", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [FN_A] },
        LOG_DELIVERY,
        XRAY,
      ],
    });
  });

  test("adds KmsDataKeys on the keys, sorted, after the Task statements and before log delivery", () => {
    const keys = [
      "arn:aws:kms:eu-west-1:111122223333:key/bbbb",
      "arn:aws:kms:eu-west-1:111122223333:key/aaaa",
    ];
    expect(
      deriveExecutionPolicy(lambdaOnly, {
        resourceArns: {},
        logging: true,
        tracing: false,
        kmsKeyArns: keys,
      }),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "LambdaInvoke", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [FN_A] },
        {
          Sid: "KmsDataKeys",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: [keys[1], keys[0]],
        },
        LOG_DELIVERY,
      ],
    });
  });

  test("adds no KmsDataKeys statement for an empty list of keys", () => {
    expect(
      deriveExecutionPolicy(lambdaOnly, { resourceArns: {}, logging: false, tracing: false, kmsKeyArns: [] }),
    ).toEqual(deriveExecutionPolicy(lambdaOnly, NONE));
  });

  test("unions Task states of Parallel branches and Map processors, sorted and without duplicates", () => {
    const definition: StateMachineDefinition = {
      StartAt: "First",
      States: {
        First: { Type: "Task", Resource: LAMBDA, Parameters: { FunctionName: FN_B }, Next: "Fan" },
        Fan: {
          Type: "Parallel",
          Branches: [
            {
              StartAt: "Notify",
              States: {
                Notify: { Type: "Task", Resource: PUBLISH, Parameters: { TopicArn: TOPIC }, End: true },
              },
            },
            {
              StartAt: "Save",
              States: {
                Save: {
                  Type: "Task",
                  Resource: PUT_ITEM,
                  Parameters: { TableName: "orders" },
                  Next: "Again",
                },
                Again: { Type: "Task", Resource: LAMBDA, Parameters: { FunctionName: FN_B }, End: true },
              },
            },
          ],
          Next: "Each",
        },
        Each: {
          Type: "Map",
          ItemProcessor: {
            StartAt: "Read",
            States: {
              Read: { Type: "Task", Resource: GET_ITEM, Parameters: { TableName: "audit" }, Next: "Inner" },
              Inner: { Type: "Task", Resource: LAMBDA, Parameters: { FunctionName: FN_A }, End: true },
            },
          },
          End: true,
        },
      },
    };
    const options = { resourceArns: { orders: TABLE, audit: AUDIT }, logging: true, tracing: false };
    expect(deriveExecutionPolicy(definition, options)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "DynamodbGetItem", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [AUDIT] },
        { Sid: "DynamodbPutItem", Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: [TABLE] },
        { Sid: "LambdaInvoke", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [FN_A, FN_B] },
        { Sid: "SnsPublish", Effect: "Allow", Action: ["sns:Publish"], Resource: [TOPIC] },
        LOG_DELIVERY,
      ],
    });
  });

  const task = (state: Pick<TaskState, "Resource" | "Parameters">): StateMachineDefinition => ({
    StartAt: "Step",
    States: { Step: { Type: "Task", End: true, ...state } },
  });

  test.each<[string, StateMachineDefinition, ExecutionPolicyOptions, string]>([
    [
      "fails when a Task state uses a resource the integration table does not know",
      task({ Resource: "arn:aws:states:::glue:startJobRun", Parameters: { JobName: "j" } }),
      NONE,
      "Task state `Step` uses resource `arn:aws:states:::glue:startJobRun`, which the integration table does not know; known: lambda:invoke, dynamodb:putItem, dynamodb:getItem, dynamodb:updateItem, dynamodb:deleteItem, sns:publish, sqs:sendMessage.",
    ],
    [
      "fails when a Task state names a Lambda function ARN as its resource",
      task({ Resource: FN_A }),
      NONE,
      `Task state \`Step\` uses resource \`${FN_A}\`, which the integration table does not know; known: lambda:invoke, dynamodb:putItem, dynamodb:getItem, dynamodb:updateItem, dynamodb:deleteItem, sns:publish, sqs:sendMessage.`,
    ],
    [
      "fails when a Task state waits for a task token (an integration pattern the table does not know)",
      task({ Resource: `${LAMBDA}.waitForTaskToken`, Parameters: { FunctionName: FN_A } }),
      NONE,
      `Task state \`Step\` uses resource \`${LAMBDA}.waitForTaskToken\`, which the integration table does not know; known: lambda:invoke, dynamodb:putItem, dynamodb:getItem, dynamodb:updateItem, dynamodb:deleteItem, sns:publish, sqs:sendMessage.`,
    ],
    [
      "fails when FunctionName.$ takes the function from a path",
      task({ Resource: LAMBDA, Parameters: { "FunctionName.$": "$.fn" } }),
      NONE,
      "Task state `Step` takes `FunctionName` from a path, so its IAM resource cannot be derived; name the resource in `FunctionName` directly.",
    ],
    [
      "fails when TableName.$ takes the table from a path",
      task({ Resource: PUT_ITEM, Parameters: { "TableName.$": "$.table", Item: {} } }),
      { resourceArns: { orders: TABLE }, logging: false, tracing: false },
      "Task state `Step` takes `TableName` from a path, so its IAM resource cannot be derived; name the resource in `TableName` directly.",
    ],
    [
      "fails when a table name has no ARN in resourceArns (none known)",
      task({ Resource: PUT_ITEM, Parameters: { TableName: "orders", Item: {} } }),
      NONE,
      "Task state `Step` names `orders` in `TableName`, which has no ARN in `resourceArns`; known: none.",
    ],
    [
      "fails when a table name has no ARN in resourceArns (others known)",
      task({ Resource: PUT_ITEM, Parameters: { TableName: "orders", Item: {} } }),
      { resourceArns: { audit: AUDIT, archive: TABLE }, logging: false, tracing: false },
      "Task state `Step` names `orders` in `TableName`, which has no ARN in `resourceArns`; known: audit, archive.",
    ],
    [
      "fails when a Task state has no Parameters",
      task({ Resource: LAMBDA }),
      NONE,
      "Task state `Step` has no `Parameters.FunctionName`; lambda:invoke needs one.",
    ],
    [
      "fails when Parameters lack the resource field",
      task({ Resource: PUBLISH, Parameters: { Message: "hello" } }),
      NONE,
      "Task state `Step` has no `Parameters.TopicArn`; sns:publish needs one.",
    ],
    [
      "fails when the resource field is empty",
      task({ Resource: LAMBDA, Parameters: { FunctionName: "" } }),
      NONE,
      "Task state `Step` has no `Parameters.FunctionName`; lambda:invoke needs one.",
    ],
  ])("%s", (_name, definition, options, message) => {
    expect(thrownBy(() => deriveExecutionPolicy(definition, options))).toEqual({
      type: Error,
      name: "Error",
      message,
    });
  });

  test("fails when a Task state inside a Parallel branch cannot be derived, naming that state", () => {
    const definition: StateMachineDefinition = {
      StartAt: "Fan",
      States: {
        Fan: {
          Type: "Parallel",
          Branches: [
            {
              StartAt: "Nested",
              States: {
                Nested: {
                  Type: "Task",
                  Resource: LAMBDA,
                  Parameters: { "FunctionName.$": "$.fn" },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    };
    expect(thrownBy(() => deriveExecutionPolicy(definition, NONE))).toEqual({
      type: Error,
      name: "Error",
      message:
        "Task state `Nested` takes `FunctionName` from a path, so its IAM resource cannot be derived; name the resource in `FunctionName` directly.",
    });
  });
});
