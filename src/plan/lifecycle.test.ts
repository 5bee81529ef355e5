import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import { clusterFailures } from '../cluster/index.js';
import { advanceLedger, emptyLedger, type Ledger } from '../ledger/index.js';
import type { Tracking } from '../tracking/index.js';
import { DEFAULT_LIFECYCLE, decideLifecycle, hitMarker, withHits, type IssueStatus, type LifecycleInput } from './lifecycle.js';

const W = (h: number) => new Date(Date.parse('2026-04-22T00:00:00Z') + h * 3_600_000).toISOString().replace('.000', '');

const cluster = (fp: string, runIds: number[], at = W(10)) =>
  clusterFailures(
    runIds.map((runId) => record({ runId, fingerprint: fp, createdAt: at })),
    new Map([['CI', [...runIds, 999]]]),
  )[0]!;

/** A ledger that saw `fp` in the window ending at hour `seenUntil`, filed as #sub, then quiet windows up to `lastUntil`. */
function ledgerWith(fp: string, sub: number, seenUntil: number, lastUntil: number, reportedUntil = seenUntil): Ledger {
  let l = advanceLedger(emptyLedger(), {
    since: W(seenUntil - 6),
    until: W(seenUntil),
    chained: true,
    pending: [],
    counted: {},
    clusters: [{ fingerprint: fp, title: 't', example: 'e', ruleId: null, firstSeen: W(seenUntil - 3), lastSeen: W(seenUntil - 3), runIds: [1, 2], subIssue: sub, reported: true }],
  });
  for (let u = seenUntil + 6; u <= lastUntil; u += 6) l = advanceLedger(l, { since: W(u - 6), until: W(u), chained: true, pending: [], counted: {}, clusters: [] });
  l.clusters[fp]!.reportedUntil = W(reportedUntil);
  return l;
}

const status = (number: number, over: Partial<IssueStatus> = {}): IssueStatus => ({ number, id: number + 5000, title: `#${number}`, body: `body\n<!-- ci-failure-investigator:cluster fp=v1:a -->`, state: 'open', stateReason: null, closedAt: null, labels: [], ...over });

function input(over: Partial<LifecycleInput> & { ledger: Ledger }): LifecycleInput {
  const until = over.until ?? W(18);
  return {
    since: W(Date.parse(until) / 3_600_000 - Date.parse('2026-04-22T00:00:00Z') / 3_600_000 - 6),
    until,
    chained: true,
    clusters: [],
    windowsAfter: advanceLedger(over.ledger, { since: W(12), until, chained: true, pending: [], counted: {}, clusters: [] }).windows,
    subIssues: new Map(),
    trackers: new Map(),
    report: 100,
    settings: DEFAULT_LIFECYCLE,
    ...over,
  };
}

