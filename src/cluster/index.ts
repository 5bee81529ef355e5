// Group failures with one root cause across workflows and engines, describe each group (scope,
// intermittency) and say how badly it hurts (priority, with the reason written out). Pure.
//
// Grouping, in three steps, each near-linear:
//   1. exact: failures with one fingerprint (the rule's key, else the normalized line) are one;
//   2. loose: a failure no rule names joins the failures whose normalized line is the same (the
//      loose key), also a cluster a rule names when exactly one rule key shares that line; never
//      on a generic line (`exit code 1`, whose key carries the failed step: the strict key);
//   3. near-duplicate: clusters no rule names merge when their representative lines are near
//      duplicates (src/cluster/near.ts).
// Two clusters whose rules differ, or whose rule key parts differ (test, container, command …),
// never merge: every cluster holds at most one rule key.
import type { AgentEvidence } from '../agents/types.js';
import type { FailureRecord } from '../failure/record.js';
import type { WorkflowRun } from '../github/types.js';
import { agentFacts, silenceReason, type CompiledSilence } from '../rules/index.js';
import type { Category, RetryAdvice } from '../rules/types.js';
import { clusterIdOf, isGenericSignature } from '../signature/index.js';
import { jaccard, nearDuplicateLeaders, tokensOf, type NearDuplicateOptions } from './near.js';

export type Priority = 'P0' | 'P1' | 'P2';

/** How another fingerprint came to be part of a cluster. */
export interface JoinedSignature {
  fingerprint: string;
  signature: string;
  how: 'loose' | 'near-duplicate';
  /** Token Jaccard with the cluster's representative line, for near duplicates. */
  similarity: number | null;
}

export interface ClusterScope {
  workflows: 'one' | 'several';
  /** none: no engine known; all: every engine that ran in the window (at least 2). */
  engines: 'none' | 'one' | 'several' | 'all';
  /** default: only on the default branch (not pull requests); other: only elsewhere; unknown: default branch not known. */
  branches: 'default' | 'other' | 'both' | 'unknown';
  /** Relative to the agent's start, from the engine's token count (tokens == 0: it never started). */
  agent: 'before-start' | 'after-start' | 'both' | 'unknown';
  /** The scope in words, for the report. */
  summary: string;
}

export interface Cluster {
  id: string;
  fingerprint: string;
  key: string;
  ruleId: string | null;
  title: string;
  category: Category;
  /** The representative normalized failure line. */
  signature: string;
  fixHint: string | null;
  retry: RetryAdvice | null;
  failures: FailureRecord[];
  runIds: number[];
  workflows: string[];
  engines: string[];
  branches: string[];
  /** Failed steps of its failures (distinct, sorted). */
  steps: string[];
  firstSeen: string;
  lastSeen: string;
  /** Every fingerprint among its failures, its own first: ledger entries under any of them are this problem. */
  fingerprints: string[];
  /** The fingerprints that joined the cluster's own, and how. */
  joined: JoinedSignature[];
  scope: ClusterScope;
  /** Why the failure looks transient (a success in between, a re-run that passed), or null. */
  intermittent: string | null;
  /** Workflows none of whose finished runs in the window passed: this cluster blocks their lane. */
  blockedWorkflows: string[];
  priority: Priority;
  priorityReason: string;
  /** Why the config silences it (`silence:`), or null. Silenced clusters sort last. */
  silenced: string | null;
}

/** One run of the window (or carried over into it), as the clustering needs it. */
export interface WindowRun {
  id: number;
  /** The workflow's name as failure records carry it (`run.name ?? run.path`). */
  workflow: string;
  /** Null while it runs. */
  conclusion: string | null;
  createdAt: string;
  branch?: string | null;
  event?: string | null;
  /** run_attempt: a listed run is its latest attempt. */
  attempt?: number;
  headSha?: string | null;
  engine?: string | null;
}

export interface WindowContext {
  /** Every run of the window and every run carried over into it, whatever its conclusion. */
  runs: readonly WindowRun[];
  /** The repository's default branch, for the scope and the auth/infra P0 rule. */
  defaultBranch?: string | null;
  /** Fingerprints the ledger knows (after re-signing aliases): a cluster keeps one of its members' known fingerprint. */
  knownFingerprints?: Iterable<string>;
  /** The config's silences (RuleSet.silence). */
  silence?: readonly CompiledSilence[];
  /** Overrides of the near-duplicate thresholds (for tests and benches). */
  nearDuplicates?: Partial<NearDuplicateOptions>;
}

