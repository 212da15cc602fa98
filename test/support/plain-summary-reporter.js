// Prints "tests: N passed, N failed" as the run's last line, a form CI reads in any language.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed\n`);
  }
}
module.exports = PlainSummaryReporter;
