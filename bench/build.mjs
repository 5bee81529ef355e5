// Bundles the parts of the product the benchmarks call (src/evidence and the `analyze` pipeline)
// into node_modules/.cache/cfi-bench/lib.mjs with esbuild, so that plain Node runs them.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIST = join(ROOT, 'node_modules', '.cache', 'cfi-bench');
/** The library the benchmarks run: this checkout's, or another build given by CFI_BENCH_LIB (to compare). */
export const BENCH_LIB = process.env.CFI_BENCH_LIB ? resolve(process.env.CFI_BENCH_LIB) : join(BENCH_DIST, 'lib.mjs');

const ENTRY = `
export * from './src/evidence/index.ts';
export { analyzeFiles } from './src/analyze/index.ts';
export { analyzeCommand } from './src/commands/analyze.ts';
`;

/** Bundles the benchmark library (unless CFI_BENCH_LIB names one) and returns its path. */
export async function buildBenchLib(outfile = BENCH_LIB, root = ROOT) {
  if (process.env.CFI_BENCH_LIB && outfile === BENCH_LIB) return BENCH_LIB;
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __cfiCreateRequire } from 'node:module'; const require = __cfiCreateRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

/** The bundled library, built first. */
export async function loadBenchLib() {
  await buildBenchLib();
  return import(pathToFileURL(BENCH_LIB).href);
}

// `node bench/build.mjs [outfile [source-root]]`: bundle a checkout (e.g. an older commit, to compare).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await buildBenchLib(process.argv[2] ? resolve(process.argv[2]) : BENCH_LIB, process.argv[3] ? resolve(process.argv[3]) : ROOT));
}
