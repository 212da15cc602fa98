import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { isRecord } from "../model/json";

/** A stack's config as the Pulumi CLI would hand it to the program: Pulumi.yaml defaults under the stack's values. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  /** Full keys (`order-workflow:logLevel`, `aws:region`) to the strings the program reads. */
  readonly values: Readonly<Record<string, string>>;
}

/** Pulumi passes every config value to the program as a string, structured values as JSON. */
function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function readYaml(file: string): Record<string, unknown> {
  const parsed: unknown = parse(fs.readFileSync(file, "utf8"));
  if (!isRecord(parsed)) throw new Error(`${path.basename(file)} must hold a YAML mapping.`);
  return parsed;
}

export function availableStacks(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.([^.]+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI does for this project: declared defaults
 * first, the stack's values over them. A key the stack sets that Pulumi.yaml does not declare is refused, so a
 * typo cannot silently leave a setting at its default.
 */
export function loadStackConfig(projectDir: string, stack: string): StackConfig {
  const stacks = availableStacks(projectDir);
  if (!stacks.includes(stack)) {
    throw new Error(`Unknown stack ${JSON.stringify(stack)}; stacks of this project: ${stacks.join(", ")}.`);
  }
  const project = readYaml(path.join(projectDir, "Pulumi.yaml"));
  const projectName = project.name;
  if (typeof projectName !== "string") throw new Error("Pulumi.yaml has no `name`.");
  const declared = isRecord(project.config) ? project.config : {};

  const values: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(declared)) {
    if (isRecord(declaration) && "default" in declaration) {
      values[`${projectName}:${key}`] = configString(declaration.default);
    }
  }
  const stackFile = `Pulumi.${stack}.yaml`;
  const stackValues = readYaml(path.join(projectDir, stackFile)).config;
  for (const [key, value] of Object.entries(isRecord(stackValues) ? stackValues : {})) {
    const [namespace, name] = key.split(":");
    if (name === undefined) {
      throw new Error(
        `${stackFile} sets \`${key}\` without a namespace; write \`${projectName}:${key}\` (or \`aws:${key}\` for the provider).`,
      );
    }
    if (namespace === projectName && !(name in declared)) {
      throw new Error(
        `${stackFile} sets \`${key}\`, which Pulumi.yaml does not declare; declared: ${Object.keys(declared).join(", ")}.`,
      );
    }
    values[key] = configString(value);
  }
  const region = values["aws:region"];
  if (region === undefined) throw new Error(`${stackFile} sets no \`aws:region\`.`);
  return { project: projectName, stack, region, values };
}
