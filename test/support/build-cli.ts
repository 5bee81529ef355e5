// vitest globalSetup: bundle the CLI once into a scratch folder, so the end-to-end tests run the
// real command as a child process without touching the committed dist/.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_CLI = join(process.cwd(), 'node_modules', '.cache', 'cfi-test', 'cli.js');

export default async function setup(): Promise<void> {
  mkdirSync(join(TEST_CLI, '..'), { recursive: true });
  await build({
    entryPoints: ['src/cli.ts'],
    outfile: TEST_CLI,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __cfiCreateRequire } from 'node:module'; const require = __cfiCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
}
