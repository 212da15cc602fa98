import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

import { cachedSynthesis } from "../../local/capture/synth-cache";
import { serveDeployment, type Served } from "../../local/commands/serve/serve";
import { withGateway } from "../../local/commands/shared/gateway";
import type { SimulatorOptions } from "../../local/engine/simulator-options";

/** Dummy credentials: the endpoint checks none, and the SDK must find some without reading the machine's. */
const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

/** The dev stack served on an ephemeral loopback port, the gateway never declining. */
export async function serveDev(simulator: SimulatorOptions = {}): Promise<Served> {
  const { deployment, outputs } = await cachedSynthesis("dev");
  return serveDeployment(withGateway(deployment, { failureRate: "0", latencyMs: "0" }), outputs, {
    port: 0,
    simulator: { retryDelay: "skip", ...simulator },
  });
}

export function clientsOf(served: Served) {
  const config = {
    endpoint: served.endpoint.url,
    region: "us-east-1",
    credentials: CREDENTIALS,
    maxAttempts: 1,
  };
  return {
    sfn: new SFNClient(config),
    sqs: new SQSClient(config),
    dynamodb: new DynamoDBClient(config),
  };
}
