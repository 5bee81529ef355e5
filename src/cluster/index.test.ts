import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import { clusterFailures } from './index.js';

describe('clusterFailures', () => {
  it('groups by fingerprint across workflows and engines', () => {
    const clusters = clusterFailures(
      [
        record({ runId: 1, fingerprint: 'v1:a', workflow: 'AI Moderator', engine: 'codex' }),
        record({ runId: 2, fingerprint: 'v1:a', workflow: 'Daily Fact', engine: 'codex', createdAt: '2026-04-22T08:00:00Z' }),
        record({ runId: 3, fingerprint: 'v1:b', workflow: 'Daily News', engine: 'copilot' }),
      ],
      new Map([
        ['AI Moderator', [1, 10]],
        ['Daily Fact', [2, 11]],
        ['Daily News', [3]],
      ]),
    );
    expect(clusters.map((c) => [c.fingerprint, c.runIds, c.workflows])).toEqual([
      ['v1:a', [1, 2], ['AI Moderator', 'Daily Fact']],
      ['v1:b', [3], ['Daily News']],
    ]);
    expect(clusters[0]!.firstSeen).toBe('2026-04-22T08:00:00Z');
    expect(clusters[0]!.engines).toEqual(['codex']);
  });

  it('counts a run with two failed jobs in one cluster once', () => {
    const [c] = clusterFailures([record({ runId: 1, fingerprint: 'v1:a' }), record({ runId: 1, fingerprint: 'v1:a' })], new Map([['CI', [1, 2, 3]]]));
    expect(c!.runIds).toEqual([1]);
    expect(c!.failures).toHaveLength(2);
    expect(c!.priority).toBe('P2');
  });

  it.each([
    ['blocked lane: every finished run of a workflow failed with it, ≥ 2 runs', [1, 2], new Map([['CI', [1, 2]]]), 'failure', 'P0', /blocks a lane: every finished run of CI \(2 of 2\)/],
    ['startup failure', [1], new Map([['CI', [1, 5]]]), 'startup_failure', 'P0', /could not start/],
    ['recurring with successes in between', [1, 2], new Map([['CI', [1, 2, 3]]]), 'failure', 'P1', /recurring: 2 runs/],
    ['isolated', [1], new Map([['CI', [1, 3]]]), 'failure', 'P2', /isolated/],
    ['one run is not a blocked lane', [1], new Map([['CI', [1]]]), 'failure', 'P2', /isolated/],
  ])('priority: %s', (_, runIds, finished, conclusion, priority, reason) => {
    const [c] = clusterFailures(
      runIds.map((runId) => record({ runId, fingerprint: 'v1:a', runConclusion: conclusion })),
      finished,
    );
    expect(c!.priority).toBe(priority);
    expect(c!.priorityReason).toMatch(reason);
  });

  it('orders P0 first, then by run count', () => {
    const clusters = clusterFailures(
      [
        record({ runId: 1, fingerprint: 'v1:p2' }),
        record({ runId: 2, fingerprint: 'v1:p1' }),
        record({ runId: 3, fingerprint: 'v1:p1' }),
        record({ runId: 4, fingerprint: 'v1:p0', workflow: 'Nightly' }),
        record({ runId: 5, fingerprint: 'v1:p0', workflow: 'Nightly' }),
      ],
      new Map([
        ['CI', [1, 2, 3, 6]],
        ['Nightly', [4, 5]],
      ]),
    );
    expect(clusters.map((c) => c.priority)).toEqual(['P0', 'P1', 'P2']);
  });
});
