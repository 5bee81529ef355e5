// End to end: record a window from the loopback GitHub, replay the recording: the same report.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../src/replay/server.js';
import { runCli } from './support/cli.js';
import { scenarioClock } from './support/scenario-facts.js';

const EXAMPLE = 'examples/seed-000';
let server: ReplayServer;
let dir: string;
let out: string;

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

beforeAll(async () => {
  server = await startReplayServer({ scenarioDir: EXAMPLE });
  dir = mkdtempSync(join(tmpdir(), 'cfi-record-'));
  out = join(dir, 'recorded');
  const r = await runCli(['record', '--repo', 'octo-org/agent-factory', '--out', out, '--self-workflow', '.github/workflows/ci-failure-investigator.yml'], {
    GITHUB_TOKEN: 'ghs_fake',
    GITHUB_API_URL: server.url,
    CI_FAILURE_INVESTIGATOR_NOW: scenarioClock(EXAMPLE),
  });
  expect(r.stderr).toMatch(/recorded \d+ runs/);
  expect(r.code).toBe(0);
});

afterAll(async () => {
  await server?.close();
});

describe('record', () => {
  it('writes a scenario directory that replays to the same report', async () => {
    const original = await runCli(['replay', EXAMPLE, '--dry-run', '--json', join(dir, 'a.json')]);
    const recorded = await runCli(['replay', out, '--dry-run', '--json', join(dir, 'b.json')]);
    expect(recorded.code).toBe(0);
    const reportOf = (s: string) => s.split('\n---\n')[0];
    expect(reportOf(recorded.stdout)).toBe(reportOf(original.stdout));
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(b.coverage).toEqual(a.coverage);
    expect(b.clusters).toEqual(a.clusters);
  });

  it('leaves no secret of the logs in the recording', () => {
    const text = filesUnder(out).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toMatch(/ghp_[A-Za-z0-9]{20,}/);
    expect(text).not.toMatch(/Bearer eyJ[\w-]+\.[\w-]+/);
    expect(text).toContain('##[error]');
  });

  it('refuses to write into a directory that is not empty', async () => {
    const r = await runCli(['record', '--repo', 'octo-org/agent-factory', '--out', out], { GITHUB_TOKEN: 'x', GITHUB_API_URL: server.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/out: .* is not empty/);
  });
});
