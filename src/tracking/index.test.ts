import { describe, expect, it } from 'vitest';
import { matches, parseTracker, trackersOf, type TrackerIssue } from './index.js';

const issue = (number: number, body: string, state: 'open' | 'closed' = 'open'): TrackerIssue => ({ number, id: number + 1000, title: `#${number}`, body, state, labels: [] });

describe('parseTracker', () => {
  it('reads our marker and a person’s matcher block', () => {
    const t = parseTracker(
      [
        'We see 401s.',
        '<!-- ci-failure-investigator:cluster fp=v1:53611a18a2c14cb5 -->',
        '```ci-failure-investigator',
        'pattern: "401 Unauthorized"',
        '```',
        '~~~ci-failure-investigator',
        'signature: "node: command not found"',
        '~~~',
      ].join('\n'),
    );
    expect(t.fingerprints).toEqual(['v1:53611a18a2c14cb5']);
    expect(t.matchers).toEqual([
      { pattern: /401 Unauthorized/i, signature: null },
      { pattern: null, signature: 'node: command not found' },
    ]);
    expect(t.problems).toEqual([]);
  });

  it.each([
    ['```ci-failure-investigator\npattern: [unclosed\n```', /not valid YAML/],
    ['```ci-failure-investigator\nowner: me\n```', /needs pattern: or signature:/],
    ['```ci-failure-investigator\npattern: "(a"\n```', /not a valid regular expression/],
  ])('says what is wrong with a bad block: %j', (body, problem) => {
    const t = parseTracker(body);
    expect(t.matchers).toEqual([]);
    expect(t.problems[0]).toMatch(problem);
  });

  it('ignores other fenced blocks', () => {
    expect(parseTracker('```yaml\npattern: x\n```').matchers).toEqual([]);
  });
});

describe('matching', () => {
  const codex = { fingerprint: 'v1:aaaa', signature: 'ERROR: Reconnecting... <n>/<n> (unexpected status 401 Unauthorized)', lines: ['ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized)'] };
  const node = { fingerprint: 'v1:bbbb', signature: '/bin/bash: line <n>: node: command not found', lines: ['/bin/bash: line 1: node: command not found'] };

  it.each([
    [{ pattern: /401 unauthorized/i, signature: null }, true, false],
    [{ pattern: null, signature: 'node: command not found' }, false, true],
    [{ pattern: null, signature: 'v1:aaaa' }, true, false],
    [{ pattern: /Reconnecting/i, signature: 'node' }, false, false],
  ])('%j → codex %s, node %s', (m, a, b) => {
    expect(matches(m, codex)).toBe(a);
    expect(matches(m, node)).toBe(b);
  });

  it('maps clusters to the issues that track them, the report excluded', () => {
    const map = trackersOf(
      [codex, node],
      [
        issue(27731, '```ci-failure-investigator\npattern: "401 Unauthorized"\n```'),
        issue(27800, '<!-- ci-failure-investigator:cluster fp=v1:bbbb -->'),
        issue(27850, '<!-- ci-failure-investigator:cluster fp=v1:aaaa -->'),
      ],
      new Set([27850]),
    );
    expect(map.get('v1:aaaa')?.map((t) => [t.issue.number, t.how])).toEqual([[27731, 'matcher']]);
    expect(map.get('v1:bbbb')?.map((t) => [t.issue.number, t.how])).toEqual([[27800, 'marker']]);
  });
});
