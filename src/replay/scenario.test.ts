import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFaults } from './faults.js';
import { loadScenario } from './scenario.js';
import { makeJob, makeRun, NOW, removeDir, tempDir, writeScenario } from './test-support.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

describe('loadScenario', () => {
  it('reads scenario.yml with its defaults, runs with attempts, commits, labels and issues', async () => {
    await writeScenario(dir, {
      yml: { repo: 'acme/widgets', now: NOW, self_workflow: '.github/workflows/investigator.yml' },
      runs: [
        {
          run: makeRun(42, '2026-04-22T10:00:00Z', { run_attempt: 2 }),
          jobs: [makeJob(420, 42, '2026-04-22T10:00:00Z', '2026-04-22T10:01:00Z')],
          attempts: { 1: { run: makeRun(42, '2026-04-22T10:00:00Z') } },
        },
      ],
      labels: [{ name: 'bug' }],
      issues: [{ number: 3, title: 'a', sub_issues: [4] }, { number: 4, title: 'b' }],
    });
    const s = await loadScenario(dir);
    expect(s).toMatchObject({ owner: 'acme', name: 'widgets', now: NOW, defaultBranch: 'main', selfWorkflow: '.github/workflows/investigator.yml', faults: [] });
    const run = s.runs.get(42)!;
    expect([...run.attempts.keys()].sort()).toEqual([1, 2]);
    expect(run.latest).toBe(2);
    expect(run.attempts.get(2)!.jobs![0]).toMatchObject({ id: 420, run_id: 42, run_attempt: 2 });
    expect(run.attempts.get(1)!.jobs).toBeNull();
    expect(s.issues.map((i) => i.number)).toEqual([3, 4]);
  });

  it('names the file and the key when scenario.yml is wrong', async () => {
    await writeScenario(dir, { yml: { now: NOW } });
    await expect(loadScenario(dir)).rejects.toThrow(/scenario\.yml: key "repo" is required/);
    await writeScenario(dir, { yml: { repo: 'acme', now: NOW } });
    await expect(loadScenario(dir)).rejects.toThrow(/scenario\.yml: key "repo" must be "owner\/name"/);
    await writeScenario(dir, { yml: { repo: 'acme/widgets', now: 'yesterday' } });
    await expect(loadScenario(dir)).rejects.toThrow(/scenario\.yml: key "now" must be an ISO 8601 date-time/);
    await writeScenario(dir, { yml: { repo: 'acme/widgets', now: NOW, faults: [{ path: '/x', status: 'often' }] } });
    await expect(loadScenario(dir)).rejects.toThrow(/scenario\.yml: key "faults\[0\]\.status"/);
    await writeScenario(dir, { yml: 'repo: [unclosed' });
    await expect(loadScenario(dir)).rejects.toThrow(/scenario\.yml: not valid YAML/);
  });

  it('names the file and the key when a run, jobs or issue file is wrong', async () => {
    const { created_at: _drop, ...noCreated } = makeRun(7, '2026-04-22T10:00:00Z');
    await writeScenario(dir, { runs: [{ run: noCreated }] });
    await expect(loadScenario(dir)).rejects.toThrow(/runs\/7\/run\.json: key "created_at" is required/);

    await removeDir(dir);
    await writeScenario(dir, { runs: [{ run: makeRun(8, '2026-04-22T10:00:00Z'), jobs: [{ id: 1, name: 'x' }] }] });
    await expect(loadScenario(dir)).rejects.toThrow(/runs\/8\/jobs\.json: key "jobs\[0\]\.status" is required/);

    await removeDir(dir);
    await writeScenario(dir, {});
    await mkdir(join(dir, 'runs', '9'), { recursive: true });
    await writeFile(join(dir, 'runs', '9', 'run.json'), JSON.stringify(makeRun(10, '2026-04-22T10:00:00Z')));
    await expect(loadScenario(dir)).rejects.toThrow(/runs\/9\/run\.json: key "id" is 10 but the folder says run 9/);

    await removeDir(dir);
    await writeScenario(dir, { issues: [{ number: 1, title: 'a', sub_issues: [99] }] });
    await expect(loadScenario(dir)).rejects.toThrow(/issues\/1\.json: key "sub_issues\[0\]" names issue 99/);
  });

  it('refuses a run folder that is not a run id', async () => {
    await writeScenario(dir, {});
    await mkdir(join(dir, 'runs', 'latest'), { recursive: true });
    await expect(loadScenario(dir)).rejects.toThrow(/runs\/latest: run folders must be named by the run id/);
  });
});

describe('loadFaults', () => {
  it('reads a YAML list or {faults: [...]}, naming the key of a bad entry', async () => {
    await writeFile(join(dir, 'f.yml'), '- {path: "/repos/*/*/issues", method: POST, status: 403, times: 1, headers: {retry-after: 1}}\n');
    expect(await loadFaults(join(dir, 'f.yml'))).toEqual([
      { path: '/repos/*/*/issues', method: 'POST', status: 403, times: 1, headers: { 'retry-after': '1' } },
    ]);
    await writeFile(join(dir, 'g.json'), JSON.stringify({ faults: [{ status: 500 }] }));
    await expect(loadFaults(join(dir, 'g.json'))).rejects.toThrow(/g\.json: key "faults\[0\]\.path" is required/);
  });
});
