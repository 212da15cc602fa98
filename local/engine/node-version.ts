const MINIMUM_NODE_MAJOR = 24;

/**
 * The handlers run as on Lambda's nodejs24.x runtime, and aws-local-stepfunctions needs Node 22 or later:
 * on older Node every Task fails with a TypeError that a States.ALL Catch would silently swallow.
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  const major = Number.parseInt(version.replace(/^v/, ""), 10);
  if (Number.isNaN(major) || major < MINIMUM_NODE_MAJOR) {
    throw new Error(
      `The local simulator runs the handlers as Lambda's nodejs24.x runtime does and needs Node ${MINIMUM_NODE_MAJOR} or later; ` +
        `this is Node ${version}. Run it through npm (npm test, npm start), which uses the node@24 devDependency.`,
    );
  }
}
