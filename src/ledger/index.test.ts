import { describe, expect, it } from 'vitest';
import { advanceLedger, emptyLedger, quietWindows, readLedger, rebuildLedger, serializeLedger, type WindowOutcome } from './index.js';

const outcome = (since: string, until: string, chained = true, runIds = [1, 2]): WindowOutcome => ({
  since,
  until,
  chained,
  pending: [7],
  counted: Object.fromEntries(runIds.map((id) => [String(id), `${since.slice(0, 11)}09:00:00Z`])),
  clusters: [
    {
      fingerprint: 'v1:aaaa',
      title: 'Codex 401',
      example: 'ERROR: Reconnecting... <n>/<n>',
      ruleId: 'codex-proxy-401-loop',
      firstSeen: `${since.slice(0, 11)}09:00:00Z`,
      lastSeen: `${since.slice(0, 11)}10:00:00Z`,
      runIds,
    },
  ],
});

describe('ledger', () => {
  it('round-trips through the hidden block', () => {
    const l = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    const body = `report text\n${serializeLedger(l)}\n`;
    expect(readLedger(body)).toEqual({ ledger: l, problem: null });
  });

  it('reads a version 1 block and upgrades it', () => {
    const v1 = '<!-- ci-failure-investigator:state {"v":1,"lastUntil":"2026-04-22T13:14:00Z","windows":[],"pending":[],"clusters":{"v1:a":{"firstSeen":"x","lastSeen":"y","runs":2,"subIssue":5}}} -->';
    const r = readLedger(v1);
    expect(r.ledger?.v).toBe(2);
    expect(r.ledger?.clusters['v1:a']).toMatchObject({ subIssue: 5, state: 'open', hits: [] });
  });

  it('cannot be closed early by a value holding -->', () => {
    const l = advanceLedger(emptyLedger(), { ...outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'), clusters: [{ ...outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z').clusters[0]!, title: 'a --> b <!--' }] });
    const block = serializeLedger(l);
    expect(block.indexOf('-->')).toBe(block.length - 3);
    expect(readLedger(block).ledger?.clusters['v1:aaaa']?.title).toBe('a --> b <!--');
  });

  it.each([
    ['no block', 'just a report', /no state block/],
    ['bad JSON', '<!-- ci-failure-investigator:state {nope} -->', /not valid JSON/],
    ['wrong version', '<!-- ci-failure-investigator:state {"v":9,"lastUntil":null,"windows":[],"pending":[],"clusters":{}} -->', /invalid at 'v'/],
  ])('reports a damaged ledger (%s) instead of resetting it silently', (_, body, problem) => {
    const r = readLedger(body);
    expect(r.ledger).toBeNull();
    expect(r.problem).toMatch(problem);
  });

  it('moves the chain, the pending runs and the hits forward on a chained window', () => {
    const l = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    expect(l.lastUntil).toBe('2026-04-22T13:14:00Z');
    expect(l.pending).toEqual([7]);
    expect(l.clusters['v1:aaaa']).toMatchObject({ runs: 2, hits: [['2026-04-22T13:14:00Z', 2]] });
  });

  it('an explicit window leaves the chain alone', () => {
    const chained = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    const l = advanceLedger(chained, { ...outcome('2026-04-21T00:00:00Z', '2026-04-21T06:00:00Z', false, [3]), pending: [99] });
    expect(l.lastUntil).toBe('2026-04-22T13:14:00Z');
    expect(l.pending).toEqual([7]);
    expect(l.windows.map((w) => w.until)).toEqual(['2026-04-21T06:00:00Z', '2026-04-22T13:14:00Z']);
    expect(l.clusters['v1:aaaa']).toMatchObject({ firstSeen: '2026-04-21T09:00:00Z', lastSeen: '2026-04-22T10:00:00Z', runs: 3 });
  });

  it('re-running a reported window changes nothing', () => {
    const once = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    const twice = advanceLedger(once, outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    expect(twice).toEqual(once);
  });

  it('counts a run once when windows overlap', () => {
    const a = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', true, [1, 2]));
    const b = advanceLedger(a, outcome('2026-04-22T12:00:00Z', '2026-04-22T18:00:00Z', false, [2, 3]));
    expect(b.clusters['v1:aaaa']!.runs).toBe(3);
  });

  it('forgets counted runs after 7 days', () => {
    const a = advanceLedger(emptyLedger(), outcome('2026-04-01T00:00:00Z', '2026-04-01T06:00:00Z', true, [1]));
    const b = advanceLedger(a, outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z', true, [2]));
    expect(Object.keys(b.counted)).toEqual(['2']);
  });

  it('counts the quiet windows since the last hit', () => {
    let l = advanceLedger(emptyLedger(), outcome('2026-04-22T01:00:00Z', '2026-04-22T07:00:00Z'));
    for (const [s, u] of [['2026-04-22T07:00:00Z', '2026-04-22T13:00:00Z'], ['2026-04-22T13:00:00Z', '2026-04-22T19:00:00Z']]) {
      l = advanceLedger(l, { ...outcome(s!, u!), clusters: [] });
    }
    expect(quietWindows(l, l.clusters['v1:aaaa']!)).toBe(2);
  });

  it('is rebuilt from our sub-issues when lost, keeping their numbers', () => {
    const l = rebuildLedger({ subIssues: [{ fingerprint: 'v1:aaaa', number: 12, title: 'Codex 401', state: 'open', createdAt: '2026-04-22T10:00:00Z' }], lastUntil: '2026-04-22T13:14:00Z' });
    expect(l.clusters['v1:aaaa']).toMatchObject({ subIssue: 12, state: 'open' });
    expect(l.lastUntil).toBe('2026-04-22T13:14:00Z');
  });
});
