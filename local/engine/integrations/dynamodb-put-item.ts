import { randomUUID } from "node:crypto";

import {
  DynamoDBServiceException,
  PutItemCommand,
  type DynamoDBClient,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";

import { toJson, type JsonObject } from "../../model/json";
import { serviceFailure } from "../aws-errors";
import { sdkMetadata } from "./sdk-metadata";

/**
 * arn:aws:states:::dynamodb:putItem. The parameters go to DynamoDB (dynalite) as they are, so that the service
 * rejects a malformed item exactly as it would on AWS; its error code goes through the one error table.
 */
export async function putItem(client: DynamoDBClient, parameters: JsonObject): Promise<JsonObject> {
  try {
    // Not checked against the type on purpose: the service validates, and reports what is wrong as AWS does.
    const output = await client.send(new PutItemCommand(parameters as unknown as PutItemCommandInput));
    const { $metadata, ...returned } = output;
    return {
      ...(toJson(returned) as JsonObject),
      ...sdkMetadata($metadata.requestId, $metadata.httpStatusCode),
    };
  } catch (error) {
    if (!(error instanceof DynamoDBServiceException)) throw error;
    // The SDK names a service error after DynamoDB's error code, modeled or not.
    throw serviceFailure("dynamodb:putItem", {
      code: error.name,
      message: error.message,
      ...(error.$metadata.httpStatusCode === undefined ? {} : { httpStatus: error.$metadata.httpStatusCode }),
      requestId: error.$metadata.requestId ?? randomUUID(),
    });
  }
}
