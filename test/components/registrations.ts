import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { MOCK_ACCOUNT_ID, RecordingMocks } from "../../local/capture/pulumi-mocks";

export const ACCOUNT = MOCK_ACCOUNT_ID;
export const REGION = "us-east-1";

/**
 * The fields of a RegisterResourceRequest these tests read: `CapturedResource` carries no resource options,
 * but the request names the dependency URNs, `dependsOn` included.
 */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}

/** `urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>` as `<type> <name>`. */
function keyOfUrn(urn: string): string {
  const [, , qualifiedType, name] = urn.split("::");
  const type = qualifiedType?.split("$").pop();
  if (type === undefined || name === undefined) throw new Error(`Not a URN: ${urn}`);
  return `${type} ${name}`;
}

/** Mocks set up afresh for each test, with the monitor's registrations observed. */
export class Recorder {
  private constructor(
    readonly mocks: RecordingMocks,
    private readonly spy: jest.SpyInstance,
  ) {}

  static async start(): Promise<Recorder> {
    const mocks = new RecordingMocks({ accountId: ACCOUNT, region: REGION });
    await pulumi.runtime.setMocks(mocks, "order-workflow", "test", false);
    return new Recorder(mocks, jest.spyOn(MockMonitor.prototype, "registerResource"));
  }

  /** Waits until every registration the constructor started has reached the mocks. */
  settled(): Promise<void> {
    return pulumi.runtime.disconnect();
  }

  /** Lets registrations still in flight finish, so they cannot reach the next test's mocks. */
  async stop(): Promise<void> {
    await pulumi.runtime.disconnect();
    this.spy.mockRestore();
  }

  /** `<type> <name>` of every resource registered, in order. */
  keys(): string[] {
    return this.mocks.resources.map((resource) => `${resource.type} ${resource.name}`);
  }

  /** The inputs of the one resource with this type and name. */
  inputs(type: string, name: string): Readonly<Record<string, unknown>> {
    const matches = this.mocks.resources.filter(
      (resource) => resource.type === type && resource.name === name,
    );
    const [match] = matches;
    if (match === undefined || matches.length > 1) {
      throw new Error(`Expected one ${type} named ${name}; found ${matches.length}.`);
    }
    return match.inputs;
  }

  /** `<type> <name>` of what the resource depends on, sorted: its inputs' resources and its `dependsOn`. */
  dependencies(type: string, name: string): string[] {
    const requests = this.spy.mock.calls
      .map((call: unknown[]) => call[0] as RegisterRequest)
      .filter((request) => request.getType() === type && request.getName() === name);
    const [request] = requests;
    if (request === undefined || requests.length > 1) {
      throw new Error(`Expected one registration of ${type} ${name}; found ${requests.length}.`);
    }
    return request.getDependenciesList().map(keyOfUrn).sort();
  }
}

/** Parses a JSON input; fails when the input is not a string. */
export function parsed(value: unknown): unknown {
  if (typeof value !== "string") throw new Error(`Expected a JSON string, got ${typeof value}.`);
  return JSON.parse(value) as unknown;
}

/** A Recorder started before each test of the calling file and stopped after it; call the result for the current one. */
export function recorderPerTest(): () => Recorder {
  let current: Recorder | undefined;
  beforeEach(async () => {
    current = await Recorder.start();
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("No Recorder outside a test.");
    return current;
  };
}

/** What `toThrow`/`rejects.toThrow` with an object compares: a plain Error with this message. */
export const plainError = (message: string) => ({ type: Error, name: "Error", message });
