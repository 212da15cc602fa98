import { IDEMPOTENCY_ERRORS } from "../../components/order-definition";
import {
  INVALID_PAYMENT_REQUEST_ERROR,
  PAYMENT_DECLINED_ERROR,
} from "../../functions/authorize-payment/errors";
import { CONFIGURATION_ERROR } from "../../functions/shared/errors";
import {
  integrationOfTask,
  retrierFor,
  taskRetriesOf,
  type TaskRetries,
} from "../../local/commands/bench/task-retries";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import { raisedErrorNames, transientAwsErrors } from "../../local/engine/aws-errors";
import { SUPPORTED_INTEGRATIONS } from "../../local/engine/task-plan";

/**
 * ASL's predefined error names. Retry and Catch may name them whatever the integration.
 * @see https://states-language.net/spec.html#appendix-a
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
const STATES_ERRORS = [
  "States.ALL",
  "States.HeartbeatTimeout",
  "States.Timeout",
  "States.TaskFailed",
  "States.Permissions",
  "States.ResultPathMatchFailure",
  "States.ParameterPathFailure",
  "States.QueryEvaluationError",
  "States.BranchFailed",
  "States.NoChoiceMatched",
  "States.IntrinsicFailure",
  "States.ExceedToleratedFailureThreshold",
  "States.ItemReaderFailed",
  "States.ResultWriterFailed",
];

/**
 * The errors the project's functions throw by name: Step Functions reports a function's error by its errorType.
 * The authorize function's include the two Powertools Idempotency lets out of the handler: an invocation for the
 * same order in progress, and a failing idempotency table (the others it handles itself).
 * @see node_modules/@aws-lambda-powertools/idempotency/lib/cjs/errors.js
 */
const FUNCTION_ERRORS = [
  PAYMENT_DECLINED_ERROR,
  INVALID_PAYMENT_REQUEST_ERROR,
  CONFIGURATION_ERROR,
  ...IDEMPOTENCY_ERRORS,
];

/**
 * What is wrong with the Retry and Catch fields of a deployed definition's Task states: a name AWS never raises
 * for the state's integration (nor ASL, nor the project's functions), or an error the service documents as
 * transient that the state's retriers do not retry (the first retrier matching its name has no attempts).
 */
function retrierProblems(definition: string): string[] {
  const problems: string[] = [];
  for (const task of taskRetriesOf({ definition } as Parameters<typeof taskRetriesOf>[0]).values()) {
    const integration = SUPPORTED_INTEGRATIONS.find((candidate) => candidate === integrationOfTask(task));
    if (integration === undefined) {
      problems.push(`\`${task.stateName}\` calls ${integrationOfTask(task)}, which has no error table`);
      continue;
    }
    const raised = [
      ...STATES_ERRORS,
      ...raisedErrorNames(integration),
      ...(integration === "lambda:invoke" ? FUNCTION_ERRORS : []),
    ];
    for (const [field, names] of namesOf(task)) {
      for (const name of names.filter((each) => !raised.includes(each))) {
        problems.push(`\`${task.stateName}\` ${field} names ${name}, which ${integration} never raises`);
      }
    }
    for (const error of transientAwsErrors(integration)) {
      const retrier = retrierFor(task, error.stepFunctionsError);
      if (retrier === undefined || retrier.maxAttempts === 0) {
        problems.push(
          `\`${task.stateName}\` does not retry ${error.stepFunctionsError} (${integration}'s transient ${error.code})`,
        );
      }
    }
  }
  return problems;
}

function namesOf(task: TaskRetries): [string, readonly string[]][] {
  return [
    ...task.retriers.map((retrier, index): [string, readonly string[]] => [
      `Retry[${index}]`,
      retrier.errorEquals,
    ]),
    ...task.catchers.map((catcher, index): [string, readonly string[]] => [
      `Catch[${index}]`,
      catcher.errorEquals,
    ]),
  ];
}

type Definition = { States: Record<string, { Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[] }> };

let definitions: Record<"dev" | "prod", string>;

