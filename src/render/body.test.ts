import { describe, expect, it } from 'vitest';
import { emptyLedger, readLedger } from '../ledger/index.js';
import { archiveComment, BODY_LIMIT, composeBody, layoutBody, parseSections, REPORT_MARKER } from './body.js';

const section = (since: string, until: string, text = 'body') => ({ since, until, markdown: `## CI failure report · ${since} → ${until}\n\n${text}` });

describe('layoutBody', () => {
  it('hands the sections that no longer fit back, oldest last, to be kept as comments', () => {
    let body: string | null = null;
    let dropped: string[] = [];
    for (let d = 1; d <= 20; d++) {
      const day = String(d).padStart(2, '0');
      const r = layoutBody(body, section(`2026-04-${day}T00:00:00Z`, `2026-04-${day}T06:00:00Z`, 'x'.repeat(6000)), emptyLedger());
      body = r.body;
      dropped = [...dropped, ...r.dropped.map((s) => s.until)];
    }
    const kept = parseSections(body).map((s) => s.until);
    expect([...kept, ...dropped].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `2026-04-${String(i + 1).padStart(2, '0')}T06:00:00Z`));
    expect(new Set(dropped).size).toBe(dropped.length);
    const c = archiveComment({ since: 'a', until: 'b', markdown: '## CI failure report · x\n\nbody' });
    expect(c.body).toMatch(/^<details><summary>CI failure report · x<\/summary>[\s\S]*<!-- ci-failure-investigator:archived a\/b -->$/);
  });
});

describe('composeBody', () => {
  it('starts with the marker and ends with the ledger', () => {
    const body = composeBody(null, section('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'), emptyLedger());
    expect(body.startsWith(REPORT_MARKER)).toBe(true);
    expect(readLedger(body).ledger).toEqual(emptyLedger());
    expect(parseSections(body)).toHaveLength(1);
  });

  it('puts the newest window first and folds the older ones', () => {
    let body = composeBody(null, section('2026-04-22T01:14:00Z', '2026-04-22T07:14:00Z', 'older'), emptyLedger());
    body = composeBody(body, section('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', 'newer'), emptyLedger());
    const s = parseSections(body);
    expect(s.map((x) => x.until)).toEqual(['2026-04-22T13:14:00Z', '2026-04-22T07:14:00Z']);
    expect(s[0]!.markdown.startsWith('## CI failure report')).toBe(true);
    expect(s[1]!.markdown).toMatch(/^<details><summary>CI failure report · 2026-04-22T01:14:00Z → 2026-04-22T07:14:00Z<\/summary>[\s\S]*older[\s\S]*<\/details>$/);
  });

  it('replaces the section of a window run again, in place', () => {
    const a = composeBody(null, section('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', 'first'), emptyLedger());
    const b = composeBody(a, section('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', 'second'), emptyLedger());
    expect(parseSections(b).map((s) => s.markdown)).toEqual([expect.stringContaining('second')]);
  });

  it('is idempotent: the same section twice gives the same bytes', () => {
    const s = section('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z');
    const once = composeBody(null, s, emptyLedger());
    expect(composeBody(once, s, emptyLedger())).toBe(once);
  });

  it('stays under GitHub’s body limit, dropping the oldest windows and saying so', () => {
    let body: string | null = null;
    for (let d = 1; d <= 20; d++) {
      const day = String(d).padStart(2, '0');
      body = composeBody(body, section(`2026-04-${day}T00:00:00Z`, `2026-04-${day}T06:00:00Z`, 'x'.repeat(6000)), emptyLedger());
    }
    expect(body!.length).toBeLessThan(BODY_LIMIT);
    const kept = parseSections(body);
    expect(kept[0]!.until).toBe('2026-04-20T06:00:00Z');
    expect(kept.length).toBeLessThan(20);
    expect(body).toContain('Older windows are kept as comments below');
  });
});
