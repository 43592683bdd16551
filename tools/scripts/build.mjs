// Compiles apps/, libs/ and tools/ TypeScript to dist/ with swc. swc (not tsc) because it keeps
// NestJS decorator metadata and rewrites the @callfold/* path aliases, so `node dist/...` runs
// without a loader. Types are checked separately by `npm run typecheck`.
import { transformFile } from '@swc/core';
import { mkdir, readdir, writeFile, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const outDir = join(root, 'dist');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* walk(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.spec.ts')) {
      yield full;
    }
  }
}

let count = 0;
for (const top of ['apps', 'libs', 'tools']) {
  for await (const file of walk(join(root, top))) {
    const out = await transformFile(file, {
      filename: file,
      sourceMaps: 'inline',
      module: { type: 'commonjs' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
        baseUrl: root,
        paths: tsconfig.compilerOptions.paths,
      },
    });
    const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, out.code);
    count += 1;
  }
}
if (process.env.CALLFOLD_BUILD_VERBOSE) console.log(`built ${count} files into ${relative(process.cwd(), outDir)}`);
