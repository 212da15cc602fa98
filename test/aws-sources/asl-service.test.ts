import { DiagnosticSeverity, getLanguageService, TextDocument } from "amazon-states-language-service";
import { isRecord } from "../../local/model/json";
import { synthesizeVariants, VARIANTS, type VariantSynthesis, variantOf } from "./stack-variants";

/**
 * AWS's Amazon States Language service, as the AWS Toolkit runs it on a definition: the ASL JSON schema and the
 * service's own checks of states (Next targets, reachability, terminal states). Created once for the file.
 */
const service = getLanguageService({});

interface Finding {
  readonly message: string;
  readonly severity: DiagnosticSeverity | undefined;
  /** The text of the definition the diagnostic points at. */
  readonly at: string;
}

async function validate(definition: string): Promise<Finding[]> {
  const document = TextDocument.create("file:///definition.asl.json", "json", 1, definition);
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
  return diagnostics.map(({ message, severity, range }) => ({
    message: typeof message === "string" ? message : message.value,
    severity,
    at: document.getText(range),
  }));
}

type Definition = Record<string, unknown> & { States: Record<string, Record<string, unknown>> };

function parseDefinition(text: string): Definition {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed) || !isRecord(parsed.States)) throw new Error("The definition has no States.");
  const states: Record<string, Record<string, unknown>> = {};
  for (const [name, state] of Object.entries(parsed.States)) {
    if (!isRecord(state)) throw new Error(`State ${name} is not an object.`);
    states[name] = state;
  }
  return { ...parsed, States: states };
}

/** The state machine's type and definition timeout, which tell the EXPRESS variants from the stacks as they are. */
function workflowOf(synthesis: VariantSynthesis): { type: unknown; timeoutSeconds: unknown } {
  const machine = synthesis.resources.find(
    (resource) => resource.type === "aws:sfn/stateMachine:StateMachine",
  );
  return { type: machine?.inputs.type, timeoutSeconds: parseDefinition(synthesis.definition).TimeoutSeconds };
}

let synths: ReadonlyMap<string, VariantSynthesis> | undefined;

beforeAll(async () => {
  synths = await synthesizeVariants();
});

describe.each(VARIANTS.map((variant) => [variant.label] as const))("%s", (label) => {
  test("synthesizes the workflow type it is named for", () => {
    expect(workflowOf(variantOf(synths, label))).toEqual(
      label.endsWith("+EXPRESS")
        ? { type: "EXPRESS", timeoutSeconds: 300 }
        : { type: "STANDARD", timeoutSeconds: 600 },
    );
  });

  test("its definition has no diagnostics from the Amazon States Language service", async () => {
    const definition = variantOf(synths, label).definition;
    expect(Object.keys(parseDefinition(definition).States).length).toBeGreaterThan(1);
    expect(await validate(definition)).toEqual([]);
  });
});

describe("the Amazon States Language service", () => {
  /** The dev definition, pretty-printed so that each diagnostic points at one property, with a change. */
  function brokenDev(change: (definition: Definition) => void): string {
    const definition = parseDefinition(variantOf(synths, "dev").definition);
    change(definition);
    return JSON.stringify(definition, null, 2);
  }

  test("fails when a Next names no state, and reports the state that is then never reached", async () => {
    const broken = brokenDev((definition) => {
      const first = definition.States.ValidateOrder;
      expect(first?.Next).toBe("IsOrderValid");
      if (first !== undefined) first.Next = "NoSuchState";
    });
    expect(await validate(broken)).toEqual([
      {
        message: 'The value of "Next" property must be the name of an existing state.',
        severity: DiagnosticSeverity.Error,
        at: '"NoSuchState"',
      },
      {
        message: "The state cannot be reached. It must be referenced by at least one other state.",
        severity: DiagnosticSeverity.Error,
        at: '"IsOrderValid"',
      },
    ]);
  });

  test("fails when a Task has no Resource (the ASL schema)", async () => {
    const broken = brokenDev((definition) => {
      delete definition.States.ValidateOrder?.Resource;
    });
    expect(await validate(broken)).toEqual([
      { message: 'Missing property "Resource".', severity: DiagnosticSeverity.Error, at: '"ValidateOrder"' },
    ]);
  });
});
