import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import { clusterFailures } from '../cluster/index.js';
import { emptyLedger } from '../ledger/index.js';
import { composeBody } from '../render/body.js';
import { planWrites, plannedWrites, type PlanInput } from './index.js';

const clusters = clusterFailures(
  [
    record({ runId: 1, fingerprint: 'v1:aaaa', signature: 'Error: v1:aaaa', workflow: 'A' }),
    record({ runId: 2, fingerprint: 'v1:aaaa', signature: 'Error: v1:aaaa', workflow: 'A' }),
    record({ runId: 3, fingerprint: 'v1:bbbb', signature: 'Error: v1:bbbb', workflow: 'B' }),
    record({ runId: 5, fingerprint: 'v1:bbbb', signature: 'Error: v1:bbbb', workflow: 'B' }),
    record({ runId: 4, fingerprint: 'v1:cccc', signature: 'Error: v1:cccc', workflow: 'C', runConclusion: 'startup_failure' }),
    record({ runId: 7, fingerprint: 'v1:dddd', signature: 'Error: v1:dddd', workflow: 'D' }),
  ],
  new Map([
    ['A', [1, 2]],
    ['B', [3, 5, 8]],
    ['C', [4, 6]],
    ['D', [7, 9]],
  ]),
);

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  existing: null,
  label: 'ci-failure-report',
  section: (subs) => ({ since: '2026-04-22T07:14:00Z', until: '2026-04-22T13:14:00Z', markdown: `## report\n\nsub-issues: ${[...subs.values()].join(',')}` }),
  ledger: () => emptyLedger(),
  clusters,
  knownSubIssues: new Map(),
  trackedElsewhere: new Set(),
  unlinked: [],
  maxNewSubIssues: 3,
  issueWrites: [],
  fileSubIssues: true,
  ...over,
});

describe('planWrites', () => {
  it('files new problems first, then the report, then the links, highest priority first', () => {
    const plan = planWrites(input({ maxNewSubIssues: 2 }));
    expect(plannedWrites(plan).map((w) => [w.action, w.target])).toEqual([
      ['create', 'sub-issue'],
      ['create', 'sub-issue'],
      ['create', 'report'],
      ['link', 'sub-issue'],
      ['link', 'sub-issue'],
    ]);
    expect(plan.createSubIssues.map((c) => c.fingerprint)).toEqual(['v1:aaaa', 'v1:cccc']);
    expect(plan.overflow).toEqual(['v1:bbbb']);
    expect(plan.createSubIssues[0]!.body).toContain('<!-- ci-failure-investigator:cluster fp=v1:aaaa -->');
    expect(plan.createSubIssues[0]!.body).toMatch(/\*\*Mechanism\.\*\*[\s\S]*\*\*Evidence\.\*\*[\s\S]*\*\*Recommended fix\.\*\*/);
  });

  it('never files a second sub-issue for a fingerprint that has one, or that another issue tracks', () => {
    const plan = planWrites(input({ knownSubIssues: new Map([['v1:aaaa', 40]]), trackedElsewhere: new Set(['v1:bbbb']) }));
    expect(plan.createSubIssues.map((s) => s.fingerprint)).toEqual(['v1:cccc']);
  });

  it('files no sub-issue for an isolated P2 failure', () => {
    expect(planWrites(input()).createSubIssues.map((s) => s.fingerprint)).not.toContain('v1:dddd');
  });

  it('files nothing new when the window was reported before', () => {
    const plan = planWrites(input({ fileSubIssues: false }));
    expect(plan.createSubIssues).toEqual([]);
    expect(plan.overflow).toEqual([]);
  });

  it('the report body names the numbers the new sub-issues got', () => {
    const plan = planWrites(input());
    expect(plan.reportBody(new Map([['v1:aaaa', 41]]))).toContain('sub-issues: 41');
  });

  it('writes nothing when nothing changed', () => {
    const i = input({ knownSubIssues: new Map([['v1:aaaa', 40], ['v1:bbbb', 41], ['v1:cccc', 42]]) });
    const body = composeBody(null, i.section(i.knownSubIssues), emptyLedger());
    const plan = planWrites({ ...i, existing: { number: 5, body } });
    expect(plannedWrites(plan)).toEqual([]);
  });

  it('links our sub-issues the report does not list yet (a run stopped before linking)', () => {
    const i = input({ knownSubIssues: new Map([['v1:aaaa', 40], ['v1:bbbb', 41], ['v1:cccc', 42]]), unlinked: [{ fingerprint: 'v1:bbbb', number: 41, id: 9041, title: 'B' }] });
    const body = composeBody(null, i.section(i.knownSubIssues), emptyLedger());
    const writes = plannedWrites(planWrites({ ...i, existing: { number: 5, body } }));
    expect(writes).toEqual([expect.objectContaining({ action: 'link', issue: 41 })]);
  });

  it('respects a cap of 0', () => {
    const plan = planWrites(input({ maxNewSubIssues: 0 }));
    expect(plan.createSubIssues).toEqual([]);
    expect(plan.overflow).toHaveLength(3);
  });
});
