// Versions, environment presence and novel lines of the failed runs against the baselines of the
// same workflow. Each is computed per workflow (two workflows legitimately use different actions
// and variables), then merged by key. Pure.
import type { AgentEvidence } from '../agents/types.js';
import { redactSecrets } from '../redact/index.js';
import type { EnvChange, LogFacts, NormLine, NovelLine, Presence, SetupFacts, VersionChange } from './types.js';

// --- versions ---------------------------------------------------------------------------------

interface Versioned {
  key: string;
  what: string;
  value: string;
  /** 'setup' values are compared when both sides have a setup section; 'agent' when both have the value. */
  source: 'setup' | 'agent';
}

/** The versions one run shows: from its job log's "Set up job" section and its agent artifacts. */
export function versionsOf(setup: SetupFacts | null, agent: AgentEvidence | null): Versioned[] {
  const out: Versioned[] = [];
  if (setup) {
    if (setup.runnerVersion) out.push({ key: 'runner', what: 'runner version', value: setup.runnerVersion, source: 'setup' });
    if (setup.image || setup.imageVersion) out.push({ key: 'runner-image', what: 'runner image', value: [setup.image, setup.imageVersion].filter(Boolean).join(' '), source: 'setup' });
    if (setup.os) out.push({ key: 'os', what: 'operating system', value: setup.os, source: 'setup' });
    for (const [name, ref] of Object.entries(setup.actions)) out.push({ key: `action:${name}`, what: `action ${name}`, value: ref, source: 'setup' });
  }
  if (agent) {
    const a: Array<[string, string, string | null]> = [
      ['engine', 'engine', agent.engine],
      ['model', 'model', agent.model],
      ['engine-version', 'engine version', agent.engineVersion],
      ['gh-aw-version', 'gh-aw version', agent.cliVersion],
      ['firewall-version', 'firewall (awf) version', agent.awfVersion],
    ];
    for (const [key, what, value] of a) if (value) out.push({ key, what, value, source: 'agent' });
  }
  return out;
}