/** The window's runs of one workflow that finished (cancelled ones aside), failed or not. */
export type FinishedRunsByWorkflow = ReadonlyMap<string, readonly number[]>;

/** The window's runs for `WindowContext.runs`, from the GitHub objects collect listed. */
export function windowRunsOf(runs: readonly WorkflowRun[]): WindowRun[] {
  return runs.map((r) => ({
    id: r.id,
    workflow: r.name ?? r.path,
    conclusion: r.status === 'completed' ? (r.conclusion ?? null) : null,
    createdAt: r.created_at,
    branch: r.head_branch ?? null,
    event: r.event,
    attempt: r.run_attempt ?? 1,
    headSha: r.head_sha,
  }));
}

const uniq = <T>(xs: Iterable<T>) => [...new Set(xs)];
const PRIORITY_ORDER: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };
/** Conclusions of runs that did not finish on their own: not counted as a lane's runs. */
const NOT_FINISHED = new Set(['cancelled', 'skipped']);

interface Context {
  runs: WindowRun[];
  /** Finished runs per workflow. */
  finished: Map<string, WindowRun[]>;
  /** Whether conclusions are known (a WindowContext) or only ids (the older map). */
  conclusions: boolean;
  defaultBranch: string | null;
  known: Set<string>;
  silence: readonly CompiledSilence[];
  near: Partial<NearDuplicateOptions>;
}

function contextOf(ctx: WindowContext | FinishedRunsByWorkflow): Context {
  if (ctx instanceof Map) {
    const runs: WindowRun[] = [];
    for (const [workflow, ids] of ctx as FinishedRunsByWorkflow) for (const id of ids) runs.push({ id, workflow, conclusion: 'unknown', createdAt: '' });
    return { runs, finished: byWorkflow(runs), conclusions: false, defaultBranch: null, known: new Set(), silence: [], near: {} };
  }
  const w = ctx as WindowContext;
  const runs = [...w.runs];
  return {
    runs,
    finished: byWorkflow(runs.filter((r) => r.conclusion !== null && !NOT_FINISHED.has(r.conclusion))),
    conclusions: true,
    defaultBranch: w.defaultBranch ?? null,
    known: new Set(w.knownFingerprints ?? []),
    silence: w.silence ?? [],
    near: w.nearDuplicates ?? {},
  };
}

function byWorkflow(runs: WindowRun[]): Map<string, WindowRun[]> {
  const map = new Map<string, WindowRun[]>();
  for (const r of runs) {
    const list = map.get(r.workflow);
    if (list) list.push(r);
    else map.set(r.workflow, [r]);
  }
  for (const list of map.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  return map;
}

/** Failures of one fingerprint. */
interface Group {
  fingerprint: string;
  failures: FailureRecord[];
  named: boolean;
  firstSeen: string;
  /** Its most frequent signature (ties: the earliest). */
  signature: string;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    let x = i;
    while (this.parent[x] !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  /** Joins b's set into a's (a's root stays the root). */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[rb] = ra;
  }
}

/**
 * Clusters a window's failures. The second argument is the window (every run with its
 * conclusion, the default branch, known fingerprints, silences); the older map of finished run
 * ids per workflow is still accepted (no intermittency, no auth/infra rule without conclusions).
 */
export function clusterFailures(failures: readonly FailureRecord[], window: WindowContext | FinishedRunsByWorkflow): Cluster[] {
  const ctx = contextOf(window);
  const groups = groupByFingerprint(failures);
  const uf = new UnionFind(groups.length);

  // 2. Loose key: the normalized line, for lines that name something.
  const byLine = new Map<string, number[]>();
  groups.forEach((g, gi) => {
    for (const sig of uniq(g.failures.map((f) => f.signature))) {
      if (isGenericSignature(sig)) continue;
      const list = byLine.get(sig);
      if (list) list.push(gi);
      else byLine.set(sig, [gi]);
    }
  });
  for (const gis of byLine.values()) {
    if (gis.length < 2) continue;
    const named = gis.filter((gi) => groups[gi]!.named);
    if (named.length > 1) continue; // two rule keys share the line: the rules keep them apart
    const anchor = named[0] ?? gis[0]!;
    for (const gi of gis) {
      if (gi !== anchor && !groups[gi]!.named) uf.union(anchor, gi);
    }
  }

  // 3. Near duplicates among clusters no rule names, on their representatives only.
  const sets = setsOf(groups, uf);
  const unnamed = [...sets.values()]
    .filter((members) => members.every((gi) => !groups[gi]!.named))
    .map((members) => ({ members, rep: primaryOf(members, groups, ctx.known) }))
    .filter(({ rep }) => !isGenericSignature(groups[rep]!.signature))
    .sort((a, b) => size(b.members, groups) - size(a.members, groups) || groups[a.rep]!.firstSeen.localeCompare(groups[b.rep]!.firstSeen) || groups[a.rep]!.signature.localeCompare(groups[b.rep]!.signature));
  const near = nearDuplicateLeaders(
    unnamed.map((u) => groups[u.rep]!.signature),
    ctx.near,
  );
  unnamed.forEach((u, i) => {
    const l = near.leader[i]!;
    if (l !== i) uf.union(unnamed[l]!.rep, u.rep);
  });

  const clusters = [...setsOf(groups, uf).values()].map((members) => describe(members, groups, ctx, failures));
  return clusters.sort(
    (a, b) =>
      Number(a.silenced !== null) - Number(b.silenced !== null) ||
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
      b.runIds.length - a.runIds.length ||
      a.firstSeen.localeCompare(b.firstSeen) ||
      a.id.localeCompare(b.id),
  );
}

const byTime = (a: FailureRecord, b: FailureRecord) => a.createdAt.localeCompare(b.createdAt) || a.runId - b.runId || (a.jobId ?? 0) - (b.jobId ?? 0);

function groupByFingerprint(failures: readonly FailureRecord[]): Group[] {
  const map = new Map<string, FailureRecord[]>();
  for (const f of failures) {
    const g = map.get(f.fingerprint);
    if (g) g.push(f);
    else map.set(f.fingerprint, [f]);
  }
  const groups: Group[] = [];
  for (const [fingerprint, list] of map) {
    list.sort(byTime);
    const counts = new Map<string, number>();
    for (const f of list) counts.set(f.signature, (counts.get(f.signature) ?? 0) + 1);
    let signature = list[0]!.signature;
    for (const [sig, n] of counts) if (n > counts.get(signature)!) signature = sig;
    groups.push({ fingerprint, failures: list, named: list[0]!.classification.ruleId !== null, firstSeen: list[0]!.createdAt, signature });
  }
  // Deterministic whatever the input order.
  return groups.sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.fingerprint.localeCompare(b.fingerprint));
}

