/**
 * The parts of `@pulumi/aws` the components use, under the names its root module gives them (`aws.sfn`,
 * `aws.getRegionOutput`, ...), so a component reads as one written against the root. The root module loads all
 * of the provider's 250 services when it is imported, and TypeScript reads the declarations of every one of them
 * (3,361 files against 866 for these): every `pulumi up`, every test file that builds a component, and the type
 * check paid for services this program never declares. A service a component starts to use is added here.
 */
export * as cloudformation from "@pulumi/aws/cloudformation";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as dynamodb from "@pulumi/aws/dynamodb";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lambda from "@pulumi/aws/lambda";
export * as sfn from "@pulumi/aws/sfn";
export * as sns from "@pulumi/aws/sns";
export * as sqs from "@pulumi/aws/sqs";
export * as types from "@pulumi/aws/types";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getRegionOutput } from "@pulumi/aws/getRegion";
