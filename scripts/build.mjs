// Bundle the CLI and the action into dist/ with esbuild: one file each, no node_modules needed at
// run time (the action runs dist/index.js straight from the repository). Deterministic: the same
// sources and lock file give the same bytes, which CI checks.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
const banner = "import { createRequire as __cfiCreateRequire } from 'node:module'; const require = __cfiCreateRequire(import.meta.url);";

const entries = [
  { in: 'src/cli.ts', out: 'dist/cli.js', shebang: true },
  { in: 'src/action.ts', out: 'dist/index.js', shebang: false },
].filter((e) => existsSync(e.in));

for (const e of entries) {
  await build({
    entryPoints: [e.in],
    outfile: e.out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: (e.shebang ? '#!/usr/bin/env node\n' : '') + banner },
    legalComments: 'none',
    logLevel: 'warning',
    sourcemap: false,
  });
}
