import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { isRecord } from "../../model/json";
import { digest } from "./digest";

/**
 * Beyond this a string input is opaque in a review (a bundle, an inline document): it is shown as its digest,
 * so a change still shows up in the diff, as one line.
 */
export const LARGE_STRING_CHARS = 512;

/** A JSON object or array held in a string input (IAM policies, definitions), or `undefined`. */
export function parseJsonText(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function assetDigest(asset: pulumi.asset.Asset, what: string, projectDir: string): Promise<unknown> {
  if (asset instanceof pulumi.asset.StringAsset) return digest(await asset.text);
  if (asset instanceof pulumi.asset.FileAsset) {
    return digest(fs.readFileSync(path.resolve(projectDir, await asset.path)));
  }
  throw new Error(
    `${what} is an asset kind the synth report cannot read; it reads StringAsset and FileAsset.`,
  );
}

async function archiveDigests(
  archive: pulumi.asset.AssetArchive,
  what: string,
  projectDir: string,
): Promise<Record<string, unknown>> {
  const files: Record<string, unknown> = {};
  for (const [file, entry] of Object.entries(await archive.assets)) {
    const where = `${what}/${file}`;
    if (entry instanceof pulumi.asset.AssetArchive)
      files[file] = await archiveDigests(entry, where, projectDir);
    else if (entry instanceof pulumi.asset.Asset) files[file] = await assetDigest(entry, where, projectDir);
    else throw new Error(`${where} is an archive kind the synth report cannot read; it reads AssetArchive.`);
  }
  return files;
}

/**
 * An input as a reviewer wants to read it: JSON documents parsed, archives and assets as digests of each file,
 * large strings as a digest; everything else as is.
 */
export async function readableValue(value: unknown, what: string, projectDir: string): Promise<unknown> {
  if (value instanceof pulumi.asset.AssetArchive) return archiveDigests(value, what, projectDir);
  if (value instanceof pulumi.asset.Asset) return assetDigest(value, what, projectDir);
  if (typeof value === "string") {
    const parsed = parseJsonText(value);
    if (parsed !== undefined) return parsed;
    return value.length > LARGE_STRING_CHARS ? digest(value) : value;
  }
  if (Array.isArray(value)) {
    return Promise.all(value.map((item, index) => readableValue(item, `${what}[${index}]`, projectDir)));
  }
  if (isRecord(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([key, item]) => [key, await readableValue(item, `${what}.${key}`, projectDir)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
