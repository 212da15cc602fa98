import { randomUUID } from "node:crypto";

import {
  DynamoDBServiceException,
  PutItemCommand,
  type DynamoDBClient,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";

import { toJson, type JsonObject } from "../../model/json";
import { TaskFailure } from "../task-failure";

/**
 * DynamoDB error codes Step Functions reports under their own exception class, `DynamoDB.<class>`; it reports
 * every other one as `DynamoDB.AmazonDynamoDBException`. The class names are the AWS SDK for Java's, which differ
 * from the wire code for two of them.
 */
const MODELED_EXCEPTIONS: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: "ConditionalCheckFailedException",
  ProvisionedThroughputExceededException: "ProvisionedThroughputExceededException",
  ResourceNotFoundException: "ResourceNotFoundException",
  RequestLimitExceeded: "RequestLimitExceededException",
  ThrottlingException: "ThrottlingException",
  InternalServerError: "InternalServerErrorException",
  TransactionConflictException: "TransactionConflictException",
  ItemCollectionSizeLimitExceededException: "ItemCollectionSizeLimitExceededException",
};

/**
 * arn:aws:states:::dynamodb:putItem. The parameters go to DynamoDB (dynalite) as they are, so that the service
 * rejects a malformed item exactly as it would on AWS.
 */
export async function putItem(client: DynamoDBClient, parameters: JsonObject): Promise<JsonObject> {
  try {
    // Not checked against the type on purpose: the service validates, and reports what is wrong as AWS does.
    const output = await client.send(new PutItemCommand(parameters as unknown as PutItemCommandInput));
    const { $metadata, ...returned } = output;
    return {
      ...(toJson(returned) as JsonObject),
      SdkHttpMetadata: { HttpStatusCode: $metadata.httpStatusCode ?? 200 },
      SdkResponseMetadata: { RequestId: $metadata.requestId ?? randomUUID() },
    };
  } catch (error) {
    if (!(error instanceof DynamoDBServiceException)) throw error;
    const name = Object.hasOwn(MODELED_EXCEPTIONS, error.name)
      ? (MODELED_EXCEPTIONS[error.name] ?? "AmazonDynamoDBException")
      : "AmazonDynamoDBException";
    throw new TaskFailure(
      `DynamoDB.${name}`,
      `${error.message} (Service: DynamoDb, Status Code: ${error.$metadata.httpStatusCode ?? 400}, Error Code: ${error.name})`,
    );
  }
}
