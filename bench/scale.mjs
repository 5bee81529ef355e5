// Clustering at scale (issue 5): 100,000 failure lines made from the corpus's real failure lines
// with varied ids, paths and numbers; seconds and peak RSS of (a) normalizing every line, (b)
// clustering the signed failures, (c) signing + clustering, each in its own child process, side by
// side in one run. The goal: clustering costs at most 2× normalizing (no quadratic step).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS } from './corpus.mjs';
import { loadLib } from './lib.mjs';

const N = Number(process.env.CFI_SCALE_N ?? 100_000);

/** Real failure lines: pytorch's marked lines and treeherder's labelled error lines. */
function baseLines() {
  const lines = [];
  const py = join(CORPUS, 'pytorch-log-classifier', 'labels.jsonl');
  if (existsSync(py)) for (const l of readFileSync(py, 'utf8').trim().split('\n')) lines.push(JSON.parse(l).match.clean_line);
  const th = join(CORPUS, 'treeherder', 'logs');
  if (existsSync(th)) {
    for (const f of readdirSync(th).filter((x) => x.endsWith('.logview.json')).sort()) {
      const j = JSON.parse(readFileSync(join(th, f), 'utf8'));
      const steps = j.step_data?.steps ?? j.steps ?? [];
      for (const s of steps) for (const e of s.errors ?? []) if (e.line) lines.push(String(e.line).slice(0, 400));
    }
  }
  return lines;
}

/** Deterministic variations: other numbers, hex ids and directory names in the same line. */
function vary(line, i) {
  let k = i;
  const next = () => ((k = (k * 1103515245 + 12345) >>> 0), k);
  return line
    .replace(/\b\d{2,}\b/g, () => String(next() % 100000))
    .replace(/\b[0-9a-f]{8,40}\b/g, (m) => next().toString(16).padStart(8, '0').slice(0, m.length))
    .replace(/\/(tmp|home\/runner\/work)\/[\w.-]+/g, (_m, root) => `/${root}/d${next() % 997}`);
}

async function child(mode) {
  const lib = await loadLib();
  const base = baseLines();
  const lines = Array.from({ length: N }, (_, i) => vary(base[i % base.length], i));
  const signed = mode === 'normalize' ? null : lines.map((line) => lib.signFacts({ line, context: [line], failedStep: 'Run tests', conclusion: 'failure' }));
  const records =
    mode === 'cluster'
      ? signed.map((s, i) => ({ runId: i + 1, runAttempt: 1, runUrl: '', workflow: `wf${i % 40}`, workflowPath: '', branch: 'main', event: 'push', headSha: 'a', createdAt: '2026-04-22T09:00:00Z', runConclusion: 'failure', jobId: i + 1, jobName: 'job', jobUrl: null, jobConclusion: 'failure', failedStep: 'Run tests', failureLine: { number: 1, text: lines[i] }, context: [], testNames: [], engine: null, agent: null, notes: [], ...s }))
      : null;
  const t0 = performance.now();
  if (mode === 'normalize') for (const l of lines) lib.normalizeLine(l);
  else if (mode === 'sign') for (const l of lines) lib.signFacts({ line: l, context: [l], failedStep: 'Run tests', conclusion: 'failure' });
  else lib.clusterFailures(records, { runs: [] });
  const ms = performance.now() - t0;
  const out = mode === 'cluster' ? lib.clusterFailures(records, { runs: [] }).length : null;
  process.stdout.write(JSON.stringify({ mode, ms, rssMb: process.resourceUsage().maxRSS / 1024, clusters: out, baseLines: base.length }));
}

export async function main() {
  console.log('## Clustering at scale\n');
  if (!existsSync(CORPUS)) {
    console.log(`_${CORPUS} not found: scale not measured._\n`);
    return;
  }
  await loadLib();
  const self = fileURLToPath(import.meta.url);
  const run = (mode) => JSON.parse(execFileSync(process.execPath, [self, '--child', mode], { env: { ...process.env, CFI_BENCH_NO_BUILD: '1' }, maxBuffer: 1 << 20 }).toString());
  const reps = Number(process.env.CFI_SCALE_REPS ?? 3);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = {};
  for (let r = 0; r < reps; r++) for (const mode of ['normalize', 'sign', 'cluster']) (rows[mode] ??= []).push(run(mode));
  const norm = median(rows.normalize.map((x) => x.ms));
  console.log(`${N.toLocaleString('en-US')} lines from ${rows.normalize[0].baseLines} real failure lines; median of ${reps} runs, each in its own process.\n`);
  console.log('| step | seconds | ratio to normalizing | peak RSS MB | clusters |');
  console.log('|---|---|---|---|---|');
  for (const mode of ['normalize', 'sign', 'cluster']) {
    const ms = median(rows[mode].map((x) => x.ms));
    const rss = Math.max(...rows[mode].map((x) => x.rssMb));
    const label = { normalize: 'normalize every line (the floor)', sign: 'classify + normalize + fingerprint every line', cluster: 'cluster the signed failures (incl. near-duplicate merge)' }[mode];
    console.log(`| ${label} | ${(ms / 1000).toFixed(2)} | ${(ms / norm).toFixed(2)}× | ${rss.toFixed(0)} | ${rows[mode][0].clusters ?? '—'} |`);
  }
  console.log('');
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else if (process.argv[1]?.endsWith('scale.mjs')) await main();