export interface RunVersions {
  /** Whether the run's setup section was read (actions can then be told added or gone). */
  hasSetup: boolean;
  values: Versioned[];
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const KEY_ORDER = ['engine', 'model', 'engine-version', 'gh-aw-version', 'firewall-version', 'runner', 'runner-image', 'os'];
const keyRank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
/** Engine facts first, then the runner, then actions by name. */
const byKey = (a: { key: string }, b: { key: string }) => keyRank(a.key) - keyRank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** What differs between the versions of one workflow's failed runs and its baselines. */
export function versionDiff(workflow: string, baseline: readonly RunVersions[], failed: readonly RunVersions[]): VersionChange[] {
  const changes: VersionChange[] = [];
  const bothSetup = baseline.some((r) => r.hasSetup) && failed.some((r) => r.hasSetup);
  const keys = new Map<string, { what: string; source: Versioned['source'] }>();
  for (const r of [...baseline, ...failed]) for (const v of r.values) keys.set(v.key, { what: v.what, source: v.source });
  for (const [key, { what, source }] of keys) {
    const b = sorted(baseline.flatMap((r) => r.values.filter((v) => v.key === key).map((v) => v.value)));
    const f = sorted(failed.flatMap((r) => r.values.filter((v) => v.key === key).map((v) => v.value)));
    const comparable = source === 'setup' && key.startsWith('action:') ? bothSetup : b.length > 0 && f.length > 0;
    if (!comparable || JSON.stringify(b) === JSON.stringify(f)) continue;
    changes.push({ key, what, baseline: b, failed: f, workflows: [workflow] });
  }
  return changes.sort(byKey);
}

/** Per-workflow changes merged: one entry per key and value pair, its workflows listed. */
export function mergeVersionChanges(lists: readonly VersionChange[][]): VersionChange[] {
  const merged = new Map<string, VersionChange>();
  for (const c of lists.flat()) {
    const id = `${c.key}\u0000${c.baseline.join('|')}\u0000${c.failed.join('|')}`;
    const had = merged.get(id);
    if (had) had.workflows = sorted([...had.workflows, ...c.workflows]);
    else merged.set(id, { ...c, workflows: [...c.workflows] });
  }
  return [...merged.values()].sort(byKey);
}

// --- environment presence ---------------------------------------------------------------------

function sidePresence(logs: readonly Record<string, Presence>[], name: string): Presence | null {
  const vals = new Set(logs.map((l) => l[name]).filter((v): v is Presence => v !== undefined));
  if (!vals.size) return null;
  return vals.size > 1 ? 'mixed' : [...vals][0]!;
}

/**
 * Variables whose presence differs between one workflow's failed logs and its baselines' logs:
 * stated both sides and different, or unset in the failed runs and never stated by a baseline.
 * Names and presence only.
 */
export function envDiff(workflow: string, baseline: readonly Record<string, Presence>[], failed: readonly Record<string, Presence>[]): EnvChange[] {
  if (!baseline.length || !failed.length) return [];
  const names = sorted(failed.flatMap((l) => Object.keys(l)).concat(baseline.flatMap((l) => Object.keys(l))));
  const out: EnvChange[] = [];
  for (const name of names) {
    const f = sidePresence(failed, name);
    const b = sidePresence(baseline, name);
    if (f === null) continue; // the failed logs say nothing: nothing to compare
    if (b === null ? f !== 'unset' : b === f) continue;
    out.push({ name, baseline: b ?? 'not-stated', failed: f, failed_runs: failed.filter((l) => l[name] !== undefined).length, workflows: [workflow] });
  }
  return out;
}

export function mergeEnvChanges(lists: readonly EnvChange[][]): EnvChange[] {
  const byName = new Map<string, EnvChange>();
  for (const c of lists.flat()) {
    const had = byName.get(c.name);
    if (!had) byName.set(c.name, { ...c, workflows: [...c.workflows] });
    else {
      had.failed_runs += c.failed_runs;
      had.workflows = sorted([...had.workflows, ...c.workflows]);
      if (had.failed !== c.failed) had.failed = 'mixed';
      if (had.baseline !== c.baseline) had.baseline = had.baseline === 'not-stated' ? c.baseline : c.baseline === 'not-stated' ? had.baseline : 'mixed';
    }
  }
  // stated both ways first (the strong signal), then unset-only-in-failure
  return [...byName.values()].sort((a, b) => Number(a.baseline === 'not-stated') - Number(b.baseline === 'not-stated') || (a.name < b.name ? -1 : 1));
}

// --- novel lines ------------------------------------------------------------------------------

export const MAX_NOVEL_LINES = 20;

export interface NovelInput {
  runId: number;
  /** The failed step's normalized lines. */
  failed: readonly NormLine[];
  /** Normalized lines of the baselines' same step (same workflow, same job). */
  baseline: ReadonlySet<string>;
}

/**
 * Normalized lines of the failed step that never appear in the baseline's same step, counted over
 * the failed runs; error-looking first, then the most widespread, then in log order. At most `max`.
 */
export function novelLines(inputs: readonly NovelInput[], max = MAX_NOVEL_LINES): NovelLine[] {
  const seen = new Map<string, { runs: Set<number>; error: boolean; order: number }>();
  let order = 0;
  for (const input of inputs) {
    for (const l of input.failed) {
      if (input.baseline.has(l.text)) continue;
      let s = seen.get(l.text);
      if (!s) seen.set(l.text, (s = { runs: new Set(), error: l.error, order: order++ }));
      s.runs.add(input.runId);
      s.error ||= l.error;
    }
  }
  return [...seen.entries()]
    .sort(([, a], [, b]) => Number(b.error) - Number(a.error) || b.runs.size - a.runs.size || a.order - b.order)
    .slice(0, max)
    .map(([text, s]) => ({ text: redactSecrets(text), runs: s.runs.size, error_like: s.error }));
}

/** The union of normalized lines of one step over several baseline logs. */
export function baselineLines(facts: readonly LogFacts[], step: string): Set<string> {
  const set = new Set<string>();
  for (const f of facts) for (const l of f.steps[step]?.lines ?? []) set.add(l.text);
  return set;
}
