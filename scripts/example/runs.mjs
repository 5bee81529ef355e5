// Turns one row of the runs table into run.json, jobs.json and job logs.
// One builder per workflow type; the failure kind picks what happens inside the failing step.
import { Rng, seedOf } from './prng.mjs';
import { JobSim, apiTime } from './sim.mjs';
import { runnerImageAt } from './steps.mjs';
import {
  ENGINES,
  agentJob,
  activationJob,
  detectionJob,
  safeOutputsJob,
  conclusionJob,
  codex401,
  copilotNodeMissing,
  copilotCrash,
  sidecarUnhealthy,
  engineSuccess,
  opencodeFailure,
} from './agentic.mjs';
import { ciBuildJob, ciTestJob, smokeJob, nightlyJob, investigatorJob } from './plain.mjs';
import { agentArtifacts } from './artifacts.mjs';

/**
 * Failure kinds. `execute` is the body of an agentic run's `Execute … CLI` step; `types` says which
 * workflow types a kind fits; `conclusion` is the run's conclusion it produces.
 */
export const KINDS = {
  ok: { conclusion: 'success', types: ['agentic', 'ci', 'smoke', 'nightly'], what: 'success' },
  self: { conclusion: 'success', types: ['self'], what: "the investigator's own run (excluded)" },
  'codex-401': { conclusion: 'failure', types: ['agentic'], what: 'Codex 401 loop ("Incorrect API key provided")', execute: (s, c) => codex401(s, c, { variant: 'key' }) },
  'codex-401-bearer': { conclusion: 'failure', types: ['agentic'], what: 'Codex 401 loop ("Missing bearer … authentication")', execute: (s, c) => codex401(s, c, { variant: 'bearer' }) },
  'codex-401-github': { conclusion: 'failure', types: ['agentic'], what: 'Codex 401 loop + api.github.com/github.com denied by the firewall', execute: (s, c) => codex401(s, c, { variant: 'key', githubBlocked: true }) },
  'copilot-node': { conclusion: 'failure', types: ['agentic'], what: '`node: command not found` in the Copilot chroot sandbox', execute: copilotNodeMissing },
  'copilot-crash': { conclusion: 'failure', types: ['agentic'], what: 'Copilot CLI crash (TypeError, exit code 1)', execute: copilotCrash },
  'protected-files': { conclusion: 'failure', types: ['agentic'], what: 'safe_outputs: create_pull_request blocked by protected files after 81 turns' },
  sidecar: { conclusion: 'failure', types: ['agentic'], what: 'awf-api-proxy sidecar unhealthy (docker compose)', execute: sidecarUnhealthy },
  'log-missing': { conclusion: 'failure', types: ['agentic'], what: 'failed, but the failed job has no log (server answers 410)', execute: opencodeFailure, noLog: true },
  timeout: { conclusion: 'timed_out', types: ['nightly'], what: 'job exceeded timeout-minutes: 60 (hung webhook test)' },
  vitest: { conclusion: 'failure', types: ['ci'], what: 'vitest: test/shell/history.test.ts > shellEscape > escapes !! inside double quotes' },
  superseded: { conclusion: 'cancelled', types: ['smoke'], what: 'cancelled: superseded by a newer push (concurrency)' },
  'startup-failure': { conclusion: 'startup_failure', types: ['agentic', 'ci', 'smoke', 'nightly'], what: 'startup_failure: no jobs were created' },
};

const RUNNER_POOL = 20;

/** A context shared by the jobs of one run. */
function runContext(row, world, wf) {
  const commit = world.commits[row.commit];
  const pr = row.event === 'pull_request' ? world.prs[row.branch] : null;
  return {
    repo: world.repo,
    repoName: world.repo.split('/')[1],
    runId: row.id,
    runNumber: row.runNumber,
    workflow: wf,
    engine: wf.engine ? engineAt(wf.engine, commit, world) : null,
    chroot: !!wf.chroot,
    event: row.event,
    branch: row.branch,
    sha: commit.sha,
    prNumber: pr?.number ?? null,
    baseSha: pr ? world.commits[pr.base].sha : null,
    mergeSha: pr ? new Rng(seedOf('merge', row.id)).hex(40) : null,
    actor: row.actor,
    image: runnerImageAt(row.createdMs),
    slowPull: !!row.slowPull,
  };
}

/**
 * The engine as the run's lock file pins it: `world.enginePins[engine]` = { until: commit key,
 * version } gives the version of runs on commits older than that one.
 */
function engineAt(id, commit, world) {
  const pin = world.enginePins?.[id];
  if (pin && commit.dateMs < world.commits[pin.until].dateMs) return { ...ENGINES[id], version: pin.version };
  return ENGINES[id];
}

