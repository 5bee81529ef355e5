import { describe, expect, it } from 'vitest';
import { computeWindow, isEmptyWindow } from './window.js';

const now = new Date('2026-04-22T13:14:00Z');
const H = 3_600_000;
const iso = (d: Date) => d.toISOString();

describe('computeWindow', () => {
  it('first run without a ledger: the last --window', () => {
    const w = computeWindow({ now, since: null, until: null, windowMs: 6 * H, lastUntil: null });
    expect([iso(w.since), iso(w.until), w.chained]).toEqual(['2026-04-22T07:14:00.000Z', '2026-04-22T13:14:00.000Z', true]);
  });

  it('chains from the last until, so a skipped schedule leaves no gap', () => {
    const w = computeWindow({ now, since: null, until: null, windowMs: 6 * H, lastUntil: new Date('2026-04-22T01:14:00Z') });
    expect(iso(w.since)).toBe('2026-04-22T01:14:00.000Z');
    expect(w.note).toBeNull();
  });

  it('a chained run at the same clock has an empty window', () => {
    const w = computeWindow({ now, since: null, until: null, windowMs: 6 * H, lastUntil: now });
    expect(isEmptyWindow(w)).toBe(true);
  });

  it('cuts a gap over 7 days and says so', () => {
    const w = computeWindow({ now, since: null, until: null, windowMs: 6 * H, lastUntil: new Date('2026-04-01T00:00:00Z') });
    expect(iso(w.since)).toBe('2026-04-15T13:14:00.000Z');
    expect(w.note).toMatch(/cut to the last 7 days/);
  });

  it('an explicit range is taken as given and leaves the chain alone', () => {
    const w = computeWindow({ now, since: '2026-04-22T01:00:00Z', until: '2026-04-22T02:00:00Z', windowMs: 6 * H, lastUntil: now });
    expect([iso(w.since), iso(w.until), w.chained]).toEqual(['2026-04-22T01:00:00.000Z', '2026-04-22T02:00:00.000Z', false]);
  });

  it('a relative since counts back from the clock', () => {
    const w = computeWindow({ now, since: '30m', until: null, windowMs: 6 * H, lastUntil: null });
    expect([iso(w.since), iso(w.until)]).toEqual(['2026-04-22T12:44:00.000Z', '2026-04-22T13:14:00.000Z']);
  });
});
