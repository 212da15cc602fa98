import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "../../local/capture/pulumi-mocks";
import { PROJECT_DIR } from "../../local/model/project-dir";
import { resourceSettings } from "../../local/commands/synth-report/resource-settings";

const HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

function resource(type: string, name: string, inputs: Record<string, unknown>): CapturedResource {
  return { type, name, inputs, state: { ...inputs, name, id: `${name}-id`, arn: `arn:test:${name}` } };
}

test("shows a resource type it has no rule for with every input but tags, JSON strings parsed", async () => {
  const queue = resource("aws:sqs/queue:Queue", "q", {
    name: "q",
    visibilityTimeoutSeconds: 30,
    redrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":5}',
    tags: { Owner: "me" },
  });
  expect(await resourceSettings(queue, { resources: [queue], projectDir: PROJECT_DIR })).toEqual({
    name: "q",
    visibilityTimeoutSeconds: 30,
    redrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:dlq", maxReceiveCount: 5 },
  });
});

test("shows archives and large strings as sha256 and size, never their text", async () => {
  const large = "y".repeat(513);
  const fn = resource("aws:lambda/function:Function", "fn", {
    code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset("hello") }),
    description: large,
    handler: "index.handler",
  });
  expect(await resourceSettings(fn, { resources: [fn], projectDir: PROJECT_DIR })).toEqual({
    code: { "index.mjs": { sha256: HELLO_SHA256, bytes: 5 } },
    description: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, bytes: 513 },
    handler: "index.handler",
  });
});

test("lists on a role the managed policies attached to it and its inline policies, by name", async () => {
  const role = resource("aws:iam/role:Role", "r", {
    name: "r",
    assumeRolePolicy: '{"Version":"2012-10-17"}',
  });
  const resources = [
    role,
    resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a2", { role: "r", policyArn: "arn:b" }),
    resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a1", { role: "r", policyArn: "arn:a" }),
    resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "other", { role: "s", policyArn: "arn:c" }),
    resource("aws:iam/rolePolicy:RolePolicy", "p", { role: "r-id", name: "inline", policy: "{}" }),
  ];
  expect(await resourceSettings(role, { resources, projectDir: PROJECT_DIR })).toEqual({
    name: "r",
    assumeRolePolicy: { Version: "2012-10-17" },
    managedPolicyArns: ["arn:a", "arn:b"],
    inlinePolicies: ["inline"],
  });
});
