// Integration tests of the CLI commands against the real Kafka and schema registry (found or
// started by the shared globalSetup of libs/testing) and the embedded ClickHouse in a temp dir.
const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'int', require('../../libs/testing/jest-hooks'));
