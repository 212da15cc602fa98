import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { STATE_MACHINE_ALIAS_ARN } from "./alias-start-policy";
import {
  assertLiveVersion,
  assertRolloutValues,
  type Rollout,
  rolloutConflicts,
  rolloutMinutes,
  rolloutOf,
  type RolloutType,
  rolloutWithoutAlarms,
} from "./rollout";
import { assertArnWhenKnown, assertResourceName, assertTags, STATE_MACHINE_ARN } from "./validation";

/** The alias every producer starts. */
export const LIVE_ALIAS_NAME = "live";
/** The alias's logical id in its CloudFormation template. */
export const LIVE_ALIAS_LOGICAL_ID = "LiveAlias";

export interface LiveAliasArgs {
  /** The state machine the alias belongs to. */
  readonly stateMachineArn: pulumi.Input<string>;
  /** The version the alias moves to: the one this deploy published (`<state machine ARN>:<n>`). */
  readonly stateMachineVersionArn: pulumi.Input<string>;
  /**
   * What that version runs, such as its definition's digest, for the alias's description, which CloudFormation
   * and DescribeStateMachineAlias show. @default nothing said of it
   */
  readonly versionDescription?: pulumi.Input<string>;
  /** How the alias moves to a new version. @default "ALL_AT_ONCE" */
  readonly rolloutType?: RolloutType;
  /** The share of executions each increment moves, 1 to 99; CANARY and LINEAR only. @default none */
  readonly rolloutPercentage?: number;
  /** Minutes between increments, 1 to 2100; CANARY and LINEAR only. @default none */
  readonly rolloutIntervalMinutes?: number;
  /**
   * The alarms that move the alias back to the previous version when one fires during a rollout. They are
   * given as resources, not names, so the template names each by its real name and the stack waits for them:
   * CloudWatch treats an alarm that does not exist as OK, and the rollout would then go on unwatched.
   * @default none, which only an ALL_AT_ONCE rollout accepts
   */
  readonly alarms?: readonly aws.cloudwatch.MetricAlarm[];
  /**
   * A version number to pin the alias to instead: a rollback by hand. It moves all at once and watches no
   * alarm, since the alarms that called for the rollback may well still be firing. @default the published version
   */
  readonly liveVersion?: number;
  /** Tags for the CloudFormation stack. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Minutes added to the longest shift the settings allow before Pulumi stops waiting for the stack: for
 * CloudFormation's own work and the alarms' evaluation of the last increment.
 */
const STACK_WAIT_MARGIN_MINUTES = 30;

/** CloudFormation stack names allow 128 characters. @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html */
const MAX_NAME_LENGTH = 128;

/** The rollout as CloudFormation's DeploymentPreference takes it, and the alarm names it watches. */
export interface AliasTemplateRefs {
  readonly stateMachineVersionArn: string;
  readonly rollout: Rollout;
  readonly alarmNames: readonly string[];
  readonly description: string;
}

/**
 * The template of the stack that holds the alias: one `AWS::StepFunctions::StateMachineAlias` whose
 * DeploymentPreference moves it to the version, and the alias ARN as the output `AliasArn` (`Ref` of an alias
 * returns its ARN, `<state machine ARN>:<alias name>`). Alarms are left out when there are none: CloudFormation
 * takes 1 to 100 of them.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachinealias.html#aws-resource-stepfunctions-statemachinealias-return-values
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export function aliasTemplate(refs: AliasTemplateRefs): Record<string, unknown> {
  const { rollout } = refs;
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "The live alias of a Step Functions state machine, managed by its Pulumi stack.",
    Resources: {
      [LIVE_ALIAS_LOGICAL_ID]: {
        Type: "AWS::StepFunctions::StateMachineAlias",
        Properties: {
          Name: LIVE_ALIAS_NAME,
          Description: refs.description,
          DeploymentPreference: {
            StateMachineVersionArn: refs.stateMachineVersionArn,
            Type: rollout.type,
            ...(rollout.percentage === undefined ? {} : { Percentage: rollout.percentage }),
            ...(rollout.intervalMinutes === undefined ? {} : { Interval: rollout.intervalMinutes }),
            ...(refs.alarmNames.length === 0 ? {} : { Alarms: [...refs.alarmNames] }),
          },
        },
      },
    },
    Outputs: { AliasArn: { Description: "The live alias's ARN", Value: { Ref: LIVE_ALIAS_LOGICAL_ID } } },
  };
}

/** How the alias reaches the version, in its description; descriptions allow 256 characters. */
function describeRollout(
  rollout: Rollout,
  liveVersion: number | undefined,
  versionDescription: string | undefined,
  watched: boolean,
): string {
  const start = "Every producer starts this alias.";
  if (liveVersion !== undefined) return `${start} Pinned to version ${liveVersion} by hand: a rollback.`;
  const runs = versionDescription === undefined ? "" : ` Newest version: ${versionDescription}.`;
  const shift =
    rollout.type === "CANARY"
      ? `${rollout.percentage} percent for ${rollout.intervalMinutes} minutes, then the rest`
      : rollout.type === "LINEAR"
        ? `${rollout.percentage} percent more every ${rollout.intervalMinutes} minutes`
        : "all at once";
  const rollback = watched ? ", rolled back if an alarm fires" : "";
  return `${start} Each published version reaches it ${shift}${rollback}.${runs}`;
}

/**
 * The live alias of a state machine, in a CloudFormation stack of its own, because CloudFormation's
 * DeploymentPreference is what shifts executions to a new version gradually and moves them back by itself when
 * an alarm fires; the stack update then fails (UPDATE_ROLLBACK_COMPLETE), so does this resource's update, and
 * `pulumi up` ends with an error. `aws.sfn.Alias` is not used: it sets fixed routing weights only, with no shift
 * over time, no alarms and no rollback, which the deploy workflow would then have to do itself.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export class LiveAlias extends pulumi.ComponentResource {
  /** `<state machine ARN>:live`, from the stack's `AliasArn` output. */
  public readonly aliasArn: pulumi.Output<string>;
  /** The version the alias is moved to: the published one, or the pinned `liveVersion`. */
  public readonly targetVersionArn: pulumi.Output<string>;

