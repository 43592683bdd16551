// Writes each jest run's counts to tmp/test-results/<name>.json so tools/scripts/test-all.mjs can
// print one closing "N passed, N failed, N skipped" line for the whole suite.
const fs = require('node:fs');
const path = require('node:path');

class ResultsFileReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '../../tmp/test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = (process.env.CALLFOLD_TEST_RUN || `run-${process.pid}-${Date.now()}`).replace(/[^\w.-]+/g, '_');
    fs.writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}
module.exports = ResultsFileReporter;
