import { createHash } from "node:crypto";

/** How a file or large value appears in a report: its fingerprint, never its text. */
export interface Digest {
  readonly sha256: string;
  readonly bytes: number;
}

export function digest(content: string | Buffer): Digest {
  return { sha256: createHash("sha256").update(content).digest("hex"), bytes: Buffer.byteLength(content) };
}
