// The jest globalSetup/globalTeardown pair every `int` and `e2e` target uses, so each project's
// jest config can say `projectJestConfig(__dirname, 'int', require('../../libs/testing/jest-hooks'))`.
// Jest transforms these TypeScript files with the project's transform, so they are plain paths.
const path = require('node:path');

module.exports = {
  globalSetup: path.join(__dirname, 'src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'src/jest/global-teardown.ts'),
};