/** Simulate one job; returns the jobs.json entry and the log text. */
function simulateJob(ctx, name, startMs, body, { padMs = 0 } = {}) {
  const rng = new Rng(seedOf('job', ctx.runId, name));
  const runnerName = `GitHub Actions ${1 + (seedOf('runner', ctx.runId, name) % RUNNER_POOL)}`;
  const sim = new JobSim({ rng, startMs, padMs });
  const jctx = { ...ctx, runnerName };
  const conclusion = body(sim, jctx);
  return { name, conclusion, startMs, endMs: sim.endMs, steps: sim.steps, log: sim.logText(), runnerName, lines: sim.lines.length, sim };
}

function skippedJob(name, atMs) {
  return { name, conclusion: 'skipped', startMs: atMs, endMs: atMs, steps: [], log: null, runnerName: null, skipped: true };
}

const after = (job, rng, lo, hi) => job.endMs + rng.int(lo, hi) * 1000;

/** The jobs of one run, per workflow type. `padMs` stretches the run's main job. */
function planJobs(row, ctx, padMs, padJob = null) {
  const padFor = (name, main) => (padJob ? (name === padJob ? padMs : 0) : main ? padMs : 0);
  const kind = KINDS[row.kind];
  const rng = new Rng(seedOf('plan', row.id));
  const t0 = row.createdMs;
  const type = ctx.workflow.type;
  const jobs = [];
  if (type === 'agentic') {
    const act = simulateJob(ctx, 'activation', t0 + rng.int(4, 10) * 1000, activationJob);
    jobs.push(act);
    const protectedFiles = row.kind === 'protected-files';
    const execute = protectedFiles ? (s, c) => engineSuccess(s, c, { turns: 81 }) : kind.execute ?? ((s, c) => engineSuccess(s, c, { turns: rng.int(3, 9) }));
    const agent = simulateJob(ctx, 'agent', after(act, rng, 4, 12), (s, c) => agentJob(s, c, execute), { padMs });
    agent.keepLog = protectedFiles; // the 81-turn Claude log, kept although the job succeeded
    agent.noLog = !!kind.noLog;
    jobs.push(agent);
    let last = agent;
    if (agent.conclusion === 'success') {
      const det = simulateJob(ctx, 'detection', after(agent, rng, 3, 8), detectionJob);
      jobs.push(det);
      const so = simulateJob(ctx, 'safe_outputs', after(det, rng, 3, 8), (s, c) => safeOutputsJob(s, c, { protectedFiles: protectedFiles ? ['.github/aw/create-agentic-workflow.md', '.github/aw/github-agentic-workflows.md'] : null }));
      jobs.push(so);
      last = so;
    } else {
      const at = after(agent, rng, 1, 3);
      jobs.push(skippedJob('detection', at), skippedJob('safe_outputs', at));
    }
    const agentFailed = agent.conclusion !== 'success';
    jobs.push(simulateJob(ctx, 'conclusion', after(last, rng, 3, 7), (s, c) => conclusionJob(s, c, { agentFailed })));
  } else if (type === 'ci') {
    jobs.push(simulateJob(ctx, 'build', t0 + rng.int(4, 12) * 1000, ciBuildJob, { padMs: padFor('build', false) }));
    jobs.push(simulateJob(ctx, 'test', t0 + rng.int(4, 12) * 1000, (s, c) => ciTestJob(s, c, { failing: row.kind === 'vitest' }), { padMs: padFor('test', true) }));
  } else if (type === 'smoke') {
    const cancelAtMs = row.kind === 'superseded' ? row.createdMs + row.durMs - 5_500 : null;
    jobs.push(simulateJob(ctx, 'smoke', t0 + rng.int(4, 12) * 1000, (s, c) => smokeJob(s, c, { cancelAtMs }), { padMs: cancelAtMs ? 0 : padMs }));
  } else if (type === 'nightly') {
    const start = t0 + rng.int(4, 12) * 1000;
    const timeoutAtMs = row.kind === 'timeout' ? start + 60 * 60_000 : null;
    // a passing night: the webhook test waits a while and then gets its delivery
    jobs.push(simulateJob(ctx, 'integration', start, (s, c) => nightlyJob(s, c, { timeoutAtMs: timeoutAtMs ?? null }), { padMs }));
  } else if (type === 'self') {
    jobs.push(simulateJob(ctx, 'investigate', t0 + rng.int(4, 12) * 1000, investigatorJob, { padMs }));
  } else throw new Error(`unknown workflow type ${type}`);
  return jobs;
}

function runEnd(row, jobs) {
  const rng = new Rng(seedOf('end', row.id));
  return Math.max(...jobs.map((j) => j.endMs)) + rng.int(1, 4) * 1000;
}

/**
 * Build one run. Returns { run, jobs (jobs.json entries) | null, logs: [{jobId, text}], artifacts:
 * { folder → { path → content } } }.
 */
