/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // esbuild transpiles (type checking is `npm run typecheck`). It does not hoist jest.mock above the imports, as
  // babel-jest and ts-jest do: a test whose mock must be in place before a module loads registers it with
  // jest.doMock and then requires that module (test/engine/definition-checks.test.ts).
  transform: {
    "^.+\\.ts$": "<rootDir>/test/support/esbuild-transform.js",
    // commander is ES modules only, which jest's CommonJS registry cannot load untransformed: esbuild turns it into
    // CommonJS, so that a test can parse a command's flags in-process rather than spawn the command to see them.
    "/node_modules/commander/.+\\.js$": "<rootDir>/test/support/esbuild-transform.js",
  },
  // Every package but commander (above) loads as it is.
  transformIgnorePatterns: ["/node_modules/(?!commander/)"],
  // jest's default is one worker fewer than the cores: one worker on the 2-core machines CI and developers use.
  maxWorkers: 2,
  // Inside the clone, so that a fresh clone starts cold as CI does, and no other checkout's cache is reused.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  setupFiles: ["<rootDir>/test/support/jest-setup.ts"],
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/support/plain-summary-reporter.js"],
};
