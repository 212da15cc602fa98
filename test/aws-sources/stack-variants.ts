import * as pulumi from "@pulumi/pulumi";
import { type CapturedResource, MOCK_ACCOUNT_ID, RecordingMocks } from "../../local/capture/pulumi-mocks";
import { loadStackConfig } from "../../local/capture/stack-config";
import { PROJECT_DIR, settle, synthesize } from "../../local/capture/synth";
import { defineStack, readStackSettings } from "../../stacks";

/** A stack as Pulumi.<stack>.yaml sets it, or with some of its config values changed. */
export interface StackVariant {
  /** `dev`, or `dev+EXPRESS` for a variant. */
  readonly label: string;
  readonly stack: string;
  /** Full config keys (`order-workflow:workflowType`) to the strings the program reads instead. */
  readonly overrides: Readonly<Record<string, string>>;
}

export interface VariantSynthesis {
  readonly variant: StackVariant;
  readonly resources: readonly CapturedResource[];
  /** The state machine's definition, as its resource's `definition` input holds it. */
  readonly definition: string;
}

const EXPRESS = { "order-workflow:workflowType": "EXPRESS" } as const;

/**
 * Both stacks as they are, and each as an EXPRESS workflow: the Pulumi.<stack>.yaml files set STANDARD, and
 * an EXPRESS state machine is the other definition AWS validates (no history, five minutes at most).
 */
export const VARIANTS: readonly StackVariant[] = [
  { label: "dev", stack: "dev", overrides: {} },
  { label: "prod", stack: "prod", overrides: {} },
  { label: "dev+EXPRESS", stack: "dev", overrides: EXPRESS },
  { label: "prod+EXPRESS", stack: "prod", overrides: EXPRESS },
];

/**
 * `synthesize` runs a stack with its file's config only; a variant is run the same way with its overrides
 * over that config: mocks set before the program runs, every RPC drained before the next synthesis.
 */
async function synthesizeWith(
  stack: string,
  overrides: Readonly<Record<string, string>>,
): Promise<readonly CapturedResource[]> {
  const config = loadStackConfig(PROJECT_DIR, stack);
  for (const key of Object.keys(overrides)) {
    if (!(key in config.values)) throw new Error(`Stack ${stack} has no config key \`${key}\` to override.`);
  }
  const mocks = new RecordingMocks({ accountId: MOCK_ACCOUNT_ID, region: config.region });
  await pulumi.runtime.setMocks(mocks, config.project, stack, false);
  pulumi.runtime.setAllConfig({ ...config.values, ...overrides });
  await settle(pulumi.all({ ...defineStack(readStackSettings()) }));
  await pulumi.runtime.disconnect();
  return [...mocks.resources];
}

function definitionOf(resources: readonly CapturedResource[], label: string): string {
  const machines = resources.filter((resource) => resource.type === "aws:sfn/stateMachine:StateMachine");
  const [machine] = machines;
  const definition = machine?.inputs.definition;
  if (machines.length !== 1 || typeof definition !== "string") {
    throw new Error(`${label}: expected one state machine with a definition; found ${machines.length}.`);
  }
  return definition;
}

/** Synthesizes each variant in turn; a variant without overrides goes through `synthesize` itself. */
export async function synthesizeVariants(
  variants: readonly StackVariant[] = VARIANTS,
): Promise<ReadonlyMap<string, VariantSynthesis>> {
  const synths = new Map<string, VariantSynthesis>();
  for (const variant of variants) {
    const resources =
      Object.keys(variant.overrides).length === 0
        ? (await synthesize(variant.stack)).resources
        : await synthesizeWith(variant.stack, variant.overrides);
    synths.set(variant.label, { variant, resources, definition: definitionOf(resources, variant.label) });
  }
  return synths;
}

/** The synthesis of one variant, once `beforeAll` has run {@link synthesizeVariants}. */
export function variantOf(
  synths: ReadonlyMap<string, VariantSynthesis> | undefined,
  label: string,
): VariantSynthesis {
  const found = synths?.get(label);
  if (found === undefined) throw new Error(`No synthesis for ${label}.`);
  return found;
}