function setsOf(groups: Group[], uf: UnionFind): Map<number, number[]> {
  const sets = new Map<number, number[]>();
  groups.forEach((_, gi) => {
    const r = uf.find(gi);
    const list = sets.get(r);
    if (list) list.push(gi);
    else sets.set(r, [gi]);
  });
  return sets;
}

const size = (members: number[], groups: Group[]) => members.reduce((n, gi) => n + groups[gi]!.failures.length, 0);

/** The group whose fingerprint the cluster carries: the named one, else one the ledger knows, else the biggest. */
function primaryOf(members: number[], groups: Group[], known: ReadonlySet<string>): number {
  const named = members.find((gi) => groups[gi]!.named);
  if (named !== undefined) return named;
  const rank = (gi: number) => [known.has(groups[gi]!.fingerprint) ? 0 : 1, -groups[gi]!.failures.length] as const;
  return [...members].sort((a, b) => {
    const [ka, na] = rank(a);
    const [kb, nb] = rank(b);
    return ka - kb || na - nb || groups[a]!.firstSeen.localeCompare(groups[b]!.firstSeen) || groups[a]!.fingerprint.localeCompare(groups[b]!.fingerprint);
  })[0]!;
}

type WithAgent = FailureRecord & { agent?: Pick<AgentEvidence, 'signals' | 'tokens' | 'firewall'> | null };

