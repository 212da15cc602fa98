import { quoted, UsageError } from "../start/usage-error";

export const MAX_PORT = 65_535;
export const PORT_RULE = `a whole number from 0 to ${MAX_PORT} (0 picks a free port)`;
/** What `--serve` listens on without `--port`: LocalStack's port, which the AWS tools' local examples use. */
export const DEFAULT_PORT = 4566;

/** `--port`: the loopback TCP port the endpoint listens on. */
export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_PORT) {
    throw new UsageError(`--port ${quoted(text)} is not a port`, PORT_RULE);
  }
  return Number(text);
}
