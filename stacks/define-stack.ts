import type * as pulumi from "@pulumi/pulumi";
import { OrderWorkflow } from "../components";
import type { StackSettings } from "./settings";

/** The stack outputs, as `index.ts` exports them. */
export interface StackOutputs {
  readonly stateMachineArn: pulumi.Output<string>;
  /** The version this deploy published; the live alias moves to it (or stays pinned by `liveVersion`). */
  readonly stateMachineVersionArn: pulumi.Output<string>;
  /** What every producer starts: the trigger, the recover command, the operator. Never the unqualified ARN. */
  readonly liveAliasArn: pulumi.Output<string>;
  readonly stateMachineName: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly topicArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly validateFunctionName: pulumi.Output<string>;
  readonly authorizeFunctionName: pulumi.Output<string>;
  readonly failureQueueUrl: pulumi.Output<string>;
  /** The managed policy an account administrator attaches to the on-call role. */
  readonly operatorPolicyArn: pulumi.Output<string>;
}

/** Everything one stack deploys. */
export function defineStack(settings: StackSettings): StackOutputs {
  const workflow = new OrderWorkflow(settings.name, settings.workflow);
  return {
    stateMachineArn: workflow.stateMachineArn,
    stateMachineVersionArn: workflow.stateMachineVersionArn,
    liveAliasArn: workflow.liveAliasArn,
    stateMachineName: workflow.stateMachineName,
    tableName: workflow.tableName,
    topicArn: workflow.topicArn,
    logGroupName: workflow.logGroupName,
    validateFunctionName: workflow.validateFunctionName,
    authorizeFunctionName: workflow.authorizeFunctionName,
    failureQueueUrl: workflow.failureQueueUrl,
    operatorPolicyArn: workflow.operatorPolicyArn,
  };
}