  constructor(name: string, args: LiveAliasArgs, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:stepfunctions:LiveAlias", name, {}, opts);
    assertResourceName("name", name, MAX_NAME_LENGTH);
    assertArnWhenKnown("stateMachineArn", args.stateMachineArn, STATE_MACHINE_ARN);
    const { rollout, liveVersion, alarms } = resolveArgs(args);
    const tags = assertTags("tags", args.tags ?? {});

    this.targetVersionArn =
      liveVersion === undefined
        ? pulumi.output(args.stateMachineVersionArn)
        : pulumi.interpolate`${args.stateMachineArn}:${liveVersion}`;
    const templateBody = pulumi
      .all([this.targetVersionArn, alarms.map((alarm) => alarm.name), pulumi.output(args.versionDescription)])
      .apply(([stateMachineVersionArn, alarmNames, versionDescription]) =>
        JSON.stringify(
          aliasTemplate({
            stateMachineVersionArn,
            rollout,
            alarmNames,
            description: describeRollout(rollout, liveVersion, versionDescription, alarmNames.length > 0),
          }),
        ),
      );
    // Pulumi waits for the stack while CloudFormation shifts: long enough for the slowest shift the settings
    // allow, or a healthy rollout would be reported as failed, and left running, when the wait ran out.
    const wait = `${rolloutMinutes(rollout) + STACK_WAIT_MARGIN_MINUTES}m`;
    const stack = new aws.cloudformation.Stack(
      name,
      { name, templateBody, tags },
      { parent: this, dependsOn: [...alarms], customTimeouts: { create: wait, update: wait } },
    );
    this.aliasArn = stack.outputs.apply((outputs) => aliasArnOf(name, outputs));
    this.registerOutputs({ aliasArn: this.aliasArn, targetVersionArn: this.targetVersionArn });
  }
}

/** The rollout the alias moves by: the settings', or all at once without alarms for a pinned version. */
function resolveArgs(args: LiveAliasArgs): {
  readonly rollout: Rollout;
  readonly liveVersion: number | undefined;
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
} {
  const rollout = rolloutOf(args);
  assertRolloutValues(rollout);
  const alarms = args.alarms ?? [];
  const [conflict] = [
    ...rolloutConflicts(rollout),
    ...(alarms.length > 0 ? [] : [rolloutWithoutAlarms(rollout, "at least one of `alarms`, received none")]),
  ].filter((problem) => problem !== undefined);
  if (conflict !== undefined) throw new Error(conflict);
  if (args.liveVersion === undefined) return { rollout, liveVersion: undefined, alarms };
  const liveVersion = assertLiveVersion("liveVersion", args.liveVersion);
  return { rollout: { type: "ALL_AT_ONCE" }, liveVersion, alarms: [] };
}

function aliasArnOf(name: string, outputs: Readonly<Record<string, string>> | undefined): string {
  const arn = outputs?.AliasArn;
  if (arn === undefined || !STATE_MACHINE_ALIAS_ARN.pattern.test(arn)) {
    throw new Error(
      `The stack ${name} gave no alias ARN as its AliasArn output; it gave ${JSON.stringify(outputs)}.`,
    );
  }
  return arn;
}
