// Where the shared corpus lives (../shared/corpus next to the repository, or CFI_CORPUS), and the
// small helpers the benchmarks share. Corpus text is read at bench time, never copied anywhere.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './build.mjs';

export const CORPUS = resolve(process.env.CFI_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));

/** The corpus folder `name`, or null after saying that it is missing. */
export function corpusDir(name) {
  const dir = join(CORPUS, name);
  if (existsSync(dir)) return dir;
  console.log(`_${name}: not found at ${dir}; skipped (set CFI_CORPUS to the corpus folder)._\n`);
  return null;
}

/** Extracts bugswarm-gha's github_data.tar.xz into a fresh temp dir; returns it and a cleanup. */
export function extractBugswarm(dir) {
  const tmp = mkdtempSync(join(tmpdir(), 'cfi-bench-bugswarm-'));
  execFileSync('tar', ['-xJf', join(dir, 'github_data.tar.xz'), '-C', tmp]);
  return { root: tmp, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Files under `dir`, recursively, sorted. */
export function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A markdown table from a header row and rows. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