function describe(members: number[], groups: Group[], ctx: Context, all: readonly FailureRecord[]): Cluster {
  const primary = groups[primaryOf(members, groups, ctx.known)]!;
  const sorted = members.flatMap((gi) => groups[gi]!.failures).sort(byTime);
  const head = primary.failures[0]!;
  const runIds = uniq(sorted.map((f) => f.runId)).sort((a, b) => a - b);
  const workflows = uniq(sorted.map((f) => f.workflow)).sort();
  const engines = uniq(sorted.map((f) => f.engine).filter((e): e is string => !!e)).sort();
  const inCluster = new Set(runIds);
  const blockedWorkflows = workflows.filter((w) => {
    const runs = ctx.finished.get(w) ?? [];
    return runs.length > 0 && runs.every((r) => inCluster.has(r.id));
  });
  // A cluster a rule names is only ever joined on equal lines (loose); one no rule names only by
  // near duplicates (its exact lines are one fingerprint already).
  const primaryTokens = new Set(tokensOf(primary.signature));
  const others: JoinedSignature[] = members
    .filter((gi) => groups[gi] !== primary)
    .map((gi) => {
      const g = groups[gi]!;
      return primary.named
        ? { fingerprint: g.fingerprint, signature: g.signature, how: 'loose' as const, similarity: null }
        : { fingerprint: g.fingerprint, signature: g.signature, how: 'near-duplicate' as const, similarity: Math.round(jaccard(primaryTokens, new Set(tokensOf(g.signature))) * 100) / 100 };
    })
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  const scope = scopeOf(sorted, workflows, engines, ctx, all);
  const intermittent = intermittencyOf(sorted, ctx);
  const category = head.classification.category;
  const { priority, reason } = prioritize(sorted, runIds.length, blockedWorkflows, category, intermittent, ctx);
  const id = clusterIdOf(primary.fingerprint);
  const fingerprints = [primary.fingerprint, ...others.map((o) => o.fingerprint)];
  const silenced = ctx.silence.length
    ? silenceReason({ id, fingerprints, signatures: uniq(sorted.map((f) => f.signature)), ruleId: head.classification.ruleId }, ctx.silence)
    : null;
  return {
    id,
    fingerprint: primary.fingerprint,
    key: head.classification.key,
    ruleId: head.classification.ruleId,
    title: head.classification.title,
    category,
    signature: primary.signature,
    fixHint: head.classification.fixHint,
    retry: head.classification.retry,
    failures: sorted,
    runIds,
    workflows,
    engines,
    branches: uniq(sorted.map((f) => f.branch)).sort(),
    steps: uniq(sorted.map((f) => f.failedStep).filter((s): s is string => !!s)).sort(),
    firstSeen: sorted[0]!.createdAt,
    lastSeen: sorted[sorted.length - 1]!.createdAt,
    fingerprints,
    joined: others,
    scope,
    intermittent,
    blockedWorkflows,
    priority,
    priorityReason: reason,
    silenced,
  };
}

function onDefaultBranch(branch: string | null | undefined, event: string | null | undefined, defaultBranch: string): boolean {
  return branch === defaultBranch && !/^pull_request/.test(event ?? '');
}

function scopeOf(failures: FailureRecord[], workflows: string[], engines: string[], ctx: Context, all: readonly FailureRecord[]): ClusterScope {
  const windowEngines = new Set<string>();
  for (const r of ctx.runs) if (r.engine) windowEngines.add(r.engine);
  for (const f of all) if (f.engine) windowEngines.add(f.engine);
  const engineScope: ClusterScope['engines'] =
    engines.length === 0 ? 'none' : windowEngines.size >= 2 && [...windowEngines].every((e) => engines.includes(e)) ? 'all' : engines.length === 1 ? 'one' : 'several';

  let branches: ClusterScope['branches'] = 'unknown';
  if (ctx.defaultBranch) {
    const main = failures.filter((f) => onDefaultBranch(f.branch, f.event, ctx.defaultBranch!)).length;
    branches = main === failures.length ? 'default' : main === 0 ? 'other' : 'both';
  }

  const phases = new Set(failures.map((f) => agentFacts((f as WithAgent).agent).tokensZero));
  const agent: ClusterScope['agent'] =
    phases.has(true) && phases.has(false) ? 'both' : phases.has(true) && !phases.has(undefined) ? 'before-start' : phases.has(false) && !phases.has(undefined) ? 'after-start' : phases.has(true) || phases.has(false) ? 'both' : 'unknown';

  const parts = [workflows.length === 1 ? 'one workflow' : `${workflows.length} workflows`];
  if (engineScope === 'all') parts.push(`every engine of the window (${engines.join(', ')})`);
  else if (engineScope !== 'none') parts.push(engines.length === 1 ? `${engines[0]} only` : `engines ${engines.join(', ')}`);
  if (branches === 'default') parts.push(`${ctx.defaultBranch} only`);
  else if (branches === 'other') parts.push('pull requests and other branches only');
  else if (branches === 'both') parts.push(`${ctx.defaultBranch} and other branches`);
  if (agent === 'before-start') parts.push('before the agent started (0 tokens)');
  else if (agent === 'after-start') parts.push('after the agent started');
  else if (agent === 'both' && phases.has(true) && phases.has(false)) parts.push('before and after the agent started');
  return { workflows: workflows.length === 1 ? 'one' : 'several', engines: engineScope, branches, agent, summary: parts.join(' · ') };
}

/**
 * Transient when, in one of its workflows, a run passed between two of its failures; or a run of
 * it passed on a re-run; or the same commit passed later in the same workflow.
 */
