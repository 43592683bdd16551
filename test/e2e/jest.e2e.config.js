// The whole pipeline on the real stack: Kafka and the schema registry found or started by the
// shared globalSetup (libs/testing), the projector and the writer as child processes, ClickHouse
// embedded (chdb) in a fresh directory per test. Files run one after the other (maxWorkers 1);
// each test bounds its own waits, so the generous timeout only catches a harness bug.
const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'e2e', { ...require('../../libs/testing/jest-hooks'), testTimeout: 300_000 });
