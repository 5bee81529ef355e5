import { describe, expect, it } from 'vitest';
import { cell, code, fence, neutralize, safeText } from './safe.js';

const ZW = '\u200b';

describe('neutralize', () => {
  it.each([
    ['ping @octo-admin now', `ping @${ZW}octo-admin now`],
    ['see #123 and GH-45', `see #${ZW}123 and GH-${ZW}45`],
    ['user@example.com stays an address', 'user@example.com stays an address'],
    ['colour #fff and &#123; are not references', 'colour #fff and &#123; are not references'],
    ['<!-- ci-failure-investigator:state {} -->', `<${ZW}!-- ci-failure-investigator:state {} --${ZW}>`],
  ])('%j', (input, output) => expect(neutralize(input)).toBe(output));
});

describe('safeText', () => {
  it('masks secrets before anything else', () => {
    const out = safeText('token ghp_abcdefghijklmnopqrstuvwxyz0123456789 for @bot');
    expect(out).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(out).toContain(`@${ZW}bot`);
  });
});

describe('fence', () => {
  it('uses a fence longer than any backtick run in the text', () => {
    const f = fence('before\n````\ninjected **markdown**\n````\nafter');
    const open = f.split('\n')[0]!;
    expect(open).toBe('`````text');
    expect(f.endsWith('\n`````')).toBe(true);
  });

  it('uses three backticks for plain text', () => expect(fence('plain')).toBe('```text\nplain\n```'));
});

describe('cell and code', () => {
  it('keeps a table row whole', () => {
    expect(cell('a | b\nc')).toBe('a \\| b c');
    expect(cell('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('wraps text holding backticks in a longer code span', () => {
    expect(code('run `npm test`')).toBe('`` run `npm test` ``');
  });
});
