import { describe, expect, it } from 'vitest';
import { record } from '../../test/support/records.js';
import type { FailureRecord } from '../failure/record.js';
import type { WorkflowRun } from '../github/types.js';
import { buildRuleSet, signFacts } from '../rules/index.js';
import { clusterFailures, windowRunsOf, type WindowRun } from './index.js';

/** A failure record signed from a line, the way the pipeline signs it. */
function failure(runId: number, line: string, over: Omit<Partial<FailureRecord>, 'context'> & { context?: string[] } = {}): FailureRecord {
  const { context, ...rest } = over;
  const signed = signFacts({ line, context: context ?? [line], failedStep: rest.failedStep ?? 'Run tests', conclusion: 'failure' });
  return record({ runId, ...signed, failureLine: { number: 1, text: line }, ...rest });
}

const at = (minute: number) => `2026-04-22T${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
const run = (id: number, workflow: string, conclusion: string | null, minute: number, over: Partial<WindowRun> = {}): WindowRun => ({ id, workflow, conclusion, createdAt: at(minute), branch: 'main', event: 'schedule', attempt: 1, headSha: 'a'.repeat(40), ...over });
const win = (runs: WindowRun[], more: object = {}) => ({ runs, defaultBranch: 'main', ...more });

describe('clusterFailures: grouping', () => {
  it('groups by fingerprint across workflows and engines (the older map of finished runs still works)', () => {
    const clusters = clusterFailures(
      [
        record({ runId: 1, fingerprint: 'v1:a', workflow: 'AI Moderator', engine: 'codex' }),
        record({ runId: 2, fingerprint: 'v1:a', workflow: 'Daily Fact', engine: 'codex', createdAt: '2026-04-22T08:00:00Z' }),
        record({ runId: 3, fingerprint: 'v1:b', workflow: 'Daily News', engine: 'copilot', signature: 'Error: other' }),
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

  // [name, failures, expected groups as run ids]
  it.each<[string, FailureRecord[], number[][]]>([
    [
      'one cause in two wordings is one cluster (the rule key)',
      [
        failure(1, 'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided', { context: ['Reconnecting... 5/5', 'x'] }),
        failure(2, 'ERROR: unexpected status 401 Unauthorized: Missing bearer or basic authentication in header', { context: ['Reconnecting... 5/5', 'x'] }),
      ],
      [[1, 2]],
    ],
    ['different failing tests stay apart', [failure(1, 'FAILED tests/a.py::test_one - assert 1 == 2'), failure(2, 'FAILED tests/a.py::test_two - assert 1 == 2')], [[1], [2]]],
    ['different containers stay apart', [failure(1, 'dependency failed to start: container awf-api-proxy is unhealthy'), failure(2, 'dependency failed to start: container awf-squid is unhealthy')], [[1], [2]]],
    ['different missing commands stay apart', [failure(1, '/bin/bash: line 1: node: command not found'), failure(2, '/bin/bash: line 1: codex: command not found')], [[1], [2]]],
    [
      'two rules on one line stay apart (the 401 loop and a plain 401)',
      [
        failure(1, 'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided', { context: ['Reconnecting... 5/5', 'x'] }),
        failure(2, 'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided'),
      ],
      [[1], [2]],
    ],
    [
      'the same test failure line keyed to two tests by its context stays apart, and no unnamed line joins either',
      [
        failure(1, 'E       assert 100 == 90', { context: ['____ test_totals ____', 'E       assert 100 == 90'] }),
        failure(2, 'E       assert 100 == 90', { context: ['____ test_prices ____', 'E       assert 100 == 90'] }),
      ],
      [[1], [2]],
    ],
    [
      'an unnamed failure joins the one rule cluster with the same line (loose key)',
      [failure(1, 'widget quota exhausted for team blue', { classification: { ruleId: 'widget-quota', title: 'Widget quota', category: 'limits', key: 'rule:widget-quota|blue', fixHint: 'x', retry: 'never' }, fingerprint: 'v2:aaaaaaaaaaaaaaaa' }), failure(2, 'widget quota exhausted for team blue')],
      [[1, 2]],
    ],
    [
      'a generic line never joins on its text: its key carries the step (strict key)',
      [failure(1, 'Error: something went wrong', { failedStep: 'Build' }), failure(2, 'Error: something went wrong', { failedStep: 'Deploy' }), failure(3, 'Error: something went wrong', { failedStep: 'Build' })],
      [[1, 3], [2]],
    ],
    [
      'an unexplained exit code is one cluster per step, and per code',
      [failure(1, 'Process completed with exit code 1.', { failedStep: 'Build' }), failure(2, 'Process completed with exit code 1.', { failedStep: 'Test' }), failure(3, 'Process completed with exit code 2.', { failedStep: 'Build' }), failure(4, 'Process completed with exit code 1.', { failedStep: 'Build' })],
      [[1, 4], [2], [3]],
    ],
    [
      'near-duplicate unnamed lines merge (a value the normalizer does not know)',
      [
        failure(1, 'Widget sync aborted: upstream catalogue for tenant alpha returned an empty page set'),
        failure(2, 'Widget sync aborted: upstream catalogue for tenant beta returned an empty page set'),
        failure(3, 'Widget sync aborted: upstream catalogue for tenant gamma returned an empty page set'),
      ],
      [[1, 2, 3]],
    ],
    [
      'short unnamed lines that differ in one word stay apart',
      [failure(1, 'Error: Cannot find module widgets'), failure(2, 'Error: Cannot find module gadgets')],
      [[1], [2]],
    ],
    [
      'unnamed lines that share little stay apart',
      [failure(1, 'Widget sync aborted: upstream catalogue returned an empty page set'), failure(2, 'Gadget export failed: the storage bucket refused the multipart upload')],
      [[1], [2]],
    ],
  ])('%s', (_name, failures, expected) => {
    const clusters = clusterFailures(failures, win([]));
    expect(clusters.map((c) => c.runIds).sort((a, b) => a[0]! - b[0]!)).toEqual(expected);
    for (const c of clusters) expect(new Set(c.failures.map((f) => f.classification.ruleId).filter((r) => r !== null)).size).toBeLessThanOrEqual(1);
  });

  it('says which fingerprints joined and how; the named or biggest group gives the cluster its fingerprint', () => {
    const lines = [
      'Widget sync aborted: upstream catalogue for tenant alpha returned an empty page set',
      'Widget sync aborted: upstream catalogue for tenant alpha returned an empty page set',
      'Widget sync aborted: upstream catalogue for tenant beta returned an empty page set',
    ];
    const [c] = clusterFailures(lines.map((l, i) => failure(i + 1, l)), win([]));
    const own = failure(1, lines[0]!).fingerprint;
    expect(c!.fingerprint).toBe(own);
    expect(c!.signature).toBe(lines[0]);
    expect(c!.fingerprints).toEqual([own, failure(3, lines[2]!).fingerprint]);
    expect(c!.joined).toEqual([{ fingerprint: failure(3, lines[2]!).fingerprint, signature: lines[2], how: 'near-duplicate', similarity: 0.86 }]);
  });

  it('keeps the fingerprint the ledger knows, so history is not split', () => {
    const a = failure(1, 'Widget sync aborted: upstream catalogue for tenant alpha returned an empty page set');
    const b = failure(2, 'Widget sync aborted: upstream catalogue for tenant beta returned an empty page set');
    const b2 = failure(3, 'Widget sync aborted: upstream catalogue for tenant beta returned an empty page set');
    expect(clusterFailures([a, b, b2], win([]))[0]!.fingerprint).toBe(b.fingerprint);
    expect(clusterFailures([a, b, b2], win([], { knownFingerprints: [a.fingerprint] }))[0]!.fingerprint).toBe(a.fingerprint);
    expect(clusterFailures([a, b, b2], win([], { knownFingerprints: [a.fingerprint] }))[0]!.id).toBe(`c${a.fingerprint.slice(3, 13)}`);
  });

  it('does not depend on the order of its input', () => {
    const fs = [
      failure(1, 'FAILED tests/a.py::test_one - assert 1 == 2', { createdAt: at(5) }),
      failure(2, 'Widget sync aborted: upstream catalogue for tenant alpha returned an empty page set', { createdAt: at(9) }),
      failure(3, 'Widget sync aborted: upstream catalogue for tenant beta returned an empty page set', { createdAt: at(1) }),
      failure(4, 'FAILED tests/a.py::test_one - assert 1 == 3', { createdAt: at(2) }),
      failure(5, 'Process completed with exit code 1.', { createdAt: at(3) }),
    ];
    const one = clusterFailures(fs, win([]));
    const two = clusterFailures([...fs].reverse(), win([]));
    expect(two.map((c) => [c.id, c.runIds, c.fingerprints])).toEqual(one.map((c) => [c.id, c.runIds, c.fingerprints]));
  });
});

describe('clusterFailures: priority', () => {
  it.each([
    ['blocked lane: every finished run of a workflow failed with it, ≥ 2 runs', [1, 2], new Map([['CI', [1, 2]]]), 'failure', 'P0', /blocks a lane: every finished run of CI \(2 of 2\)/],
    ['startup failure', [1], new Map([['CI', [1, 5]]]), 'startup_failure', 'P0', /could not start/],
    ['recurring with successes in between', [1, 2], new Map([['CI', [1, 2, 3]]]), 'failure', 'P1', /recurring: 2 runs/],
    ['isolated', [1], new Map([['CI', [1, 3]]]), 'failure', 'P2', /isolated/],
    ['one run is not a blocked lane', [1], new Map([['CI', [1]]]), 'failure', 'P2', /isolated/],
  ])('with the older map: %s', (_, runIds, finished, conclusion, priority, reason) => {
    const [c] = clusterFailures(
      runIds.map((runId) => record({ runId, fingerprint: 'v1:a', runConclusion: conclusion })),
      finished,
    );
    expect(c!.priority).toBe(priority);
    expect(c!.priorityReason).toMatch(reason);
  });

  const infraLine = 'dependency failed to start: container awf-api-proxy is unhealthy';
  /** A later run on a new commit (the fix): not a sign of intermittency. */
  const fixed = { headSha: 'b'.repeat(40) };
  const testLine = 'FAILED tests/a.py::test_one - assert 1 == 2';
  // [name, failures (run, minute, line, extra), window runs, priority, reason]
  it.each<[string, Array<[number, number, string, Omit<Partial<FailureRecord>, 'context'>?]>, WindowRun[], string, RegExp]>([
    [
      'a blocked lane stays P0 even when another workflow is intermittent',
      [[1, 10, testLine], [2, 20, testLine], [3, 30, testLine, { workflow: 'Nightly' }], [4, 50, testLine, { workflow: 'Nightly' }]],
      [run(1, 'CI', 'failure', 10), run(2, 'CI', 'failure', 20), run(3, 'Nightly', 'failure', 30), run(5, 'Nightly', 'success', 40), run(4, 'Nightly', 'failure', 50)],
      'P0',
      /blocks a lane: every finished run of CI \(2 of 2\)/,
    ],
    [
      'cancelled and running runs do not unblock a lane',
      [[1, 10, testLine], [2, 20, testLine]],
      [run(1, 'CI', 'failure', 10), run(9, 'CI', 'cancelled', 15), run(8, 'CI', null, 25), run(2, 'CI', 'failure', 20)],
      'P0',
      /blocks a lane/,
    ],
    [
      'auth/infra on the default branch with no success in between',
      [[1, 10, infraLine], [2, 50, infraLine, { workflow: 'Smoke' }]],
      [run(1, 'CI', 'failure', 10), run(5, 'CI', 'success', 5), run(6, 'CI', 'success', 60, fixed), run(2, 'Smoke', 'failure', 50), run(7, 'Smoke', 'success', 70, fixed), run(8, 'Other', 'success', 30)],
      'P0',
      /infra failure on main in 2 runs with no success of CI, Smoke in between/,
    ],
    [
      'auth/infra with a success in between is recurring and intermittent',
      [[1, 10, infraLine], [2, 50, infraLine]],
      [run(1, 'CI', 'failure', 10), run(5, 'CI', 'success', 30), run(2, 'CI', 'failure', 50)],
      'P2',
      /recurring: 2 runs, but intermittent \(CI passed in between \(run 5\)\), so one step lower/,
    ],
    [
      'auth/infra on pull requests only is not P0',
      [[1, 10, infraLine, { branch: 'feature', event: 'pull_request' }], [2, 50, infraLine, { branch: 'feature', event: 'pull_request' }]],
      [run(1, 'CI', 'failure', 10, { branch: 'feature', event: 'pull_request' }), run(2, 'CI', 'failure', 50, { branch: 'feature', event: 'pull_request' }), run(3, 'CI', 'success', 60, fixed)],
      'P1',
      /recurring: 2 runs/,
    ],
    [
      'a test failure on main with no success in between is only recurring',
      [[1, 10, testLine], [2, 50, testLine]],
      [run(1, 'CI', 'failure', 10), run(2, 'CI', 'failure', 50), run(3, 'CI', 'success', 60, fixed)],
      'P1',
      /^recurring: 2 runs$/,
    ],
    [
      'a startup failure that passed on re-run is P1',
      [[1, 10, 'startup_failure: the workflow could not start, no job ran', { runConclusion: 'startup_failure' }]],
      [run(1, 'CI', 'success', 10, { attempt: 2 }), run(3, 'CI', 'success', 60)],
      'P1',
      /could not start at all \(startup_failure\), but intermittent \(run 1 passed on re-run \(attempt 2\)\)/,
    ],
    [
      'an isolated failure whose commit passed later stays P2 and says so',
      [[1, 10, testLine]],
      [run(1, 'CI', 'failure', 10), run(3, 'CI', 'success', 60)],
      'P2',
      /isolated: 1 run; intermittent \(the same commit passed later in CI \(run 3\)\)/,
    ],
    [
      'recurring in several workflows says so',
      [[1, 10, testLine], [2, 50, testLine, { workflow: 'Nightly' }]],
      [run(1, 'CI', 'failure', 10), run(5, 'CI', 'success', 5, { headSha: 'b'.repeat(40) }), run(2, 'Nightly', 'failure', 50), run(6, 'Nightly', 'success', 40, { headSha: 'c'.repeat(40) })],
      'P1',
      /^recurring: 2 runs in 2 workflows$/,
    ],
  ])('%s', (_name, specs, runs, priority, reason) => {
    const fs = specs.map(([id, minute, line, extra]) => failure(id, line, { createdAt: at(minute), workflow: 'CI', ...extra }));
    const [c] = clusterFailures(fs, win(runs));
    expect(c!.priority).toBe(priority);
    expect(c!.priorityReason).toMatch(reason);
  });

  it('orders P0 first, then by run count, silenced last', () => {
    const rules = buildRuleSet({ silence: [{ rule: 'oom', reason: 'known' }] });
    const clusters = clusterFailures(
      [
        failure(1, 'FAILED tests/a.py::test_p2 - x'),
        failure(2, 'FAILED tests/a.py::test_p1 - x'),
        failure(3, 'FAILED tests/a.py::test_p1 - x'),
        failure(4, 'FAILED tests/a.py::test_p0 - x', { workflow: 'Nightly' }),
        failure(5, 'FAILED tests/a.py::test_p0 - x', { workflow: 'Nightly' }),
        failure(7, 'JavaScript heap out of memory', { workflow: 'Mem' }),
        failure(8, 'JavaScript heap out of memory', { workflow: 'Mem' }),
      ],
      new Map([
        ['CI', [1, 2, 3, 6]],
        ['Nightly', [4, 5]],
        ['Mem', [7, 8, 9]],
      ]),
    );
    expect(clusters.map((c) => c.priority)).toEqual(['P0', 'P1', 'P1', 'P2']);
    const silenced = clusterFailures([failure(7, 'JavaScript heap out of memory'), failure(1, 'FAILED tests/a.py::test_p2 - x')], win([], { silence: rules.silence }));
    expect(silenced.map((c) => [c.ruleId, c.silenced])).toEqual([
      ['test-failure', null],
      ['oom', 'silenced by the config (rule oom): known'],
    ]);
  });
});

describe('clusterFailures: scope', () => {
  const line = 'ERROR: unexpected status 401 Unauthorized';
  it.each<[string, Array<Omit<Partial<FailureRecord>, 'context'> & { tokens?: number }>, WindowRun[], Partial<Record<string, string>>, RegExp]>([
    [
      'one workflow, one engine, main only, before the agent started',
      [{ engine: 'codex', tokens: 0 }, { engine: 'codex', tokens: 0 }],
      [run(1, 'CI', 'failure', 1, { engine: 'codex' }), run(9, 'CI', 'success', 9, { engine: 'copilot' })],
      { workflows: 'one', engines: 'one', branches: 'default', agent: 'before-start' },
      /^one workflow · codex only · main only · before the agent started \(0 tokens\)$/,
    ],
    [
      'several workflows, every engine, both branches, after the agent started',
      [{ engine: 'codex', tokens: 10 }, { engine: 'copilot', workflow: 'Nightly', branch: 'fix', event: 'pull_request', tokens: 5 }],
      [run(1, 'CI', 'failure', 1, { engine: 'codex' }), run(2, 'Nightly', 'failure', 2, { engine: 'copilot' })],
      { workflows: 'several', engines: 'all', branches: 'both', agent: 'after-start' },
      /^2 workflows · every engine of the window \(codex, copilot\) · main and other branches · after the agent started$/,
    ],
    [
      'no engine, no agent evidence, pull requests only',
      [{ branch: 'fix', event: 'pull_request' }],
      [],
      { workflows: 'one', engines: 'none', branches: 'other', agent: 'unknown' },
      /^one workflow · pull requests and other branches only$/,
    ],
    [
      'some engines of several',
      [{ engine: 'codex' }, { engine: 'claude' }],
      [run(3, 'X', 'success', 3, { engine: 'copilot' })],
      { engines: 'several', agent: 'unknown' },
      /^one workflow · engines claude, codex · main only$/,
    ],
  ])('%s', (_name, specs, runs, expected, summary) => {
    const fs = specs.map(({ tokens, ...over }, i) => {
      const f = failure(i + 1, line, { workflow: 'CI', ...over });
      if (tokens !== undefined) Object.assign(f, { agent: { signals: [], firewall: null, tokens: { input: tokens, output: 0, cacheRead: 0, cacheWrite: 0, total: tokens, requests: 1 } } });
      return f;
    });
    const [c] = clusterFailures(fs, win(runs));
    expect(c!.scope).toMatchObject(expected);
    expect(c!.scope.summary).toMatch(summary);
  });
});

describe('windowRunsOf', () => {
  it('maps the runs collect listed, a run still going without a conclusion', () => {
    const base = { path: '.github/workflows/ci.yml', head_sha: 'f'.repeat(40), event: 'push', html_url: 'u', workflow_id: 1, run_number: 1, display_title: 't', updated_at: at(2), run_started_at: at(1) };
    const runs = [
      { ...base, id: 1, name: 'CI', head_branch: 'main', status: 'completed', conclusion: 'failure', created_at: at(1), run_attempt: 2 },
      { ...base, id: 2, name: null, head_branch: null, status: 'in_progress', conclusion: null, created_at: at(3), run_attempt: 1 },
    ] as unknown as WorkflowRun[];
    expect(windowRunsOf(runs)).toEqual([
      { id: 1, workflow: 'CI', conclusion: 'failure', createdAt: at(1), branch: 'main', event: 'push', attempt: 2, headSha: 'f'.repeat(40) },
      { id: 2, workflow: '.github/workflows/ci.yml', conclusion: null, createdAt: at(3), branch: null, event: 'push', attempt: 1, headSha: 'f'.repeat(40) },
    ]);
  });
});
