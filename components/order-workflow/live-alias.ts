import type * as pulumi from "@pulumi/pulumi";
import { LiveAlias } from "../live-alias";
import type { LoggedStateMachine } from "../logged-state-machine";
import type { WorkflowAlarms } from "../workflow-alarms";
import type { OrderWorkflowSettings } from "./args";

/** The name of the workflow's live alias, which names its CloudFormation stack: `<name>-live-alias`. */
export function liveAliasNameOf(name: string): string {
  return `${name}-live-alias`;
}

/**
 * The alias every producer starts, moved to each version the deploy publishes as the settings say, and rolled
 * back by the workflow's rollout alarms when there are alarms: a gradual rollout is refused without them.
 */
export function createLiveAlias(
  parent: pulumi.Resource,
  name: string,
  settings: OrderWorkflowSettings,
  stateMachine: LoggedStateMachine,
  alarms: WorkflowAlarms | undefined,
): LiveAlias {
  return new LiveAlias(
    liveAliasNameOf(name),
    {
      stateMachineArn: stateMachine.stateMachineArn,
      stateMachineVersionArn: stateMachine.stateMachineVersionArn,
      versionDescription: stateMachine.versionDescription,
      rolloutType: settings.rolloutType,
      ...(settings.rolloutPercentage === undefined ? {} : { rolloutPercentage: settings.rolloutPercentage }),
      ...(settings.rolloutIntervalMinutes === undefined
        ? {}
        : { rolloutIntervalMinutes: settings.rolloutIntervalMinutes }),
      alarms: alarms === undefined ? [] : Object.values(alarms.rolloutAlarms),
      ...(settings.liveVersion === undefined ? {} : { liveVersion: settings.liveVersion }),
      tags: settings.tags,
    },
    { parent },
  );
}
