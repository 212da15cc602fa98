import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
  type KeySchemaElement,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

import { unmarshallItem } from "./attribute-values";
import type { DeployedTable } from "../../model/deployment";

const TABLE_ACTIVE_TIMEOUT_MS = 5_000;

/** The deployment's tables in an in-memory DynamoDB (dynalite), reached through the AWS SDK as on AWS. */
export class LocalDynamoDb {
  /** The requests being served, each settling when its response has ended or its connection closed. */
  private readonly serving = new Set<Promise<void>>();

  private constructor(
    private readonly server: Server,
    /** Where the SDK reaches it: "http://127.0.0.1:<port>". */
    readonly endpoint: string,
    readonly client: DynamoDBClient,
    private readonly tables: readonly DeployedTable[],
  ) {
    server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
      const served = new Promise<void>((resolve) => response.once("close", resolve));
      this.serving.add(served);
      void served.then(() => this.serving.delete(served));
    });
  }

  static async start(tables: readonly DeployedTable[], region: string): Promise<LocalDynamoDb> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    if (typeof address !== "object" || address === null) {
      server.close();
      throw new Error(`dynalite listens on ${address ?? "no address"}, not on a TCP port`);
    }
    const endpoint = `http://127.0.0.1:${address.port}`;
    const client = new DynamoDBClient({
      endpoint,
      region,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      // The state machine's Retry fields decide about retries, not the SDK.
      maxAttempts: 1,
    });
    const database = new LocalDynamoDb(server, endpoint, client, tables);
    try {
      await Promise.all(tables.map((table) => database.createTable(table)));
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  }

  /** Every item of the table as plain values, sorted by hash key, then range key. */
  async items(tableName: string): Promise<Record<string, unknown>[]> {
    const table = this.tables.find((candidate) => candidate.name === tableName);
    if (table === undefined) {
      throw new Error(
        `Table \`${tableName}\` is not part of the deployment; its tables are: ${this.tables.map((candidate) => `\`${candidate.name}\``).join(", ") || "none"}`,
      );
    }
    const items: Record<string, AttributeValue>[] = [];
    let exclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: tableName, ExclusiveStartKey: exclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    const { hashKey, rangeKey } = table;
    return items
      .sort(
        (a, b) =>
          compareKeyValues(a[hashKey], b[hashKey]) ||
          (rangeKey === undefined ? 0 : compareKeyValues(a[rangeKey], b[rangeKey])),
      )
      .map(unmarshallItem);
  }

  /**
   * Stops taking connections, lets the requests it is serving finish, then closes the database. A request cut off
   * mid-way would still run its action on the closed database (dynalite queues it behind a lock), which throws
   * "Database is closed" outside any caller: an execution still running when its simulator closed did that.
   */
  async close(): Promise<void> {
    this.client.destroy();
    const closed = new Promise<void>((resolve, reject) => {
      // dynalite's close reports success as null, where http.Server's reports undefined.
      this.server.close((error?: Error | null) => {
        if (error) reject(error);
        else resolve();
      });
    });
    await Promise.all(this.serving);
    // Keep-alive connections left idle; the server's close waits for every connection to end.
    this.server.closeAllConnections();
    await closed;
  }

  private async createTable(table: DeployedTable): Promise<void> {
    const keySchema: KeySchemaElement[] = [{ AttributeName: table.hashKey, KeyType: "HASH" }];
    if (table.rangeKey !== undefined) keySchema.push({ AttributeName: table.rangeKey, KeyType: "RANGE" });
    const attributeDefinitions = keySchema.map(({ AttributeName: name }) => {
      const attribute = table.attributes.find((candidate) => candidate.name === name);
      if (attribute === undefined) {
        throw new Error(
          `Table \`${table.name}\` has no attribute definition for its key \`${String(name)}\`; ` +
            `its attributes are: ${table.attributes.map((candidate) => `\`${candidate.name}\``).join(", ") || "none"}`,
        );
      }
      return { AttributeName: attribute.name, AttributeType: attribute.type };
    });
    await this.client.send(
      new CreateTableCommand({
        TableName: table.name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: keySchema,
        AttributeDefinitions: attributeDefinitions,
      }),
    );
    await this.waitUntilActive(table.name);
  }

  private async waitUntilActive(tableName: string): Promise<void> {
    // dynalite makes a table ACTIVE on the next timer tick; the SDK waiter would poll only every 20 s.
    const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
    for (;;) {
      const { Table: description } = await this.client.send(
        new DescribeTableCommand({ TableName: tableName }),
      );
      if (description?.TableStatus === "ACTIVE") return;
      if (Date.now() > deadline) {
        throw new Error(
          `Table \`${tableName}\` is not ACTIVE after ${TABLE_ACTIVE_TIMEOUT_MS} ms in dynalite`,
        );
      }
      await sleep(5);
    }
  }
}

function compareKeyValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (a?.N !== undefined && b?.N !== undefined) return Number(a.N) - Number(b.N);
  if (a?.B !== undefined && b?.B !== undefined) return Buffer.compare(a.B, b.B);
  const left = a?.S ?? "";
  const right = b?.S ?? "";
  return left < right ? -1 : left > right ? 1 : 0;
}