describe('decideLifecycle', () => {
  it('a known problem seen again: one comment per window and the hits written into the sub-issue', () => {
    const ledger = ledgerWith('v1:a', 7, 12, 12);
    const d = decideLifecycle(input({ ledger, clusters: [cluster('v1:a', [3, 4, 5], W(15))], subIssues: new Map([[7, status(7)]]) }));
    expect(d.writes.map((w) => [w.action, w.issue])).toEqual([
      ['comment', 7],
      ['update', 7],
    ]);
    expect(d.writes[0]!.body).toMatch(/\*\*Seen again\*\* in the window 2026-04-22 12:00Z → 2026-04-22 18:00Z: 3 runs/);
    expect(d.writes[0]!.marker).toBe(hitMarker('v1:a', W(18)));
    expect(d.writes[1]!.body).toContain('| 2026-04-22 18:00Z | 3 |');
    expect(d.reported.has('v1:a')).toBe(true);
  });

  it('a window already written into the issue is not commented again', () => {
    const ledger = ledgerWith('v1:a', 7, 12, 12, 18);
    const d = decideLifecycle(input({ ledger, clusters: [cluster('v1:a', [3], W(15))], subIssues: new Map([[7, status(7)]]) }));
    expect(d.writes.filter((w) => w.action === 'comment')).toEqual([]);
  });

  it('muted: counted, not commented', () => {
    const d = decideLifecycle(input({ ledger: ledgerWith('v1:a', 7, 12, 12), clusters: [cluster('v1:a', [3], W(15))], subIssues: new Map([[7, status(7, { labels: ['Muted'] })]]) }));
    expect(d.writes.filter((w) => w.action === 'comment')).toEqual([]);
    expect(d.notes.get('v1:a')).toMatch(/muted/);
  });

  it('closed as not planned by a person: silenced, nothing written', () => {
    const d = decideLifecycle(input({ ledger: ledgerWith('v1:a', 7, 12, 12), clusters: [cluster('v1:a', [3], W(15))], subIssues: new Map([[7, status(7, { state: 'closed', stateReason: 'not_planned', closedAt: W(13) })]]) }));
    expect(d.writes).toEqual([]);
    expect(d.silenced.has('v1:a')).toBe(true);
    expect(d.states['v1:a']).toBe('silenced');
  });

  it('closed as completed and failing again after the close: reopened with a comment', () => {
    const d = decideLifecycle(input({ ledger: ledgerWith('v1:a', 7, 12, 12), clusters: [cluster('v1:a', [3], W(15))], subIssues: new Map([[7, status(7, { state: 'closed', stateReason: 'completed', closedAt: W(13) })]]) }));
    expect(d.writes.map((w) => w.action)).toEqual(['reopen', 'update']);
    expect(d.writes[0]!.body).toMatch(/\*\*Regressed:\*\*/);
    expect(d.states['v1:a']).toBe('open');
  });

  it('failures older than the close do not reopen it', () => {
    const d = decideLifecycle(input({ ledger: ledgerWith('v1:a', 7, 12, 12), clusters: [cluster('v1:a', [3], W(11))], subIssues: new Map([[7, status(7, { state: 'closed', stateReason: 'completed', closedAt: W(13) })]]) }));
    expect(d.writes).toEqual([]);
  });

  it.each([
    ['3 quiet windows', 12, 30, 0],
    ['4 quiet windows but only 21 h', 12, 33, 0],
    ['4 quiet windows and 27 h', 6, 33, 1],
  ])('hysteresis: %s', (_, seen, now, closes) => {
    const ledger = ledgerWith('v1:a', 7, seen, now - 6);
    const d = decideLifecycle(input({ ledger, until: W(now), subIssues: new Map([[7, status(7)]]) }));
    expect(d.writes.filter((w) => w.action === 'close')).toHaveLength(closes);
    if (closes) expect(d.writes[0]!.body).toMatch(/Not seen for 4 windows/);
  });

  it('an explicit window never closes anything', () => {
    const ledger = ledgerWith('v1:a', 7, 6, 33);
    expect(decideLifecycle(input({ ledger, until: W(40), chained: false, subIssues: new Map([[7, status(7)]]) })).writes).toEqual([]);
  });

  it('a person’s issue that tracks the problem gets the window’s comment', () => {
    const tracker: Tracking = { issue: { number: 27731, id: 1, title: 'Recompile lock files', body: '', state: 'open', labels: [] }, how: 'matcher' };
    const d = decideLifecycle(input({ ledger: emptyLedger(), clusters: [cluster('v1:b', [3, 4], W(15))], trackers: new Map([['v1:b', [tracker]]]) }));
    expect(d.writes.map((w) => [w.action, w.issue])).toEqual([['comment', 27731]]);
    expect(d.writes[0]!.body).toMatch(/^\*\*Seen\*\* in the window/);
  });
});

describe('withHits', () => {
  it('inserts the block before our markers, then replaces it in place', () => {
    const body = 'text\n\n<!-- ci-failure-investigator:cluster fp=v1:a -->\n';
    const once = withHits(body, '<!-- ci-failure-investigator:hits -->A<!-- ci-failure-investigator:/hits -->');
    expect(once).toBe('text\n\n<!-- ci-failure-investigator:hits -->A<!-- ci-failure-investigator:/hits -->\n\n<!-- ci-failure-investigator:cluster fp=v1:a -->\n');
    expect(withHits(once, '<!-- ci-failure-investigator:hits -->B<!-- ci-failure-investigator:/hits -->')).toBe(once.replace('A', 'B'));
  });
});
