import { describe, expect, it } from 'vitest';
import { redactDeep, scenarioFiles } from './record.js';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('scenarioFiles', () => {
  const files = scenarioFiles({
    repo: 'o/r',
    now: '2026-04-22T13:14:00Z',
    defaultBranch: 'main',
    selfWorkflow: '.github/workflows/cfi.yml',
    runs: [
      {
        run: { id: 7, name: 'CI', display_title: `leak ${TOKEN}` },
        jobs: [{ id: 70, name: 'build', steps: [] }],
        logs: new Map([[70, `2026-04-22T09:00:00.0000000Z export GITHUB_TOKEN=${TOKEN}\n`]]),
      },
      { run: { id: 8, name: 'CI' }, jobs: [], logs: new Map() },
    ],
    labels: [{ name: 'bug' }],
    issues: [{ number: 3, title: 'x', body: `token ${TOKEN}` }],
  });

  it('writes the contract’s layout', () => {
    expect([...files.keys()].sort()).toEqual(['issues/3.json', 'labels.json', 'runs/7/jobs.json', 'runs/7/logs/70.txt', 'runs/7/run.json', 'runs/8/run.json', 'scenario.yml']);
    expect(files.get('scenario.yml')).toMatch(/repo: o\/r\nnow: 2026-04-22T13:14:00Z\ndefault_branch: main\nself_workflow: .github\/workflows\/cfi.yml/);
    expect(JSON.parse(files.get('runs/7/jobs.json')!)).toEqual({ total_count: 1, jobs: [{ id: 70, name: 'build', steps: [] }] });
  });

  it('leaves no secret in any file', () => {
    for (const [path, text] of files) expect(text, path).not.toContain(TOKEN);
  });
});

describe('scenarioFiles with artifacts', () => {
  it('writes artifact folders inside the run, redacted, and keeps paths inside their folder', () => {
    const files = scenarioFiles({
      repo: 'o/r',
      now: '2026-04-22T13:14:00Z',
      defaultBranch: 'main',
      selfWorkflow: null,
      runs: [
        {
          run: { id: 9, name: 'AI Moderator' },
          jobs: [],
          logs: new Map(),
          artifacts: new Map([
            ['agent-artifacts', new Map([['aw_info.json', '{"engine_id":"codex"}'], ['agent-stdio.log', `key ${TOKEN}\n`], ['../../escape.txt', 'x']])],
            ['firewall-audit-logs.expired', new Map([['RECORDED.txt', 'expired']])],
          ]),
        },
      ],
      labels: [],
      issues: [],
    });
    expect([...files.keys()].filter((k) => k.includes('/artifacts/')).sort()).toEqual([
      'runs/9/artifacts/agent-artifacts/_/_/escape.txt',
      'runs/9/artifacts/agent-artifacts/agent-stdio.log',
      'runs/9/artifacts/agent-artifacts/aw_info.json',
      'runs/9/artifacts/firewall-audit-logs.expired/RECORDED.txt',
    ]);
    expect(files.get('runs/9/artifacts/agent-artifacts/agent-stdio.log')).not.toContain(TOKEN);
  });
});

describe('redactDeep', () => {
  it('keeps the shape and non-string values', () => {
    expect(redactDeep({ a: [1, TOKEN, { b: null, c: true }] })).toEqual({ a: [1, expect.not.stringContaining(TOKEN), { b: null, c: true }] });
  });
});
