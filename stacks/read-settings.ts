import * as pulumi from "@pulumi/pulumi";
import { parseStackSettings, SETTING_KEYS, type StackSettings } from "./settings";

/** The current stack's settings, from its Pulumi config. */
export function readStackSettings(): StackSettings {
  const config = new pulumi.Config();
  const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, config.get(key)]));
  return parseStackSettings(pulumi.getProject(), pulumi.getStack(), raw);
}
