import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import { cachedSynthesis } from "../../local/capture/synth-cache";

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

function definitionOf(resources: readonly CapturedResource[], label: string): string {
  const machines = resources.filter((resource) => resource.type === "aws:sfn/stateMachine:StateMachine");
  const [machine] = machines;
  const definition = machine?.inputs.definition;
  if (machines.length !== 1 || typeof definition !== "string") {
    throw new Error(`${label}: expected one state machine with a definition; found ${machines.length}.`);
  }
  return definition;
}

/** Synthesizes each variant in turn, its overrides over its stack's config. */
export async function synthesizeVariants(
  variants: readonly StackVariant[] = VARIANTS,
): Promise<ReadonlyMap<string, VariantSynthesis>> {
  const synths = new Map<string, VariantSynthesis>();
  for (const variant of variants) {
    const { resources } = await cachedSynthesis(variant.stack, variant.overrides);
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
