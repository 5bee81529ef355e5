// Workflow runs, attempts, jobs and workflows, as GitHub's REST API serves them.
import { intParam, json, notFound, validationFailed, type Ctx, type Reply, type Router } from './http.js';
import { FILTERED_RESULT_CAP, inRange, paginate, parseCreated, type Range } from './listing.js';
import type { ServedJob, ServedRun, World } from './world.js';

export const RUN_STATUSES = ['completed', 'in_progress', 'queued', 'requested', 'waiting', 'pending', 'action_required'];
export const RUN_CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
];

/** query parameters that make GitHub cap the results at 1,000 */
const CAPPING_FILTERS = ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'];

type RunFilter = (run: ServedRun) => boolean;

/** the filters of a runs query, or a 422 answer for a value GitHub would refuse */
export function runFilters(query: URLSearchParams): RunFilter[] | Reply {
  const filters: RunFilter[] = [];
  const created = query.get('created');
  if (created !== null && created !== '') {
    const range: Range | undefined = parseCreated(created);
    if (!range) {
      return validationFailed([
        { resource: 'WorkflowRun', code: 'invalid', field: 'created', message: `Invalid created: ${created}` },
      ]);
    }
    filters.push((run) => inRange(Date.parse(run.created_at), range));
  }
  const status = query.get('status');
  if (status !== null && status !== '') {
    const isStatus = RUN_STATUSES.includes(status);
    const isConclusion = RUN_CONCLUSIONS.includes(status);
    if (!isStatus && !isConclusion) {
      return validationFailed([{ resource: 'WorkflowRun', code: 'invalid', field: 'status', value: status }]);
    }
    filters.push((run) => (isStatus && run.status === status) || (isConclusion && run.conclusion === status));
  }
  const branch = query.get('branch');
  if (branch) filters.push((run) => run.head_branch === branch);
  const event = query.get('event');
  if (event) filters.push((run) => run.event === event);
  const headSha = query.get('head_sha');
  if (headSha) filters.push((run) => run.head_sha.toLowerCase() === headSha.toLowerCase());
  const actor = query.get('actor');
  if (actor) {
    const login = (u: unknown): string | undefined => (u as { login?: string } | undefined)?.login?.toLowerCase();
    filters.push((run) => login(run['actor']) === actor.toLowerCase() || login(run['triggering_actor']) === actor.toLowerCase());
  }
  const checkSuite = query.get('check_suite_id');
  if (checkSuite) filters.push((run) => String(run['check_suite_id']) === checkSuite);
  return filters;
}

function listRuns(ctx: Ctx, runs: ServedRun[]): Reply {
  const filters = runFilters(ctx.query);
  if (!Array.isArray(filters)) return filters;
  const matches = runs.filter((run) => filters.every((f) => f(run)));
  const capped = CAPPING_FILTERS.some((k) => ctx.query.get(k));
  const page = paginate(matches, ctx, capped ? FILTERED_RESULT_CAP : undefined);
  return json({ total_count: matches.length, workflow_runs: page.items }, 200, page.headers);
}

function listJobs(ctx: Ctx, jobs: ServedJob[]): Reply {
  const page = paginate(jobs, ctx);
  return json({ total_count: jobs.length, jobs: page.items }, 200, page.headers);
}

function workflowObject(world: World, w: { id: number; name: string; path: string }): Record<string, unknown> {
  const { site } = world;
  const times = [...world.scenario.runs.values()]
    .map((r) => r.attempts.get(r.latest)!.run)
    .filter((r) => r.path === w.path)
    .map((r) => r.created_at)
    .sort();
  const since = times[0] ?? world.clock.iso;
  return {
    id: w.id,
    node_id: `W_${Buffer.from(`Workflow:${w.id}`).toString('base64').replace(/=+$/, '')}`,
    name: w.name,
    path: w.path,
    state: 'active',
    created_at: since,
    updated_at: since,
    url: `${site.api}/actions/workflows/${w.id}`,
    html_url: `${site.html}/blob/${site.defaultBranch}/${w.path}`,
    badge_url: `${site.html}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export function registerRunRoutes(router: Router, world: World): void {
  const R = '/repos/{owner}/{repo}';

  router.add('GET', `${R}/actions/runs`, (ctx) => listRuns(ctx, world.runs()));

  router.add('GET', `${R}/actions/workflows`, (ctx) => {
    const all = world.workflows().map((w) => workflowObject(world, w));
    const page = paginate(all, ctx);
    return json({ total_count: all.length, workflows: page.items }, 200, page.headers);
  });

  router.add('GET', `${R}/actions/workflows/{workflow}`, (ctx) => {
    const w = world.workflow(ctx.params['workflow']!);
    return w ? json(workflowObject(world, w)) : notFound();
  });

  router.add('GET', `${R}/actions/workflows/{workflow}/runs`, (ctx) => {
    const key = ctx.params['workflow']!;
    const w = world.workflow(key);
    if (!w) return notFound();
    return listRuns(
      ctx,
      world.runs().filter((run) => run.workflow_id === w.id || run.path === w.path || run.path.endsWith(`/${key}`)),
    );
  });

  router.add('GET', `${R}/actions/runs/{run_id}`, (ctx) => {
    const id = intParam(ctx.params['run_id']);
    const found = id === undefined ? undefined : world.attempt(id);
    return found ? json(world.renderRun(found.attempt)) : notFound();
  });

  router.add('GET', `${R}/actions/runs/{run_id}/attempts/{attempt}`, (ctx) => {
    const id = intParam(ctx.params['run_id']);
    const n = intParam(ctx.params['attempt']);
    const found = id === undefined || n === undefined ? undefined : world.attempt(id, n);
    return found ? json(world.renderRun(found.attempt)) : notFound();
  });

  router.add('GET', `${R}/actions/runs/{run_id}/attempts/{attempt}/jobs`, (ctx) => {
    const id = intParam(ctx.params['run_id']);
    const n = intParam(ctx.params['attempt']);
    const found = id === undefined || n === undefined ? undefined : world.attempt(id, n);
    return found ? listJobs(ctx, world.jobsOf(found.attempt)) : notFound();
  });

  router.add('GET', `${R}/actions/runs/{run_id}/jobs`, (ctx) => {
    const id = intParam(ctx.params['run_id']);
    const found = id === undefined ? undefined : world.attempt(id);
    if (!found) return notFound();
    const filter = ctx.query.get('filter') ?? 'latest';
    if (filter !== 'latest' && filter !== 'all') {
      return validationFailed([{ resource: 'Job', code: 'invalid', field: 'filter', value: filter }]);
    }
    if (filter === 'latest') return listJobs(ctx, world.jobsOf(found.attempt));
    const seen = new Set<number>();
    const jobs: ServedJob[] = [];
    const numbers = [...found.run.attempts.keys()].filter((n) => n <= found.attempt.attempt).sort((a, b) => a - b);
    for (const n of numbers) {
      const a = world.attempt(id!, n);
      if (!a) continue;
      for (const job of world.jobsOf(a.attempt)) {
        if (seen.has(job.id)) continue;
        seen.add(job.id);
        jobs.push(job);
      }
    }
    return listJobs(ctx, jobs);
  });

  router.add('GET', `${R}/actions/jobs/{job_id}`, (ctx) => {
    const id = intParam(ctx.params['job_id']);
    const found = id === undefined ? undefined : world.job(id);
    return found ? json(found.job) : notFound();
  });
}
