// End to end: `analyze` on log files written here in the formats it meets in the wild.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles, createFileAnalyzer, fileEvidence, type AnalysisResult } from '../src/analyze/index.js';
import { runCli } from './support/cli.js';

const ts = (s: number) => `2026-04-22T09:46:${String(s).padStart(2, '0')}.1234567Z`;

const ghaNodeMissing = [
  `\uFEFF${ts(0)} ##[group]Run actions/checkout@v5`,
  `${ts(1)} with:`,
  `${ts(1)}   repository: octo-org/agent-factory`,
  `${ts(2)} ##[endgroup]`,
  `${ts(3)} ##[group]Run copilot --prompt "$(cat prompt.txt)"`,
  `${ts(3)} copilot --prompt "$(cat prompt.txt)"`,
  `${ts(3)} shell: /usr/bin/bash -e {0}`,
  `${ts(4)} ##[endgroup]`,
  `${ts(5)} Starting GitHub Copilot CLI in the sandbox`,
  `${ts(6)} /bin/bash: line 1: node: command not found`,
  `${ts(7)} ##[error]Process completed with exit code 127.`,
  `${ts(8)} Post job cleanup.`,
].join('\n');

const ghaSidecar = (container: string) =>
  [
    `${ts(0)} ##[group]Run docker compose up -d --wait`,
    `${ts(0)} docker compose up -d --wait`,
    `${ts(1)} ##[endgroup]`,
    `${ts(2)}  Container ${container}  Started`,
    `${ts(3)}  Container ${container}  Waiting`,
    `${ts(9)}  Container ${container}  Error`,
    `${ts(9)} dependency failed to start: container ${container} is unhealthy`,
    `${ts(10)} ##[error]Process completed with exit code 1.`,
  ].join('\n');

const ghCli = [
  `agent\tExecute GitHub Copilot CLI\t${ts(5)} Starting GitHub Copilot CLI in the sandbox`,
  `agent\tExecute GitHub Copilot CLI\t${ts(6)} /bin/bash: line 1: node: command not found`,
  `agent\tExecute GitHub Copilot CLI\t${ts(7)} ##[error]Process completed with exit code 127.`,
  `smoke\tStart sidecars\t${ts(8)} dependency failed to start: container awf-api-proxy is unhealthy`,
  `smoke\tStart sidecars\t${ts(9)} ##[error]Process completed with exit code 1.`,
].join('\n');

let dir: string;
let result: AnalysisResult;
const byPath = (p: string) => result.logs.filter((l) => l.path === p);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cfi-analyze-'));
  mkdirSync(join(dir, 'logs', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'logs', 'b-node.txt'), ghaNodeMissing);
  writeFileSync(join(dir, 'logs', 'nested', 'a-sidecar.txt.gz'), gzipSync(ghaSidecar('awf-api-proxy')));
  writeFileSync(join(dir, 'failed.txt'), ghCli);
  writeFileSync(join(dir, 'clean.txt'), 'Compiling...\nAll 42 tests passed.\nDone in 3.2s\n');
  const r = await runCli(['analyze', join(dir, 'logs'), join(dir, 'failed.txt'), join(dir, 'clean.txt'), '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  result = JSON.parse(r.stdout) as AnalysisResult;
});

describe('analyze --format json', () => {
  it('reads directories recursively in sorted order, then the files as given', () => {
    expect(result.logs.map((l) => [l.path, l.job])).toEqual([
      [join(dir, 'logs', 'b-node.txt'), null],
      [join(dir, 'logs', 'nested', 'a-sidecar.txt.gz'), null],
      [join(dir, 'failed.txt'), 'agent'],
      [join(dir, 'failed.txt'), 'smoke'],
      [join(dir, 'clean.txt'), null],
    ]);
  });

  it('finds the failure line, 1-based in the file, without timestamp, never the exit-code boilerplate', () => {
    const [gha] = byPath(join(dir, 'logs', 'b-node.txt'));
    expect(gha).toMatchObject({ format: 'gha', failureLine: { number: 10, text: '/bin/bash: line 1: node: command not found' } });
    const [, smoke] = byPath(join(dir, 'failed.txt'));
    expect(smoke).toMatchObject({ format: 'gh-cli', failureLine: { number: 4, text: 'dependency failed to start: container awf-api-proxy is unhealthy' } });
  });

  it('gives one cluster id to one cause in different files and formats', () => {
    const [gha] = byPath(join(dir, 'logs', 'b-node.txt'));
    const [cli] = byPath(join(dir, 'failed.txt'));
    expect(gha!.clusterId).not.toBeNull();
    expect(cli!.clusterId).toBe(gha!.clusterId);
    expect(cli!.fingerprint).toBe(gha!.fingerprint);
    const node = result.clusters.find((c) => c.id === gha!.clusterId);
    expect(node?.size).toBe(2);
  });

  it('reads gzip and keeps different causes apart', () => {
    const [gz] = byPath(join(dir, 'logs', 'nested', 'a-sidecar.txt.gz'));
    const [gha] = byPath(join(dir, 'logs', 'b-node.txt'));
    expect(gz!.failureLine?.text).toBe('dependency failed to start: container awf-api-proxy is unhealthy');
    expect(gz!.clusterId).not.toBe(gha!.clusterId);
    expect(result.clusters).toHaveLength(2);
  });

  it('a log without a failure has null failure fields', () => {
    const [clean] = byPath(join(dir, 'clean.txt'));
    expect(clean).toMatchObject({ failureLine: null, ruleId: null, signature: null, fingerprint: null, clusterId: null });
  });
});

