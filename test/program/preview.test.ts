import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks } from "../../local/capture/pulumi-mocks";
import { loadStackConfig } from "../../local/capture/stack-config";
import { PROJECT_DIR } from "../../local/capture/synth";
import { cachedSynthesis } from "../../local/capture/synth-cache";
import { defineStack, readStackSettings } from "../../stacks";

/**
 * `pulumi preview` on a pull request runs the program while the ARNs of new resources are unknown, so no `apply`
 * over them runs. The program must still register every resource, definition and policy included.
 */
test("in a preview, with ARNs unknown, the program registers the same resources as in a deployment", async () => {
  // Its resources' types and names are all this compares: the cached synthesis has them.
  const deployed = await cachedSynthesis("dev");

  const config = loadStackConfig(PROJECT_DIR, "dev");
  const mocks = new RecordingMocks({ accountId: "123456789012", region: config.region }, true);
  await pulumi.runtime.setMocks(mocks, config.project, "dev", true);
  pulumi.runtime.setAllConfig(config.values);
  defineStack(readStackSettings());
  await pulumi.runtime.disconnect();

  const names = (resources: readonly { type: string; name: string }[]) =>
    resources.map((resource) => `${resource.type} ${resource.name}`).sort();
  expect(names(mocks.resources)).toEqual(names(deployed.resources));
  const input = (type: string, key: string) =>
    mocks.resources.find((resource) => resource.type === type)?.inputs[key];
  expect(pulumi.isUnknown(input("aws:sfn/stateMachine:StateMachine", "definition"))).toBe(true);
  expect(pulumi.isUnknown(input("aws:iam/rolePolicy:RolePolicy", "policy"))).toBe(true);
  expect(input("aws:sfn/stateMachine:StateMachine", "name")).toBe("order-workflow-dev-state-machine");
});
