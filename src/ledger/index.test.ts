import { describe, expect, it } from 'vitest';
import { advanceLedger, emptyLedger, readLedger, serializeLedger } from './index.js';

const outcome = (since: string, until: string, chained = true) => ({
  since,
  until,
  chained,
  pending: [7],
  clusters: [{ fingerprint: 'v1:aaaa', firstSeen: `${since.slice(0, 11)}09:00:00Z`, lastSeen: `${since.slice(0, 11)}10:00:00Z`, runIds: [1, 2] }],
});

describe('ledger', () => {
  it('round-trips through the hidden block', () => {
    const l = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    const body = `report text\n${serializeLedger(l)}\n`;
    expect(readLedger(body)).toEqual({ ledger: l, problem: null });
  });

  it('cannot be closed early by a value holding -->', () => {
    const l = emptyLedger();
    l.clusters['v1:x-->y'] = { firstSeen: '<!--', lastSeen: '-->', runs: 1, subIssue: null };
    const block = serializeLedger(l);
    expect(block.indexOf('-->')).toBe(block.length - 3);
    expect(readLedger(block).ledger?.clusters['v1:x-->y']?.lastSeen).toBe('-->');
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

  it('moves the chain and the pending runs forward on a chained window', () => {
    const l = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    expect(l.lastUntil).toBe('2026-04-22T13:14:00Z');
    expect(l.pending).toEqual([7]);
    expect(l.clusters['v1:aaaa']).toMatchObject({ runs: 2 });
  });

  it('an explicit window leaves the chain alone', () => {
    const chained = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    const l = advanceLedger(chained, { ...outcome('2026-04-21T00:00:00Z', '2026-04-21T06:00:00Z', false), pending: [99] });
    expect(l.lastUntil).toBe('2026-04-22T13:14:00Z');
    expect(l.pending).toEqual([7]);
    expect(l.windows.map((w) => w.until)).toEqual(['2026-04-21T06:00:00Z', '2026-04-22T13:14:00Z']);
    expect(l.clusters['v1:aaaa']).toMatchObject({ firstSeen: '2026-04-21T09:00:00Z', lastSeen: '2026-04-22T10:00:00Z', runs: 4 });
  });

  it('re-running a reported window changes nothing', () => {
    const once = advanceLedger(emptyLedger(), outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    const twice = advanceLedger(once, outcome('2026-04-22T07:14:00Z', '2026-04-22T13:14:00Z'));
    expect(twice).toEqual(once);
  });
});
