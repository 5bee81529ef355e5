import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import { clusterFailures } from '../cluster/index.js';
import type { IssueSide } from '../github/issues.js';
import { advanceLedger, emptyLedger, readLedger, type Ledger } from '../ledger/index.js';
import { composeBody, parseSections } from '../render/body.js';
import type { Coverage } from '../render/report.js';
import { plannedWrites } from './index.js';
import { DEFAULT_LIFECYCLE, type IssueStatus } from './lifecycle.js';
import { planWindow, ROLLOVER_AT, type WindowPlanInput } from './window.js';

const coverage: Coverage = { runsInWindow: 5, workflowsInWindow: 1, failedRuns: 2, cancelledRuns: 0, inProgressRuns: 0, carriedOverRuns: 0, investigatedRuns: 2, skipped: [] };
const clusters = clusterFailures(
  [record({ runId: 1, fingerprint: 'v1:aaaa', createdAt: '2026-04-22T15:00:00Z' }), record({ runId: 2, fingerprint: 'v1:aaaa', createdAt: '2026-04-22T16:00:00Z' })],
  new Map([['CI', [1, 2]]]),
);
const status = (number: number, body = ''): IssueStatus => ({ number, id: number + 9000, title: `#${number}`, body, state: 'open', stateReason: null, closedAt: null, labels: [] });
const subBody = (fp: string) => `x\n<!-- ci-failure-investigator:cluster fp=${fp} -->\n<!-- ci-failure-investigator:sub-issue -->\n`;

function input(over: Partial<WindowPlanInput> = {}): WindowPlanInput {
  return {
    since: '2026-04-22T13:14:00Z',
    until: '2026-04-22T19:14:00Z',
    chained: true,
    clusters,
    coverage,
    notes: [],
    apiRequests: 20,
    ledger: emptyLedger(),
    pending: [],
    counted: {},
    existing: { number: 500, body: composeBody(null, { since: '2026-04-22T07:14:00Z', until: '2026-04-22T13:14:00Z', markdown: '## old' }, emptyLedger()) },
    side: { open: [], reportSubIssues: [] },
    label: 'ci-failure-report',
    maxNewSubIssues: 3,
    lifecycle: DEFAULT_LIFECYCLE,
    ...over,
  };
}

function ledgerKnowing(fp: string, sub: number): Ledger {
  return advanceLedger(emptyLedger(), {
    since: '2026-04-22T07:14:00Z',
    until: '2026-04-22T13:14:00Z',
    chained: true,
    pending: [],
    counted: {},
    clusters: [{ fingerprint: fp, title: 't', example: 'e', ruleId: null, firstSeen: '2026-04-22T09:00:00Z', lastSeen: '2026-04-22T09:00:00Z', runIds: [9], subIssue: sub, reported: true }],
  });
}

describe('planWindow', () => {
  it('files a sub-issue for a new recurring problem and links it', () => {
    const w = planWindow(input());
    expect(plannedWrites(w.plan).map((p) => [p.action, p.target])).toEqual([
      ['create', 'sub-issue'],
      ['update', 'report'],
      ['link', 'sub-issue'],
    ]);
  });

  it('finds our sub-issue by its marker when the ledger lost it: no second one', () => {
    const side: IssueSide = { open: [{ ...status(42, subBody('v1:aaaa')), state: 'open' }], reportSubIssues: [] };
    const w = planWindow(input({ side }));
    expect(w.plan.createSubIssues).toEqual([]);
    expect(w.plan.links.map((l) => l.issue)).toEqual([42]);
  });

  it(`rolls over to a new report at ${ROLLOVER_AT} sub-issues: the new one links back, the old one is closed`, () => {
    const side: IssueSide = { open: [], reportSubIssues: Array.from({ length: ROLLOVER_AT }, (_, i) => status(1000 + i)) };
    const w = planWindow(input({ side }));
    expect(w.plan.report.action).toBe('create');
    expect(w.plan.retire?.issue).toBe(500);
    expect(w.plan.retire?.comment(777)).toMatch(/continues in #777/);
    const body = w.plan.reportBody(new Map([['v1:aaaa', 900]]));
    expect(body).toContain('> Continues #500, which reached its limit of sub-issues.');
    expect(readLedger(body).ledger?.previousReports).toEqual([500]);
    expect(readLedger(body).ledger?.retiredSubIssues).toHaveLength(ROLLOVER_AT);
  });

  it('when the budget cannot pay for every write, drops the least important, says so, and leaves them for the next run', () => {
    const ledger = ledgerKnowing('v1:aaaa', 42);
    const side: IssueSide = { open: [], reportSubIssues: [status(42, subBody('v1:aaaa'))] };
    const full = planWindow(input({ ledger, side }));
    expect(full.plan.issueWrites.map((w) => w.action)).toEqual(['comment', 'update']);
    const notes: string[] = [];
    const tight = planWindow(input({ ledger, side, notes, writeBudget: 3 }));
    expect(tight.plan.issueWrites.map((w) => w.action)).toEqual(['comment']);
    expect(notes.join(' ')).toMatch(/1 issue update\(s\) were not written because the request budget .* update #42/);
    const none = planWindow(input({ ledger, side, notes: [], writeBudget: 1 }));
    expect(none.plan.issueWrites).toEqual([]);
    expect(readLedger(none.plan.reportBody(new Map())).ledger?.clusters['v1:aaaa']?.reportedUntil).toBe('2026-04-22T13:14:00Z');
  });

  it('moves windows that no longer fit into comments on the report, each once', () => {
    let body: string | null = null;
    for (let d = 1; d <= 12; d++) {
      const day = String(d).padStart(2, '0');
      body = composeBody(body, { since: `2026-04-${day}T00:00:00Z`, until: `2026-04-${day}T06:00:00Z`, markdown: `## w${d}\n\n${'x'.repeat(6000)}` }, emptyLedger());
    }
    const w = planWindow(input({ existing: { number: 500, body: body! } }));
    const archived = w.plan.issueWrites.filter((x) => x.issue === 500 && x.action === 'comment');
    const before = parseSections(body).map((x) => `${x.since}/${x.until}`);
    const after = parseSections(w.plan.reportBody(new Map())).map((x) => `${x.since}/${x.until}`);
    const gone = before.filter((k) => !after.includes(k));
    expect(gone.length).toBeGreaterThan(0);
    expect(archived.map((a) => a.marker)).toEqual(gone.map((k) => `<!-- ci-failure-investigator:archived ${k} -->`));
  });
});
