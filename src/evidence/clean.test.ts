import { describe, expect, it } from 'vitest';
import { cleanLine, detectFormat, parseLine } from './index.js';
import { ghCliLog, ghaLog } from './testkit.js';

describe('cleanLine', () => {
  it.each([
    ['BOM and timestamp', '\uFEFF2026-04-22T09:46:12.4412345Z Current runner version: 2.323.0', 'Current runner version: 2.323.0'],
    ['##[error] prefix', '2026-04-22T09:46:12.4412345Z ##[error]Process completed with exit code 1.', 'Process completed with exit code 1.'],
    ['##[warning] prefix', '2026-04-22T09:46:12.4412345Z ##[warning]Node 16 is deprecated', 'Node 16 is deprecated'],
    ['##[debug] prefix', '##[debug]Evaluating condition', 'Evaluating condition'],
    ['runner structured marker', '##[end-action id=upload;outcome=failure]', ''],
    ['workflow command', '::error file=src/a.ts,line=3::Type mismatch', 'Type mismatch'],
    ['ANSI colours', '2026-04-22T09:46:12.4412345Z \x1b[36;1mnpm test\x1b[0m', 'npm test'],
    ['OSC hyperlink', '\x1b]8;;https://x.test\x07link\x1b]8;;\x07 text', 'link text'],
    ['colour codes that lost their ESC', '[1m● [22mCart › total', '● Cart › total'],
    ['tool timestamp after the runner one', '2026-04-22T09:46:12.4412345Z [2026-04-22T09:46:12] ERROR: boom', 'ERROR: boom'],
    ['CR of CRLF', 'line one\r', 'line one'],
    ['progress bar carriage returns', 'Downloading 10%\rDownloading 55%\rDownloading 100%', 'Downloading 100%'],
    ['control bytes', 'bin\x00ary\x07 junk\x1b', 'binary junk'],
    ['indentation kept', '2026-04-22T09:46:12.4412345Z     raise ValueError(x)', '    raise ValueError(x)'],
    ['a log shipper\'s tagged timestamp', '[task 2026-04-22T09:46:12.441Z] make: *** [all] Error 2', 'make: *** [all] Error 2'],
    ['a tagged timestamp with a space', '[worker 2026-04-22 09:46:12.441Z] Result: FAILED', 'Result: FAILED'],
    ['a wrapper\'s log record around its child\'s output', '[task 2026-04-22T09:46:12.441Z] 09:46:12     INFO - TEST-UNEXPECTED-FAIL | a.html | x', 'TEST-UNEXPECTED-FAIL | a.html | x'],
  ])('%s', (_name, raw, expected) => {
    expect(cleanLine(raw)).toBe(expected);
  });

  it('turns the level of a wrapper\'s log record into the marker', () => {
    expect(parseLine('09:46:12  WARNING - returning nonzero exit status 1')).toMatchObject({ marker: 'warning', text: 'returning nonzero exit status 1' });
    expect(parseLine('09:46:12    ERROR - Return code: 1')).toMatchObject({ marker: 'error', text: 'Return code: 1' });
    expect(parseLine('09:46:12     INFO - Running tests')).toMatchObject({ marker: null, text: 'Running tests' });
    expect(parseLine('09:46:12 [main] INFO  c.e.App - started')).toMatchObject({ marker: null, text: '09:46:12 [main] INFO  c.e.App - started' });
  });

  it('keeps the timestamp and marker apart', () => {
    expect(parseLine('2026-04-22T09:46:12.4412345Z ##[error]boom')).toEqual({
      ts: '2026-04-22T09:46:12.4412345Z',
      marker: 'error',
      job: null,
      step: null,
      text: 'boom',
    });
    expect(parseLine('build\tRun npm ci\t2026-04-22T09:46:12.4412345Z npm error code 1', true)).toMatchObject({
      job: 'build',
      step: 'Run npm ci',
      text: 'npm error code 1',
    });
  });
});

describe('detectFormat', () => {
  it.each([
    ['raw GHA log with BOM', ghaLog(['Current runner version', '##[group]Run x']), 'gha'],
    ['gh run view --log-failed', ghCliLog([['build', 'Run x', 'hello']]), 'gh-cli'],
    ['plain text', 'Started by user admin\n+ make\nERROR: boom\n', 'plain'],
    ['empty', '', 'plain'],
    ['blank lines only', '\n\n  \n', 'plain'],
  ])('%s', (_name, text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});
