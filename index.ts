import { defineStack, readStackSettings } from "./stacks";

const outputs = defineStack(readStackSettings());

export const stateMachineArn = outputs.stateMachineArn;
export const stateMachineVersionArn = outputs.stateMachineVersionArn;
export const liveAliasArn = outputs.liveAliasArn;
export const stateMachineName = outputs.stateMachineName;
export const tableName = outputs.tableName;
export const topicArn = outputs.topicArn;
export const logGroupName = outputs.logGroupName;
export const validateFunctionName = outputs.validateFunctionName;
export const authorizeFunctionName = outputs.authorizeFunctionName;
export const failureQueueUrl = outputs.failureQueueUrl;
export const operatorPolicyArn = outputs.operatorPolicyArn;
