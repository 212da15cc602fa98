/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // With `isolatedModules` in tsconfig.json ts-jest only transpiles; type checking is `npm run typecheck`.
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/support/plain-summary-reporter.js"],
};
