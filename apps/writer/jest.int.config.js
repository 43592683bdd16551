// Integration tests against the real Kafka and schema registry (found or started by the shared
// globalSetup, like libs/kafka's), with ClickHouse embedded in the test process (chdb, temp dir).
const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'int', require('../../libs/testing/jest-hooks'));
