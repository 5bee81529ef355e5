import { describe, expect, it } from 'vitest';
import { isAgenticRun } from './collect.js';
import type { Job } from './types.js';

const job = (name: string, steps: string[] = []): Job =>
  ({ id: 1, run_id: 1, name, status: 'completed', conclusion: 'failure', started_at: '', completed_at: null, html_url: null, run_attempt: 1, labels: [], steps: steps.map((s, i) => ({ name: s, number: i + 1, status: 'completed', conclusion: 'success' })) }) as unknown as Job;

describe('isAgenticRun', () => {
  it.each([
    ['a gh-aw lock file', '.github/workflows/daily-news.lock.yml', [job('build')], true],
    ['a job named agent', '.github/workflows/x.yml', [job('activation'), job('agent')], true],
    ['a matrix agent job', '.github/workflows/x.yml', [job('agent (codex)')], true],
    ['an Execute … CLI step', '.github/workflows/x.yml', [job('run', ['Set up job', 'Execute Claude Code CLI'])], true],
    ['a plain CI run', '.github/workflows/ci.yml', [job('build', ['Run tests']), job('test')], false],
    ['a job only named like agent', '.github/workflows/ci.yml', [job('agent-docs-build')], false],
    ['no jobs', '.github/workflows/ci.yml', [], false],
  ])('%s → %s', (_name, path, jobs, agentic) => {
    expect(isAgenticRun({ path }, jobs)).toBe(agentic);
  });
});
