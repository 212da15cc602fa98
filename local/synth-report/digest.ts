import { createHash } from "node:crypto";

/** How a file or large value appears in a report: its fingerprint, never its text. */
export interface Digest {
  readonly sha256: string;
  readonly bytes: number;
}

export function digest(text: string): Digest {
  return { sha256: createHash("sha256").update(text).digest("hex"), bytes: Buffer.byteLength(text) };
}
