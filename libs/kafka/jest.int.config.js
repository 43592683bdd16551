// Integration tests against the real Kafka and schema registry. The shared globalSetup finds the
// services (CALLFOLD_* settings, a running local stack) or starts them; a test block whose
// service is missing is skipped with the reason printed (and fails on CI, see libs/testing).
const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'int', require('../testing/jest-hooks'));