function intermittencyOf(failures: FailureRecord[], ctx: Context): string | null {
  if (!ctx.conclusions) return null;
  const failedIds = new Set(failures.map((f) => f.runId));
  for (const r of ctx.runs) {
    if (r.conclusion === 'success' && failedIds.has(r.id)) return `run ${r.id} passed on re-run (attempt ${r.attempt ?? 2})`;
  }
  const byWorkflow = new Map<string, FailureRecord[]>();
  for (const f of failures) byWorkflow.set(f.workflow, [...(byWorkflow.get(f.workflow) ?? []), f]);
  for (const [workflow, fs] of [...byWorkflow].sort(([a], [b]) => a.localeCompare(b))) {
    const runs = ctx.finished.get(workflow) ?? [];
    const first = fs[0]!.createdAt;
    const last = fs[fs.length - 1]!.createdAt;
    const between = runs.find((r) => r.conclusion === 'success' && !failedIds.has(r.id) && r.createdAt > first && r.createdAt < last);
    if (between) return `${workflow} passed in between (run ${between.id})`;
    for (const f of fs) {
      const later = runs.find((r) => r.conclusion === 'success' && r.headSha && r.headSha === f.headSha && r.createdAt > f.createdAt);
      if (later) return `the same commit passed later in ${workflow} (run ${later.id})`;
    }
  }
  return null;
}

const LOWER: Record<Priority, Priority> = { P0: 'P1', P1: 'P2', P2: 'P2' };

/**
 * Priority, decided in this order (docs/priority.md):
 * P0 when the cluster blocks a lane (≥ 2 runs, and every finished run of at least one workflow in
 * the window failed with it), or a run could not start (startup_failure), or an auth or infra
 * failure on the default branch recurs (≥ 2 runs) with no success of its workflows in between;
 * P1 when it recurs (≥ 2 runs); P2 when it is isolated. Intermittency lowers it one step, except
 * a blocked lane.
 */
function prioritize(
  failures: FailureRecord[],
  runs: number,
  blocked: string[],
  category: Category,
  intermittent: string | null,
  ctx: Context,
): { priority: Priority; reason: string } {
  if (runs >= 2 && blocked.length > 0) {
    const lanes = blocked.map((w) => {
      const n = ctx.finished.get(w)?.length ?? 0;
      return `${w} (${n} of ${n})`;
    });
    return { priority: 'P0', reason: `blocks a lane: every finished run of ${lanes.join(', ')} in this window failed with it` };
  }
  let base: { priority: Priority; reason: string };
  const mainStreak = authInfraStreak(failures, category, ctx);
  if (failures.some((f) => f.runConclusion === 'startup_failure')) base = { priority: 'P0', reason: 'a workflow could not start at all (startup_failure)' };
  else if (mainStreak) base = { priority: 'P0', reason: mainStreak };
  else if (runs >= 2) {
    const wf = uniq(failures.map((f) => f.workflow)).length;
    base = { priority: 'P1', reason: `recurring: ${runs} runs${wf > 1 ? ` in ${wf} workflows` : ''}` };
  } else base = { priority: 'P2', reason: 'isolated: 1 run' };
  if (!intermittent) return base;
  const lower = LOWER[base.priority];
  return {
    priority: lower,
    reason: lower === base.priority ? `${base.reason}; intermittent (${intermittent})` : `${base.reason}, but intermittent (${intermittent}), so one step lower`,
  };
}

/** The P0 rule for auth and infra: ≥ 2 runs on the default branch, no success of its workflows in between. */
function authInfraStreak(failures: FailureRecord[], category: Category, ctx: Context): string | null {
  if ((category !== 'auth' && category !== 'infra') || !ctx.conclusions || !ctx.defaultBranch) return null;
  const main = failures.filter((f) => onDefaultBranch(f.branch, f.event, ctx.defaultBranch!));
  const runIds = new Set(main.map((f) => f.runId));
  if (runIds.size < 2) return null;
  const first = main[0]!.createdAt;
  const last = main[main.length - 1]!.createdAt;
  const workflows = new Set(main.map((f) => f.workflow));
  const passed = ctx.runs.some(
    (r) => r.conclusion === 'success' && workflows.has(r.workflow) && onDefaultBranch(r.branch, r.event, ctx.defaultBranch!) && r.createdAt > first && r.createdAt < last,
  );
  if (passed) return null;
  return `${category} failure on ${ctx.defaultBranch} in ${runIds.size} runs with no success of ${[...workflows].sort().join(', ')} in between`;
}
