// Integration tests against the real Kafka and schema registry (libs/testing's globalSetup finds
// or starts them; a block whose service is missing is skipped with the reason printed).
const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'int', require('../../libs/testing/jest-hooks'));
