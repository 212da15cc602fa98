import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { synthesize, type Synthesis } from "../../local/capture/synth";
import { type StackName, STACKS } from "./helpers";

/**
 * `CapturedResource` carries no resource options, so they are read where the SDK hands them to the mock
 * monitor: each RegisterResourceRequest names its parent URN, its dependency URNs and, when the program set
 * it, `protect`. The dependencies include the `dependsOn` resources as well as the resources the inputs come
 * from.
 */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  hasProtect(): boolean;
  getProtect(): boolean | undefined;
}

export interface Registration {
  /** `<type> <name>` */
  readonly key: string;
  /** `<type> <name>` of the parent, or "" for none. */
  readonly parent: string;
  readonly dependencies: readonly string[];
  /** The `protect` option as the program set it; undefined when it left it out. */
  readonly protect: boolean | undefined;
}

export interface Captured {
  readonly synthesis: Synthesis;
  readonly registrations: readonly Registration[];
}

/** `urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>` as `<type> <name>`. */
function keyOfUrn(urn: string): string {
  const [, , qualifiedType, name] = urn.split("::");
  const type = qualifiedType?.split("$").pop();
  if (type === undefined || name === undefined) throw new Error(`Not a URN: ${urn}`);
  return `${type} ${name}`;
}

/** Synthesizes every stack once, recording each RegisterResourceRequest the mock monitor receives. */
export async function captureRegistrations(): Promise<ReadonlyMap<StackName, Captured>> {
  const captured = new Map<StackName, Captured>();
  for (const stack of STACKS) {
    const spy = jest.spyOn(MockMonitor.prototype, "registerResource");
    try {
      const synthesis = await synthesize(stack);
      await pulumi.runtime.disconnect();
      const registrations = spy.mock.calls.map((call): Registration => {
        const request = call[0] as RegisterRequest;
        return {
          key: `${request.getType()} ${request.getName()}`,
          parent: request.getParent() === "" ? "" : keyOfUrn(request.getParent()),
          dependencies: request.getDependenciesList().map(keyOfUrn),
          protect: request.hasProtect() ? request.getProtect() : undefined,
        };
      });
      captured.set(stack, { synthesis, registrations });
    } finally {
      spy.mockRestore();
    }
  }
  return captured;
}

/** What {@link captureRegistrations} recorded for one stack, once `beforeAll` has run. */
export function capturedOf(
  captured: ReadonlyMap<StackName, Captured> | undefined,
  stack: StackName,
): Captured {
  const found = captured?.get(stack);
  if (found === undefined) throw new Error(`Nothing captured for ${stack}.`);
  return found;
}

/** The one registration of `<type> <name>`; fails when there is none or more than one. */
export function registrationOf(captured: Captured, key: string): Registration {
  const matches = captured.registrations.filter((candidate) => candidate.key === key);
  const [match] = matches;
  if (match === undefined || matches.length > 1) throw new Error(`Expected one registration of ${key}.`);
  return match;
}
