import { describeValue, type OrderWorkflowArgs } from "../components";
import {
  checkCombinations,
  readAlarms,
  readDataProtection,
  readEncryption,
  readExtraTags,
  readFailureQueue,
  readLogging,
  readPaymentSimulation,
  readTrigger,
  readWorkflowType,
} from "./setting-groups";
import { checkRollout, readRollout } from "./rollout-settings";
import { SettingsReader } from "./settings-reader";

export { SETTING_DEFAULTS, SETTING_KEYS, type SettingKey } from "./setting-keys";

/** Args a stack may leave unset: the workflow then goes without the feature. */
type OptionalWorkflowArg =
  "alarmSubscriptions" | "eventPattern" | "rolloutPercentage" | "rolloutIntervalMinutes" | "liveVersion";

/** A stack's settings, resolved and validated: the workflow's name and its component args. */
export interface StackSettings {
  /** `<app>-<env>`: every resource name starts with it. */
  readonly name: string;
  readonly workflow: Required<Omit<OrderWorkflowArgs, OptionalWorkflowArg>> &
    Pick<OrderWorkflowArgs, OptionalWorkflowArg>;
}

/** Stack names become part of AWS resource names. */
const STACK_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export class StackSettingsError extends Error {
  override readonly name = "StackSettingsError";

  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Stack \`${stackName}\` has invalid settings:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
}

/**
 * Resolves and validates a stack's settings from the raw config strings Pulumi hands the program. Every
 * problem is reported at once, before any resource is created.
 * @param project The Pulumi project, the `<app>` of resource names.
 * @param stack The stack, the `<env>` of resource names and the `Environment` tag.
 * @param raw Config values by key without the project prefix; a missing key takes its default.
 */
export function parseStackSettings(
  project: string,
  stack: string,
  raw: Readonly<Record<string, string | undefined>>,
): StackSettings {
  const reader = new SettingsReader(project, raw);
  if (!STACK_NAME_PATTERN.test(stack)) {
    reader.report(
      `The stack name ${describeValue(stack)} must be lowercase letters, digits or '-', starting with a letter or digit: it becomes part of every resource name.`,
    );
  }
  const workflow = {
    ...readLogging(reader),
    ...readPaymentSimulation(reader),
    ...readDataProtection(reader),
    ...readWorkflowType(reader),
    ...readEncryption(reader),
    ...readFailureQueue(reader),
    ...readAlarms(reader),
    ...readTrigger(reader),
    ...readRollout(reader),
  };
  const extraTags = readExtraTags(reader);
  checkCombinations(reader, workflow);
  checkRollout(reader, workflow);

  if (reader.problems.length > 0) throw new StackSettingsError(stack, reader.problems);
  return {
    name: `${project}-${stack}`,
    workflow: { ...workflow, tags: { ...extraTags, Application: project, Environment: stack } },
  };
}
