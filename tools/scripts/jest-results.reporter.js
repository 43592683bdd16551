// Writes each jest run's counts, and the name and first lines of every failure, to
// tmp/test-results/<name>.json so tools/scripts/test-all.mjs can print one closing
// "N passed, N failed, N skipped" line for the whole suite, with the failures just above it: a CI
// log that keeps only its tail still says which test failed and why.
const fs = require('node:fs');
const path = require('node:path');

const MESSAGE_LINES = 20;
// jest's failure messages carry ANSI colours; the closing summary is read in plain logs.
// eslint-disable-next-line no-control-regex
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
const firstLines = (text) => stripAnsi(text).split('\n').filter((line) => line.trim() !== '').slice(0, MESSAGE_LINES).join('\n');

class ResultsFileReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '../../tmp/test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = (process.env.CALLFOLD_TEST_RUN || `run-${process.pid}-${Date.now()}`).replace(/[^\w.-]+/g, '_');
    const failures = [];
    for (const suite of results.testResults) {
      const file = path.relative(path.join(__dirname, '../..'), suite.testFilePath);
      if (suite.testExecError) failures.push({ file, test: '(suite did not run)', message: firstLines(suite.testExecError.message || String(suite.testExecError)) });
      for (const test of suite.testResults) {
        if (test.status === 'failed') failures.push({ file, test: test.fullName, message: firstLines(test.failureMessages.join('\n')) });
      }
    }
    fs.writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        failures,
      }),
    );
  }
}
module.exports = ResultsFileReporter;
