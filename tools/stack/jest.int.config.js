// Integration tests against real Kafka, Apicurio Registry and ClickHouse. The shared globalSetup
// finds them (CALLFOLD_* variables or a running local stack), or starts them with testcontainers
// when Docker is reachable, or with `npm run stack:up`; globalTeardown stops what it started.
const { projectJestConfig } = require('../../jest.preset');
const { globalSetup, globalTeardown } = require('../../libs/testing/jest-hooks');

module.exports = projectJestConfig(__dirname, 'int', { globalSetup, globalTeardown });
