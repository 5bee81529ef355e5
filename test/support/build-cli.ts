// vitest globalSetup: bundle the CLI and the action once into a scratch folder, so the end-to-end
// tests run the current sources as child processes without touching the committed dist/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ESM build script without type declarations
import { bundle } from '../../scripts/build.mjs';

export const TEST_DIST = join(process.cwd(), 'node_modules', '.cache', 'cfi-test');
export const TEST_CLI = join(TEST_DIST, 'cli.js');

export default async function setup(): Promise<void> {
  mkdirSync(TEST_DIST, { recursive: true });
  await (bundle as (outdir: string) => Promise<void>)(TEST_DIST);
}
