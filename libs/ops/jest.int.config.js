// Integration tests against the real Kafka (lag, lag monitor, the ops HTTP endpoints) and the
// embedded ClickHouse (the dashboard's SQL, the cluster DDL). The shared globalSetup finds or starts
// the services; a block whose service is missing is skipped with the reason printed (fails on CI).
const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'int', require('../testing/jest-hooks'));
