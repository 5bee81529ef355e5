// The facts read from one raw job log: the "Set up job" section, environment presence (names and
// presence only), and a step's normalized lines found by the jobs API's step timings. Inputs are
// written for these tests in the formats the runner prints.
import { describe, expect, it } from 'vitest';
import { normalizeLine } from '../signature/index.js';
import { contextFacts, logFacts, parseEnvPresence, parseSetupJob, presenceOf } from './logfacts.js';

const ts = (sec: number, i = 0) => `2026-04-22T06:01:${String(sec).padStart(2, '0')}.${String(1000000 + i * 1000).slice(1)}0Z`;
const gha = (lines: Array<[number, string]>) => `\uFEFF${lines.map(([s, l], i) => `${ts(s, i)} ${l}`).join('\n')}\n`;

const SETUP_2026 = gha([
  [1, "Current runner version: '2.333.1'"],
  [1, "Runner name: 'GitHub Actions 8'"],
  [1, '##[group]Runner Image Provisioner'],
  [1, 'Hosted Compute Agent'],
  [1, 'Version: 20260408.463'],
  [1, '##[endgroup]'],
  [1, '##[group]Operating System'],
  [1, 'Ubuntu'],
  [1, '24.04.2'],
  [1, 'LTS'],
  [1, '##[endgroup]'],
  [1, '##[group]Runner Image'],
  [1, 'Image: ubuntu-24.04'],
  [1, 'Version: 20260419.1'],
  [1, 'Included Software: https://github.com/actions/runner-images/blob/ubuntu24/20260419.1/images/ubuntu/Ubuntu2404-Readme.md'],
  [1, '##[endgroup]'],
  [1, '##[group]GITHUB_TOKEN Permissions'],
  [1, 'Contents: read'],
  [1, '##[endgroup]'],
  [1, 'Secret source: Actions'],
  [1, 'Prepare all required actions'],
  [1, "Download action repository 'actions/checkout@v5' (SHA:4361261f5a7a6d127cb1b98a3e86c184b1ca5ad2)"],
  [1, "Download action repository 'github/codeql-action/init@v3' (SHA:662472033e021d55d94146f66f6058822b0b39fd)"],
  [1, "Download immutable action package 'actions/setup-node@v4'"],
  [1, 'Version: 4.4.0'],
  [1, 'Digest: sha256:9427cefe82346e992fb5b949e3569f5f12fb1ea4b2d8e8d6ec4e1f8b3e0d6b66'],
  [1, 'Complete job name: build'],
  [2, '##[group]Run actions/checkout@v5'],
  [2, 'Version: 9.9.9'],
]);

const SETUP_2022 = gha([
  [1, "Current runner version: '2.293.0'"],
  [1, '##[group]Operating System'],
  [1, 'Ubuntu'],
  [1, '20.04.4'],
  [1, 'LTS'],
  [1, '##[endgroup]'],
  [1, '##[group]Virtual Environment'],
  [1, 'Environment: ubuntu-20.04'],
  [1, 'Version: 20220619.1'],
  [1, '##[endgroup]'],
  [1, "Download action repository 'actions/checkout@v2' (SHA:7884fcad6b5d53d10323aee724dc68d8b9096a2e)"],
]);

describe('parseSetupJob', () => {
  it.each([
    [
      'runner 2.333 on ubuntu-24.04 (2026)',
      SETUP_2026,
      {
        runnerVersion: '2.333.1',
        image: 'ubuntu-24.04',
        imageVersion: '20260419.1',
        os: 'Ubuntu 24.04.2 LTS',
        actions: { 'actions/checkout': 'v5 (4361261)', 'github/codeql-action/init': 'v3 (6624720)', 'actions/setup-node': 'v4 (4.4.0)' },
      },
    ],
    ['the older "Virtual Environment" group (2022)', SETUP_2022, { runnerVersion: '2.293.0', image: 'ubuntu-20.04', imageVersion: '20220619.1', os: 'Ubuntu 20.04.4 LTS', actions: { 'actions/checkout': 'v2 (7884fca)' } }],
    ['a log whose head was cut', gha([[5, 'npm test'], [5, 'Tests: 1 failed']]), null],
    ['plain text', 'hello\nworld\n', null],
  ])('%s', (_name, text, expected) => {
    expect(parseSetupJob(text)).toEqual(expected);
  });
});