export function buildRun(row, world) {
  const wf = world.workflows[row.workflow];
  const kind = KINDS[row.kind];
  if (!kind) throw new Error(`run ${row.id}: unknown kind ${row.kind}`);
  if (!kind.types.includes(wf.type)) throw new Error(`run ${row.id}: kind ${row.kind} does not fit a ${wf.type} workflow`);
  if (kind.conclusion !== row.conclusion) throw new Error(`run ${row.id}: kind ${row.kind} gives ${kind.conclusion}, table says ${row.conclusion}`);
  const ctx = runContext(row, world, wf);

  let jobs = null;
  let updatedMs;
  if (row.kind === 'startup-failure') {
    updatedMs = row.createdMs + 1000;
  } else {
    // two passes: simulate, then stretch the main job so the run lasts what the table says
    jobs = planJobs(row, ctx, 0);
    const stretch = row.createdMs + row.durMs - runEnd(row, jobs);
    const last = jobs.reduce((a, b) => (b.endMs > a.endMs ? b : a));
    if (stretch > 1000 && !['superseded', 'timeout'].includes(row.kind)) jobs = planJobs(row, ctx, stretch, ctx.workflow.type === 'ci' ? last.name : null);
    updatedMs = runEnd(row, jobs);
  }

  const conclusion = jobs ? runConclusion(jobs) : 'startup_failure';
  if (conclusion !== row.conclusion) throw new Error(`run ${row.id}: jobs conclude ${conclusion}, table says ${row.conclusion}`);

  const commit = world.commits[row.commit];
  const pr = ctx.prNumber ? world.prs[row.branch] : null;
  const run = {
    id: row.id,
    name: wf.name,
    head_branch: row.branch,
    head_sha: commit.sha,
    path: wf.path,
    display_title: displayTitle(row, wf, commit, pr, world),
    run_number: row.runNumber,
    event: row.event,
    status: 'completed',
    conclusion: row.conclusion,
    workflow_id: wf.id,
    html_url: `https://github.com/${world.repo}/actions/runs/${row.id}`,
    pull_requests: pr ? [{ number: pr.number, head: { ref: row.branch, sha: commit.sha }, base: { ref: 'main', sha: world.commits[pr.base].sha } }] : [],
    created_at: apiTime(row.createdMs),
    updated_at: apiTime(updatedMs),
    actor: { login: row.actor, type: row.actor === 'Copilot' ? 'Bot' : 'User' },
    triggering_actor: { login: row.actor, type: row.actor === 'Copilot' ? 'Bot' : 'User' },
    run_attempt: 1,
    run_started_at: apiTime(row.createdMs),
    head_commit: {
      id: commit.sha,
      message: commit.message,
      timestamp: apiTime(commit.dateMs),
      author: { name: commit.author, email: `${commit.author}@users.noreply.github.com` },
    },
  };

  const jobsJson = jobs && jobs.map((j, k) => jobEntry(j, k, row, ctx, world));
  const logs = [];
  if (jobs) {
    jobs.forEach((j, k) => {
      const failedLike = ['failure', 'timed_out', 'cancelled'].includes(j.conclusion);
      if ((failedLike || j.keepLog) && !j.noLog) logs.push({ jobId: jobsJson[k].id, text: j.log, lines: j.lines, name: j.name });
    });
  }
  const artifacts = jobs && ctx.workflow.type === 'agentic' ? agentArtifacts(row, ctx, jobs, { expired: !!row.artifactsExpired, dockerbuild: !!row.dockerbuild }) : {};
  return { run, jobs: jobsJson && { total_count: jobsJson.length, jobs: jobsJson }, logs, artifacts, sims: jobs };
}

function runConclusion(jobs) {
  const cs = jobs.map((j) => j.conclusion);
  if (cs.includes('timed_out')) return 'timed_out';
  if (cs.includes('cancelled')) return 'cancelled';
  if (cs.includes('failure')) return 'failure';
  return 'success';
}

/** Job ids grow with the run id (about 2.93 job ids per run id in 2026), a few apart within a run. */
function jobId(runId, k) {
  const rng = new Rng(seedOf('jobid', runId));
  let id = Math.round(runId * 2.93);
  for (let i = 0; i <= k; i++) id += rng.int(1, 25);
  return id;
}

function jobEntry(j, k, row, ctx, world) {
  const id = jobId(row.id, k);
  return {
    id,
    run_id: row.id,
    workflow_name: ctx.workflow.name,
    head_branch: row.branch,
    head_sha: ctx.sha,
    run_attempt: 1,
    html_url: `https://github.com/${world.repo}/actions/runs/${row.id}/job/${id}`,
    status: 'completed',
    conclusion: j.conclusion,
    created_at: apiTime(row.createdMs + 1000),
    started_at: apiTime(j.startMs),
    completed_at: apiTime(j.endMs),
    name: j.name,
    steps: j.steps,
    labels: ['ubuntu-latest'],
    runner_name: j.runnerName,
    runner_group_name: j.runnerName ? 'GitHub Actions' : null,
  };
}

function displayTitle(row, wf, commit, pr, world) {
  switch (row.event) {
    case 'push':
      return commit.message.split('\n')[0];
    case 'pull_request':
      return pr.title;
    default:
      return wf.name;
  }
}
