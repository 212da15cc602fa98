import * as pulumi from "@pulumi/pulumi";
import type { OrderWorkflowArgs } from "./args";
import { createDataStores } from "./data-stores";
import { createFunctions } from "./functions";
import { createOperations } from "./operations";
import { resolveSettings } from "./settings";
import { createStateMachine } from "./state-machine";

/**
 * The tutorial's order-processing workflow: an Orders table, an order-events topic, the validate and
 * authorize functions, and a logged state machine whose definition is generated from their ARNs and whose
 * execution role is derived from that definition.
 */
export class OrderWorkflow extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly stateMachineName: pulumi.Output<string>;
  /** The version this deploy published, `<state machine ARN>:<n>`. */
  public readonly stateMachineVersionArn: pulumi.Output<string>;
  /** The alias every producer starts, `<state machine ARN>:live`. */
  public readonly liveAliasArn: pulumi.Output<string>;
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;
  public readonly topicArn: pulumi.Output<string>;
  public readonly failureQueueUrl: pulumi.Output<string>;
  public readonly failureQueueArn: pulumi.Output<string>;
  /** The customer-managed key's ARN, or undefined with AWS-managed keys. */
  public readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** The operations topic the alarms notify, or undefined without alarms. */
  public readonly opsTopicArn: pulumi.Output<string | undefined>;
  /** The EventBridge rule that starts executions, or undefined without a trigger. */
  public readonly triggerRuleArn: pulumi.Output<string | undefined>;
  /** The EventBridge rule that sends failed executions to the failure queue, or undefined without one. */
  public readonly failureCaptureRuleArn: pulumi.Output<string | undefined>;
  /** The managed policy that lets on-call read, redrive and restart executions and read the failure queue. */
  public readonly operatorPolicyArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly validateFunctionName: pulumi.Output<string>;
  public readonly authorizeFunctionName: pulumi.Output<string>;
  public readonly definitionJson: pulumi.Output<string>;
  public readonly policyJson: pulumi.Output<string>;

  constructor(name: string, args: OrderWorkflowArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("order-workflow:index:OrderWorkflow", name, {}, opts);
    const settings = resolveSettings(name, args);

    const stores = createDataStores(this, name, settings);
    const functions = createFunctions(this, name, settings, stores);
    const stateMachine = createStateMachine(this, name, settings, stores, functions);
    const { alarms, trigger, failureCapture, operatorPolicy, liveAlias } = createOperations(
      this,
      name,
      settings,
      {
        stores,
        functions,
        stateMachine,
      },
    );

    this.stateMachineArn = stateMachine.stateMachineArn;
    this.stateMachineName = stateMachine.stateMachineName;
    this.stateMachineVersionArn = stateMachine.stateMachineVersionArn;
    this.liveAliasArn = liveAlias.aliasArn;
    this.tableName = stores.table.name;
    this.tableArn = stores.table.arn;
    this.topicArn = stores.topic.arn;
    this.failureQueueUrl = stores.failureQueue.url;
    this.failureQueueArn = stores.failureQueue.arn;
    this.kmsKeyArn = pulumi.output(stores.keyArn);
    this.opsTopicArn = pulumi.output(alarms?.opsTopicArn);
    this.triggerRuleArn = pulumi.output(trigger?.ruleArn);
    this.failureCaptureRuleArn = pulumi.output(failureCapture?.ruleArn);
    this.operatorPolicyArn = operatorPolicy.arn;
    this.logGroupName = stateMachine.logGroupName;
    this.validateFunctionName = functions.validate.functionName;
    this.authorizeFunctionName = functions.authorize.functionName;
    this.definitionJson = stateMachine.definitionJson;
    this.policyJson = stateMachine.policyJson;
    this.registerOutputs({
      stateMachineArn: this.stateMachineArn,
      stateMachineName: this.stateMachineName,
      stateMachineVersionArn: this.stateMachineVersionArn,
      liveAliasArn: this.liveAliasArn,
      tableName: this.tableName,
      tableArn: this.tableArn,
      topicArn: this.topicArn,
      failureQueueUrl: this.failureQueueUrl,
      failureQueueArn: this.failureQueueArn,
      kmsKeyArn: this.kmsKeyArn,
      opsTopicArn: this.opsTopicArn,
      triggerRuleArn: this.triggerRuleArn,
      failureCaptureRuleArn: this.failureCaptureRuleArn,
      operatorPolicyArn: this.operatorPolicyArn,
      logGroupName: this.logGroupName,
      validateFunctionName: this.validateFunctionName,
      authorizeFunctionName: this.authorizeFunctionName,
      definitionJson: this.definitionJson,
      policyJson: this.policyJson,
    });
  }
}
