import { assertSupportedNode } from "../../local/engine/node-version";

test.each(["24.21.0", "24.0.0", "25.1.0", "v24.21.0"])("accepts Node %s", (version) => {
  expect(() => {
    assertSupportedNode(version);
  }).not.toThrow();
});

test.each(["20.20.2", "22.12.0", "v23.9.0", "unknown"])("fails when Node is %s", (version) => {
  expect(() => {
    assertSupportedNode(version);
  }).toThrow(
    new Error(
      "The local simulator runs the handlers as Lambda's nodejs24.x runtime does and needs Node 24 or later; " +
        `this is Node ${version}. Run it through npm (npm test, npm start), which uses the node@24 devDependency.`,
    ),
  );
});

test("accepts the Node running the tests, which npm takes from the node@24 devDependency", () => {
  expect(() => {
    assertSupportedNode();
  }).not.toThrow();
});
