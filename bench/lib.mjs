// The product's pure analysis (analyze, clustering, the normalizer) bundled once for the grouping
// and scale benchmarks, into node_modules/.cache/cfi-bench/cluster-lib.mjs.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIST, ROOT } from './build.mjs';

const LIB = join(BENCH_DIST, 'cluster-lib.mjs');
const ENTRY = `
export { analyzeFiles } from './src/analyze/index.ts';
export { clusterFailures } from './src/cluster/index.ts';
export { normalizeLine } from './src/signature/index.ts';
export { signFacts } from './src/rules/index.ts';
`;

export async function loadLib() {
  if (!process.env.CFI_BENCH_NO_BUILD) {
    mkdirSync(BENCH_DIST, { recursive: true });
    await build({
      stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'cluster-entry.ts' },
      outfile: LIB,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      banner: { js: "import { createRequire as __cfiCreateRequire } from 'node:module'; const require = __cfiCreateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
  }
  return import(pathToFileURL(LIB).href);
}