beforeAll(async () => {
  // One stack at a time: a synthesis runs the program under Pulumi's process-wide mocks.
  const dev = await cachedSynthesis("dev");
  const prod = await cachedSynthesis("prod");
  definitions = { dev: dev.deployment.definition, prod: prod.deployment.definition };
});

test.each(["dev", "prod"] as const)(
  "%s: every Retry and Catch names only errors AWS raises, and retries every transient one",
  (stack) => {
    expect(retrierProblems(definitions[stack])).toEqual([]);
  },
);

/** The dev definition with one state's retriers changed. */
function withRetry(
  stateName: string,
  change: (retry: { ErrorEquals: string[]; MaxAttempts?: number }[]) => void,
): string {
  const definition = JSON.parse(definitions.dev) as Definition;
  const retry = definition.States[stateName]?.Retry;
  if (retry === undefined) throw new Error(`\`${stateName}\` has no Retry`);
  change(retry);
  return JSON.stringify(definition);
}

test("fails when the Lambda retrier leaves out ClientExecutionTimeoutException", () => {
  const broken = withRetry("ValidateOrder", (retry) => {
    const [lambda] = retry;
    if (lambda === undefined) throw new Error("no retrier");
    lambda.ErrorEquals = lambda.ErrorEquals.filter(
      (name) => name !== "Lambda.ClientExecutionTimeoutException",
    );
  });
  expect(retrierProblems(broken)).toEqual([
    "`ValidateOrder` does not retry Lambda.ClientExecutionTimeoutException (lambda:invoke's transient ClientExecutionTimeoutException)",
  ]);
});

test("fails when a retrier names an error AWS never raises for the integration", () => {
  const broken = withRetry("NotifyAuthorized", (retry) => {
    retry.unshift({
      ErrorEquals: ["SNS.ThrottledException", "DynamoDB.InternalServerError"],
      MaxAttempts: 2,
    });
  });
  expect(retrierProblems(broken)).toEqual([
    "`NotifyAuthorized` Retry[0] names SNS.ThrottledException, which sns:publish never raises",
    "`NotifyAuthorized` Retry[0] names DynamoDB.InternalServerError, which sns:publish never raises",
  ]);
});

test("fails when the payment step retries a Powertools error the handler never lets out", () => {
  const broken = withRetry("AuthorizePayment", (retry) => {
    retry.push({ ErrorEquals: ["IdempotencyItemAlreadyExistsError"], MaxAttempts: 2 });
  });
  expect(retrierProblems(broken)).toEqual([
    "`AuthorizePayment` Retry[3] names IdempotencyItemAlreadyExistsError, which lambda:invoke never raises",
  ]);
});

test("fails when DynamoDB's retrier lists the codes instead of the names AWS reports", () => {
  const broken = withRetry("PersistAuthorized", (retry) => {
    retry.splice(1, 1, {
      ErrorEquals: ["DynamoDB.InternalServerError", "DynamoDB.RequestLimitExceeded"],
      MaxAttempts: 4,
    });
  });
  const problems = retrierProblems(broken);
  expect(problems.slice(0, 3)).toEqual([
    "`PersistAuthorized` Retry[1] names DynamoDB.InternalServerError, which dynamodb:putItem never raises",
    "`PersistAuthorized` Retry[1] names DynamoDB.RequestLimitExceeded, which dynamodb:putItem never raises",
    "`PersistAuthorized` does not retry DynamoDB.InternalServerErrorException (dynamodb:putItem's transient InternalServerError)",
  ]);
  expect(problems).toContain(
    "`PersistAuthorized` does not retry DynamoDB.RequestLimitExceededException (dynamodb:putItem's transient RequestLimitExceeded)",
  );
});

test("fails when a transient error is kept from the retrier by a MaxAttempts 0 retrier before it", () => {
  const broken = withRetry("PersistAuthorized", (retry) => {
    retry[0]?.ErrorEquals.push("DynamoDB.ThrottlingException");
  });
  expect(retrierProblems(broken)).toEqual([
    "`PersistAuthorized` does not retry DynamoDB.ThrottlingException (dynamodb:putItem's transient ThrottlingException)",
  ]);
});
