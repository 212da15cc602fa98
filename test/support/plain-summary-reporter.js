// Prints "tests: N passed, N failed" as the run's last line, a form CI reads in any language. A test file can
// fail outside its tests (an error in a hook such as afterAll, or a file that does not load): jest then exits 1
// with every test passed, so the files and their errors are named on the lines before it.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    for (const file of results.testResults) {
      if (file.testExecError === undefined && file.failureMessage == null) continue;
      if (file.numFailingTests > 0) continue;
      const text = (file.failureMessage || file.testExecError?.stack || "").replaceAll(
        /\u001b\[[0-9;]*m/g,
        "",
      );
      const lines = text.split("\n").map((line) => line.trim());
      const message = lines.find((line) => line !== "" && !line.startsWith("●")) ?? "";
      process.stdout.write(`failed outside its tests: ${file.testFilePath}: ${message}\n`);
    }
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = PlainSummaryReporter;
