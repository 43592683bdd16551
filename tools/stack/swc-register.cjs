// Lets `node -r ./tools/stack/swc-register.cjs tools/stack/src/stack.cli.ts` run TypeScript on
// Node 20, which has no type stripping (that arrived in Node 22.6). It compiles each .ts file on
// require with the swc settings jest and tools/scripts/build.mjs use, including the @callfold/*
// path aliases from tsconfig.base.json, so the stack CLI needs no build step and no extra package.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));

// require.extensions is deprecated but stable; it is the documented hook for compile-on-require
// loaders in CommonJS (https://nodejs.org/api/modules.html#requireextensions).
require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
  });
  module._compile(code, filename);
};
