import { randomUUID } from "node:crypto";

import {
  DynamoDBServiceException,
  PutItemCommand,
  type DynamoDBClient,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";

import { toJson, type JsonObject } from "../json";
import { TaskFailure } from "../task-failure";

/** Exceptions Step Functions reports under their own name; it reports every other one as AmazonDynamoDBException. */
const MODELED_EXCEPTIONS: ReadonlySet<string> = new Set([
  "ConditionalCheckFailedException",
  "ProvisionedThroughputExceededException",
  "ResourceNotFoundException",
  "RequestLimitExceeded",
  "ThrottlingException",
  "InternalServerError",
  "TransactionConflictException",
  "ItemCollectionSizeLimitExceededException",
]);

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
    const name = MODELED_EXCEPTIONS.has(error.name) ? error.name : "AmazonDynamoDBException";
    throw new TaskFailure(
      `DynamoDB.${name}`,
      `${error.message} (Service: DynamoDb, Status Code: ${error.$metadata.httpStatusCode ?? 400}, Error Code: ${error.name})`,
    );
  }
}
