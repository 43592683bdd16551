const { projectJestConfig } = require('../../jest.preset');
module.exports = projectJestConfig(__dirname, 'unit');
