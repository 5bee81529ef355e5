// createLogAnalyzer: the same evidence as analyzeLog, whatever the chunks a stream arrives in.
import { describe, expect, it } from 'vitest';
import { analyzeLog, createLogAnalyzer, type AnalyzeOptions } from './index.js';
import { CANCELLED, JENKINS_PLAIN, JEST_FAILURE, PYTEST_TWO_FAILURES, PYTHON_TRACEBACK, TSC_FAILURE, codexLoop, commandNotFound } from './sample-logs.js';
import { ghCliLog, ghaLog } from './testkit.js';

/** Cuts `text` into chunks of the given sizes, cycling through them. */
function chunks(text: string, sizes: number[]): string[] {
  const out: string[] = [];
  for (let pos = 0, i = 0; pos < text.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(text.slice(pos, pos + n));
    pos += n;
  }
  return out;
}

function streamed(parts: string[], opts: AnalyzeOptions = {}) {
  const a = createLogAnalyzer(opts);
  for (const p of parts) a.push(p);
  return a.end();
}

const LOGS: Array<[string, string]> = [
  ['codex loop', ghaLog(codexLoop())],
  ['command not found', ghaLog(commandNotFound())],
  ['pytest', ghaLog(PYTEST_TWO_FAILURES)],
  ['jest, CRLF', ghaLog(JEST_FAILURE, { crlf: true })],
  ['tsc', ghaLog(TSC_FAILURE)],
  ['traceback', ghaLog(PYTHON_TRACEBACK)],
  ['cancelled', ghaLog(CANCELLED)],
  ['plain, no trailing newline', JENKINS_PLAIN.join('\n')],
  ['gh-cli', ghCliLog(TSC_FAILURE.map((t) => ['build', 'Run tsc', t] as const))],
];

describe('createLogAnalyzer', () => {
  it.each(LOGS)('%s: same evidence as analyzeLog in any chunking', (_name, text) => {
    const whole = analyzeLog(text);
    for (const sizes of [[1], [3], [7, 1, 64], [100_000], [17, 4096, 2]]) {
      expect(streamed(chunks(text, sizes))).toEqual(whole);
    }
  });

  it('passes options on (steps, conclusion, window size)', () => {
    const text = ghaLog(CANCELLED);
    const opts: AnalyzeOptions = { conclusion: 'cancelled', before: 3, after: 1 };
    expect(streamed(chunks(text, [5]), opts)).toEqual(analyzeLog(text, opts));
  });

  it('handles an empty stream, blank lines and a stream without a final newline', () => {
    expect(streamed([])).toEqual(analyzeLog(''));
    expect(streamed(['\n\n', '\n'])).toEqual(analyzeLog('\n\n\n'));
    expect(streamed(['Error: boo', 'm'])).toEqual(analyzeLog('Error: boom'));
  });

  it('cuts a 10 MB line split across chunks, keeping only MAX_LINE_CHARS of it', () => {
    const a = createLogAnalyzer();
    a.push('Error: ');
    for (let i = 0; i < 100; i++) a.push('x'.repeat(100_000));
    a.push('\nok\n');
    const ev = a.end();
    expect(ev.lineCount).toBe(2);
    expect(ev.failureLine?.number).toBe(1);
    expect(ev.failureLine?.text.length).toBeLessThanOrEqual(4096);
  });

  it('does not crash on binary chunks', () => {
    let seed = 11;
    const a = createLogAnalyzer();
    for (let k = 0; k < 20; k++) {
      const bytes = Buffer.alloc(10_000);
      for (let i = 0; i < bytes.length; i++) bytes[i] = seed = (seed * 1103515245 + 12345) & 0xff;
      a.push(bytes.toString('latin1'));
    }
    expect(() => a.end()).not.toThrow();
  });

  it('finds the failure at the end of a long stream, with its context', () => {
    const a = createLogAnalyzer({ format: 'plain' });
    for (let i = 0; i < 200_000; i++) a.push(`compiling module ${i} of 200000\n`);
    a.push('src/widgets/cart.c:42:7: error: use of undeclared identifier \'total\'\n1 error generated.\n');
    const ev = a.end();
    expect(ev.failureLine).toEqual({ number: 200_001, text: "src/widgets/cart.c:42:7: error: use of undeclared identifier 'total'" });
    expect(ev.context.map((l) => l.number)).toEqual(Array.from({ length: 22 }, (_, i) => 199_981 + i));
  });
});
