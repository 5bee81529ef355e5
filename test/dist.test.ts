// The action runs the committed dist/index.js: it must be exactly what the sources build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_DIST } from './support/build-cli.js';

describe('dist/', () => {
  it.each(['index.js', 'cli.js'])('%s is what the sources build (run `npm run build` and commit dist/)', (file) => {
    const built = readFileSync(join(TEST_DIST, file));
    const committed = readFileSync(join('dist', file));
    expect(committed.length).toBe(built.length);
    expect(committed.equals(built)).toBe(true);
  });
});