describe('parseEnvPresence: names and presence, never values', () => {
  it.each<[string, string, Record<string, string>]>([
    [
      "a step header's env block: *** is set, an empty value is unset",
      gha([
        [2, '##[group]Run npm test'],
        [2, 'npm test'],
        [2, 'shell: /usr/bin/bash -e {0}'],
        [2, 'env:'],
        [2, '  OPENAI_API_KEY: ***'],
        [2, '  PMG_MAPI_KEY:'],
        [2, '  node_version: 20'],
        [2, '##[endgroup]'],
        [3, 'NOT_IN_BLOCK: 20'],
      ]),
      { OPENAI_API_KEY: 'set', PMG_MAPI_KEY: 'unset', node_version: 'set' },
    ],
    ['seed 002: an env dump of presence words', 'nearby env dump shows MINIMAX_API_KEY=set and ANTHROPIC_AUTH_TOKEN=unset\n', { ANTHROPIC_AUTH_TOKEN: 'unset', MINIMAX_API_KEY: 'set' }],
    [
      'sentences and bracketed words',
      [
        'Error: ANTHROPIC_API_KEY is not set',
        'The secret COPILOT_GITHUB_TOKEN is missing',
        'GH_TOKEN=<unset>',
        'NPM_TOKEN: (not set)',
        'AWS_SECRET_ACCESS_KEY=***',
        'Missing environment variable: SLACK_WEBHOOK_URL',
        'Error: None of the following secrets are set: CODEX_API_KEY or OPENAI_API_KEY',
      ].join('\n'),
      { ANTHROPIC_API_KEY: 'unset', AWS_SECRET_ACCESS_KEY: 'set', CODEX_API_KEY: 'unset', COPILOT_GITHUB_TOKEN: 'unset', GH_TOKEN: 'unset', NPM_TOKEN: 'unset', OPENAI_API_KEY: 'unset', SLACK_WEBHOOK_URL: 'unset' },
    ],
    ['stated both ways in one log: mixed', 'FOO_TOKEN=set\nFOO_TOKEN=unset\n', { FOO_TOKEN: 'mixed' }],
    ['values and log levels are not presence statements', 'API_URL=https://api.example.com\nERROR: missing\nWARNING: empty\nRETRIES=3\nlower_case=set\n', {}],
  ])('%s', (_name, text, expected) => {
    expect(parseEnvPresence(text)).toEqual(expected);
  });

  it('keeps no value: a secret-looking value is nowhere in the result', () => {
    const text = gha([
      [2, '##[group]Run deploy'],
      [2, 'env:'],
      [2, '  DEPLOY_URL: https://hunter2.internal.example/hook'],
      [2, '##[endgroup]'],
      [3, 'DB_PASSWORD=hunter2 DB_USER=admin'],
    ]);
    const out = parseEnvPresence(text);
    expect(out).toEqual({ DEPLOY_URL: 'set' });
    expect(JSON.stringify(out)).not.toMatch(/hunter2|admin/);
  });

  it.each([
    ['set', 'set'],
    ['***', 'set'],
    ['<redacted>', 'set'],
    ['unset', 'unset'],
    ['(not set)', 'unset'],
    ['<empty>', 'unset'],
    ['missing.', 'unset'],
    ['hunter2', null],
    ['true', null],
  ])('presenceOf(%j) = %j', (word, expected) => {
    expect(presenceOf(word)).toBe(expected);
  });
});

describe('logFacts: a step found by its timings', () => {
  const text = gha([
    [1, "Current runner version: '2.333.1'"],
    [10, '##[group]Run npm ci'],
    [10, 'npm ci'],
    [10, '##[endgroup]'],
    [11, 'added 312 packages in 9s'],
    [20, '##[group]Run npm test'],
    [20, 'npm test'],
    [20, 'env:'],
    [20, '  CI: true'],
    [20, '##[endgroup]'],
    [21, 'Test run 4f3a9c21 started at 06:01:21'],
    [22, 'Error: expected 200, got 503 from http://10.0.0.12:8080/health'],
    [22, 'Error: expected 200, got 503 from http://10.0.0.13:8080/health'],
    [23, '##[error]Process completed with exit code 1.'],
    [30, 'Post job cleanup.'],
  ]);
  const steps = [
    { name: 'Set up job', number: 1, conclusion: 'success', started_at: '2026-04-22T06:01:01Z', completed_at: '2026-04-22T06:01:05Z' },
    { name: 'Install', number: 2, conclusion: 'success', started_at: '2026-04-22T06:01:10Z', completed_at: '2026-04-22T06:01:15Z' },
    { name: 'Test', number: 3, conclusion: 'failure', started_at: '2026-04-22T06:01:20Z', completed_at: '2026-04-22T06:01:23Z' },
  ];

  it('keeps the distinct normalized lines of the step, env block and boilerplate left out, errors marked', () => {
    const f = logFacts(text, { steps, wanted: ['Test'], flagErrors: true });
    expect(f.steps['Test']).toEqual({
      found: true,
      lines: [
        { text: 'Run npm test', error: false },
        { text: 'npm test', error: false },
        // normalized by the signature normalizer (whatever its version), so the two 503 lines are one
        { text: normalizeLine('Test run 4f3a9c21 started at 06:01:21'), error: false },
        { text: normalizeLine('Error: expected 200, got 503 from http://10.0.0.12:8080/health'), error: true },
      ],
    });
    expect(f.env).toEqual({ CI: 'set' });
    expect(f.setup?.runnerVersion).toBe('2.333.1');
  });

  it('falls back to the whole log when the step is unknown', () => {
    const f = logFacts(text, { wanted: ['Test'] });
    expect(f.steps['Test']!.found).toBe(false);
    expect(f.steps['Test']!.lines.map((l) => l.text)).toContain(normalizeLine('added 312 packages in 9s'));
  });

  it('the failure-line window stands in when no log text was kept', () => {
    const f = contextFacts([{ text: 'Error: boom 42' }, { text: '' }], 'Test');
    expect(f.steps['Test']).toEqual({ found: false, lines: [{ text: normalizeLine('Error: boom 42'), error: true }] });
  });
});
