import { describe, expect, it } from 'vitest';
import { parseLine } from './clean.js';
import { rankLine } from './linerank.js';
import * as samples from './sample-logs.js';
import { DIRTY, G, HIT, QUIETISH, scanTriggers, triggerGroups } from './trigger.js';

/** Every line of the sample logs (written for the tests; they carry no timestamps). */
const SAMPLE_LINES: string[] = Object.values(samples).flatMap((v) => (typeof v === 'function' ? (v as () => string[])() : Array.isArray(v) ? (v as string[]) : []));

const scan = (s: string): number => scanTriggers(s, 0, s.length);

describe('scanTriggers', () => {
  it.each([
    ['Error: Input required and not supplied: token', G.err],
    ['FAILED tests/test_api.py::test_create_widget - assert 500 == 201', G.fail],
    ['npm ERR! ERESOLVE unable to resolve dependency tree', G.err],
    ['curl: (6) Could not resolve host: registry.example.com', G.invalid],
    ['ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized)', G.err],
    ['  ● Cart › applies discount codes', G.test],
    ['Caused by: dns error', G.check],
  ])('stops at the first trigger word: %s', (text, group) => {
    expect(scan(text) & HIT).toBe(group);
  });

  it('collects every group with triggerGroups', () => {
    const g = triggerGroups('curl: (6) Could not resolve host: registry.example.com');
    expect(g & G.invalid).toBeTruthy();
    expect(g & G.network).toBeTruthy();
  });

  it.each([
    'Compiled 120 files',
    'Downloading https://repo.maven.apache.org/maven2/org/x/1.0/x-1.0.pom',
    'added 1289 packages in 14s',
    '',
  ])('finds nothing in a line without trigger words: %j', (text) => {
    expect(scan(text)).toBe(0);
  });

  it.each([
    ['\x1b[31mError\x1b[0m: boom'],
    ['50%\r100%'],
    ['a\u0000b'],
    ['text with a \uFEFF inside'],
  ])('reports control characters before anything else: %j', (text) => {
    expect(scan(text) & DIRTY).toBe(DIRTY);
  });

  it('flags possible quiet lines', () => {
    expect(scan('[INFO] Building widgets 1.0') & QUIETISH).toBe(QUIETISH);
    expect(scan('12:00:01.123 [main] WARN  c.e.Uploader - upload retried') & QUIETISH).toBe(QUIETISH);
    expect(scan('tests/test_a.py::test_b PASSED') & QUIETISH).toBe(QUIETISH);
    expect(scan('Compiled 120 files') & QUIETISH).toBe(0);
  });

  it('is case-insensitive and ignores non-ASCII text around the words', () => {
    expect(scan('ÉCHEC: la tâche a FAILED après 3 essais') & HIT).toBe(G.fail);
    expect(scan('ビルド ERROR 発生') & HIT).toBe(G.err);
  });

  // The fast path (analyze.ts) skips a line the scanner finds nothing in: every line the rules
  // rank must hold a trigger word, or start with a form rankLine knows by position.
  it('finds a trigger in every line the rules rank', () => {
    expect(SAMPLE_LINES.length).toBeGreaterThan(100);
    for (const raw of SAMPLE_LINES) {
      const p = parseLine(raw);
      const line = p.text;
      if (p.marker !== null || rankLine(line, null) === null) continue;
      const anchored = /^(?:E\s|e: )/.test(line);
      expect({ line, hit: (scan(line) & HIT) !== 0 || anchored }).toEqual({ line, hit: true });
    }
  });
});
