import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

import { LocalDynamoDb } from "../../local/engine/dynamodb/local-dynamodb";

const TABLE = {
  name: "test-close",
  arn: "arn:aws:dynamodb:us-east-1:123456789012:table/test-close",
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
} as const;

/** Long enough, on one machine's loopback, for what was written to reach the other end. */
const DELIVERY_MS = 50;

/**
 * A PutItem whose body is sent in two halves, `between` running after the first, as an SDK call still being
 * served when the database closes. Answers the status and body, or the socket's error code.
 */
async function putInTwoHalves(endpoint: string, between: () => Promise<void>): Promise<string> {
  const body = JSON.stringify({ TableName: TABLE.name, Item: { id: { S: "in-flight" } } });
  const answer = new Promise<string>((resolve) => {
    const put = request(
      `${endpoint}/`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "content-length": Buffer.byteLength(body),
          "x-amz-target": "DynamoDB_20120810.PutItem",
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20261202/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
          "x-amz-date": "20261202T000000Z",
        },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => {
          resolve(`${response.statusCode ?? 0} ${text}`);
        });
      },
    );
    put.on("error", (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
    put.write(body.slice(0, 10));
    void sleep(DELIVERY_MS)
      .then(between)
      .then(() => put.end(body.slice(10)));
  });
  return answer;
}

test("closing while a write is being served lets it finish before the database closes", async () => {
  const database = await LocalDynamoDb.start([TABLE], "us-east-1");
  let closing: Promise<void> | undefined;
  const answer = await putInTwoHalves(database.endpoint, async () => {
    closing = database.close();
    await sleep(DELIVERY_MS);
  });
  await closing;
  // dynalite's PutItem answers {} when no ReturnValues are asked for.
  expect(answer).toBe("200 {}");
});

test("a request after the close is refused: the server no longer listens", async () => {
  const database = await LocalDynamoDb.start([TABLE], "us-east-1");
  await database.close();
  expect(await putInTwoHalves(database.endpoint, () => Promise.resolve())).toBe("ECONNREFUSED");
});
