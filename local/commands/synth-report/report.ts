import { Document, type YAMLMap } from "yaml";
import type { CapturedResource } from "../../capture/pulumi-mocks";
import { PROJECT_DIR, type Synthesis } from "../../capture/synth";
import { parseJsonText } from "./input-values";
import { executionPolicies, REPORT_FILES, resourceSettings } from "./resource-settings";
import { formatSortedJson, sortKeysDeep } from "./sorted-json";

/** The report's files, by name, in the order they are printed. */
export type SynthReport = Readonly<Record<(typeof REPORT_FILES)[keyof typeof REPORT_FILES], string>>;

const STACK_TAGS_ANCHOR = "stackTags";

/** Code-point order, not a locale's: the report must read the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byTypeThenName(a: CapturedResource, b: CapturedResource): number {
  return compare(a.type, b.type) || compare(a.name, b.name);
}

const tagsKey = (tags: unknown): string => JSON.stringify(sortKeysDeep(tags));

/** The tag set most resources carry, to show once; of equally common sets, the first in sorted order. */
function commonTags(resources: readonly CapturedResource[]): unknown {
  const counts = new Map<string, { tags: unknown; count: number }>();
  for (const { inputs } of resources) {
    if (inputs.tags === undefined) continue;
    const entry = counts.get(tagsKey(inputs.tags)) ?? { tags: sortKeysDeep(inputs.tags), count: 0 };
    counts.set(tagsKey(inputs.tags), { ...entry, count: entry.count + 1 });
  }
  let best: { tags: unknown; count: number } | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best?.tags;
}

async function resourcesYaml(synthesis: Synthesis): Promise<string> {
  const sorted = [...synthesis.resources].sort(byTypeThenName);
  const doc = new Document();
  doc.commentBefore =
    ` What stack ${synthesis.stack} deploys, under Pulumi mocks: every resource by type, then name, with its inputs.\n` +
    ` Regenerate: npm run synth -- --stack ${synthesis.stack} --out snapshots/${synthesis.stack}`;
  const stackTags = commonTags(sorted);
  const tagsNode = stackTags === undefined ? undefined : (doc.createNode(stackTags) as YAMLMap);

  const context = { resources: synthesis.resources, projectDir: PROJECT_DIR };
  const types: Record<string, Record<string, unknown>> = {};
  for (const resource of sorted) {
    const settings = sortKeysDeep(await resourceSettings(resource, context)) as Record<string, unknown>;
    const tags = resource.inputs.tags;
    if (tags !== undefined) {
      // The common tags appear once, anchored; each resource that carries exactly them refers to the anchor.
      settings.tags =
        tagsNode !== undefined && tagsKey(tags) === tagsKey(stackTags)
          ? doc.createAlias(tagsNode, STACK_TAGS_ANCHOR)
          : sortKeysDeep(tags);
    }
    (types[resource.type] ??= {})[resource.name] = settings;
  }
  doc.contents = doc.createNode({
    stack: synthesis.stack,
    ...(tagsNode === undefined ? {} : { tags: tagsNode }),
    resources: types,
  });
  // No folding: Prettier, which checks every committed file, keeps long scalars on one line.
  return doc.toString({ lineWidth: 0 });
}

function executionPolicyJson(synthesis: Synthesis): string {
  const policies = executionPolicies(synthesis.resources);
  const [policy] = policies;
  if (policy === undefined || policies.length > 1) {
    const names = policies.map((found) => found.name).join(", ") || "none";
    throw new Error(
      `Expected one inline policy on the state machine's role; found ${policies.length}: ${names}.`,
    );
  }
  const document = typeof policy.inputs.policy === "string" ? parseJsonText(policy.inputs.policy) : undefined;
  if (document === undefined) throw new Error(`The policy of ${policy.name} is not a JSON document.`);
  return formatSortedJson(document, `The policy of ${policy.name}`);
}

/** The files of a stack's synth report; the same bytes for the same program, wherever it runs. */
export async function buildSynthReport(synthesis: Synthesis): Promise<SynthReport> {
  return {
    [REPORT_FILES.resources]: await resourcesYaml(synthesis),
    [REPORT_FILES.definition]: formatSortedJson(
      JSON.parse(synthesis.deployment.definition) as unknown,
      "The state machine definition",
    ),
    [REPORT_FILES.executionPolicy]: executionPolicyJson(synthesis),
  };
}
