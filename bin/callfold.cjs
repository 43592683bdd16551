#!/usr/bin/env node
// `npx callfold ...`: runs the CLI's TypeScript directly through the swc require hook (no build
// step; Node 20 has no type stripping).
require('../tools/stack/swc-register.cjs');
require('../apps/cli/src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  });