describe('analyze, markdown', () => {
  it('prints a readable summary by default', async () => {
    const r = await runCli(['analyze', join(dir, 'logs')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## Log analysis/);
    expect(r.stdout).toContain('node: command not found');
  });

  it('names a path that does not exist', async () => {
    const r = await runCli(['analyze', join(dir, 'missing.txt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.txt does not exist/);
  });
});

describe('analyze streams each file', () => {
  // Files over 16 MiB are streamed in 1 MiB chunks, decoded one by one; smaller ones are read whole.
  const MIB = 1024 * 1024;
  const jobLines = ghaNodeMissing.split('\n');
  const cases: Array<[string, string | Buffer]> = [
    ['crlf-no-final-newline.txt', jobLines.join('\r\n')],
    ['empty.txt', ''],
    ['binary.bin', Buffer.from(Array.from({ length: 3 * MIB }, (_, i) => (i * 7919) % 256))],
  ];
  // A streamed file whose pieces land awkwardly: a first line (without a timestamp) longer than a
  // chunk, so the format must be decided on whole lines, and a multi-byte character of the failure
  // line cut by a chunk boundary.
  const head = `${'x'.repeat(3 * MIB)}\n`;
  const noise = `${ts(1)} compiling module 42 of the project into dist/chunk.js\n`;
  const failure = `${ts(2)} Error: caf`;
  const at = 17 * MIB - 1; // the first byte of `é`, last of the 17th chunk
  const fill = at - head.length - failure.length;
  const filler = noise.repeat(Math.floor(fill / noise.length) - 1);
  const last = `${ts(1)} ${'y'.repeat(fill - filler.length - ts(1).length - 2)}\n`;
  const big = Buffer.from(`${head}${filler}${last}${failure}é ☕ ${'z'.repeat(10)}\n${ts(3)} ##[error]Process completed with exit code 1.\n`, 'utf8');
  expect(big.subarray(at, at + 2).toString('utf8')).toBe('é');
  cases.push(['big-straddle.txt', big]);

  let streamDir: string;
  let streamed: AnalysisResult;
  beforeAll(async () => {
    streamDir = mkdtempSync(join(tmpdir(), 'cfi-analyze-stream-'));
    for (const [name, content] of cases) writeFileSync(join(streamDir, name), content);
    writeFileSync(join(streamDir, 'broken.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const r = await runCli(['analyze', ...cases.map(([name]) => join(streamDir, name)), join(dir, 'failed.txt'), '--format', 'json']);
    expect(r.stderr).toBe('');
    streamed = JSON.parse(r.stdout) as AnalysisResult;
  });

  it('gives what the analysis of each whole file gives', () => {
    const paths = [...cases.map(([name]) => join(streamDir, name)), join(dir, 'failed.txt')];
    expect(streamed).toEqual(analyzeFiles(paths.map((path) => ({ path, text: readFileSync(path).toString('utf8') }))));
  });

  it('decides the format on whole lines and decodes a character cut between chunks', () => {
    const at = (name: string) => streamed.logs.find((l) => l.path === join(streamDir, name))!;
    expect(at('big-straddle.txt').format).toBe('gha');
    expect(at('big-straddle.txt').failureLine?.text).toMatch(/^Error: café ☕ z+$/);
    expect(at('crlf-no-final-newline.txt').failureLine?.number).toBe(10);
    expect(at('empty.txt').failureLine).toBeNull();
  });

  it('a file analyzer fed one character at a time agrees with the whole text', () => {
    const text = readFileSync(join(dir, 'failed.txt'), 'utf8') + '\n' + ghaNodeMissing;
    for (const t of [text, ghaNodeMissing]) {
      const fa = createFileAnalyzer('x');
      for (const ch of t) fa.push(ch);
      expect(fa.end()).toEqual(fileEvidence({ path: 'x', text: t }));
    }
  });

  it('names a gzip file it cannot decompress', async () => {
    const r = await runCli(['analyze', join(streamDir, 'broken.gz')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.gz looks gzipped but cannot be decompressed/);
  });
});
