import { describe, expect, it } from 'vitest';
import { analyzeLog, analyzeSection, splitLogFile } from './index.js';
import { ghCliLog, ghaLog } from './testkit.js';

const TWO_JOBS = ghCliLog([
  ['build', 'Set up job', "Current runner version: '2.323.0'"],
  ['build', 'Run npm ci', '##[group]Run npm ci'],
  ['build', 'Run npm ci', '##[endgroup]'],
  ['build', 'Run npm ci', 'npm error code ERESOLVE'],
  ['build', 'Run npm ci', 'npm error ERESOLVE unable to resolve dependency tree'],
  ['build', 'Run npm ci', '##[error]Process completed with exit code 1.'],
  ['test (20)', 'Set up job', "Current runner version: '2.323.0'"],
  ['test (20)', 'Run npm test', '##[group]Run npm test'],
  ['test (20)', 'Run npm test', '\x1b[36;1mnpm test\x1b[0m'],
  ['test (20)', 'Run npm test', '##[endgroup]'],
  ['test (20)', 'Run npm test', '> widgets@1.0.0 test'],
  ['test (20)', 'Run npm test', '/bin/sh: 1: vitest: not found'],
  ['test (20)', 'Run npm test', '##[error]Process completed with exit code 127.'],
]);

describe('splitLogFile', () => {
  it('cuts gh-cli output into one section per job, without the job/step columns', () => {
    const sections = splitLogFile(TWO_JOBS);
    expect(sections.map((s) => [s.job, s.format, s.lineOffset])).toEqual([
      ['build', 'gh-cli', 0],
      ['test (20)', 'gh-cli', 6],
    ]);
    const test = sections[1];
    expect(test?.text.split('\n')[0]).toMatch(/^2026-04-22T09:46:06\.\d{7}Z Current runner version/);
    expect(test?.text).not.toContain('\t');
    expect(test?.stepStarts).toEqual([
      { line: 1, name: 'Set up job' },
      { line: 2, name: 'Run npm test' },
    ]);
  });

  it('maps each section line back to its file line', () => {
    const fileLines = TWO_JOBS.split('\n');
    for (const s of splitLogFile(TWO_JOBS)) {
      const ev = analyzeSection(s);
      expect(ev.failureLine).not.toBeNull();
      const n = (ev.failureLine?.number ?? 0) + s.lineOffset;
      expect(fileLines[n - 1]).toContain(ev.failureLine?.text ?? '#');
    }
  });

  it('analyzes each job with its own failed step and failure line', () => {
    const [build, test] = splitLogFile(TWO_JOBS).map((s) => analyzeSection(s));
    expect(build?.failureLine).toEqual({ number: 5, text: 'npm error ERESOLVE unable to resolve dependency tree' });
    expect(build?.failedStep).toBe('Run npm ci');
    expect(test?.failureLine).toEqual({ number: 6, text: '/bin/sh: 1: vitest: not found' });
    expect(test?.failedStep).toBe('Run npm test');
    expect(test?.exitCode).toBe(127);
  });

  it('reads the step column when the whole gh-cli file is analyzed at once', () => {
    const ev = analyzeLog(TWO_JOBS);
    expect(ev.format).toBe('gh-cli');
    expect(ev.failureLine?.number).toBe(5);
    expect(ev.failedStep).toBe('Run npm ci');
  });

  it('keeps a raw job log or a plain file whole', () => {
    const raw = ghaLog(['Current runner version', 'Error: boom']);
    expect(splitLogFile(raw)).toEqual([{ job: null, format: 'gha', text: raw, lineOffset: 0 }]);
    expect(splitLogFile('make: *** [all] Error 2\n')).toEqual([{ job: null, format: 'plain', text: 'make: *** [all] Error 2\n', lineOffset: 0 }]);
  });

  it('gives one plain section for an empty file', () => {
    expect(splitLogFile('')).toEqual([{ job: null, format: 'plain', text: '', lineOffset: 0 }]);
  });
});
