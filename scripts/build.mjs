// Bundle the CLI and the action into dist/ with esbuild: one file each, no node_modules needed at
// run time (the action runs dist/index.js straight from the repository). Deterministic: the same
// sources and lock file give the same bytes, which a test checks against the committed dist/.
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
const banner = "import { createRequire as __cfiCreateRequire } from 'node:module'; const require = __cfiCreateRequire(import.meta.url);";

export const ENTRIES = [
  { in: 'src/cli.ts', out: 'cli.js', shebang: true },
  { in: 'src/action.ts', out: 'index.js', shebang: false },
];

/** Bundle every entry into `outdir` (dist/ for a release, a scratch folder for tests). */
export async function bundle(outdir) {
  for (const e of ENTRIES) {
    await build({
      entryPoints: [e.in],
      outfile: join(outdir, e.out),
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
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await bundle('dist');
