// Facts of one job log that a comparison needs, read once and kept small: the "Set up job"
// section (runner, image, OS, action versions), which variables the log says are set or not
// (names and presence only: a value never leaves this file), and the normalized lines of the
// steps asked for. Pure.
import type { StepTiming } from '../evidence/types.js';
import { parseLine, type ParsedLine } from '../evidence/clean.js';
import { isBoilerplate, rankLine } from '../evidence/linerank.js';
import { normalizeLine } from '../signature/index.js';
import type { LogFacts, NormLine, Presence, SetupFacts, StepLines } from './types.js';

/** The "Set up job" section is read from the first lines only. */
const SETUP_SCAN_LINES = 400;
/** Lines of a step kept for novel-line detection: its last ones, nearest the failure. */
export const MAX_STEP_LINES = 20_000;

function* linesOf(text: string, max = Number.POSITIVE_INFINITY): Generator<string> {
  let pos = 0;
  let n = 0;
  while (pos < text.length && n < max) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    yield text.slice(pos, end);
    pos = end + 1;
    n++;
  }
}

const RUNNER_VERSION_RE = /^Current runner version:\s*'?([^'\s]+)'?/;
const ACTION_RE = /^Download action repository '([^'@\s]+)@([^'\s]+)' \(SHA:([0-9a-f]{7,40})\)/i;
const IMMUTABLE_RE = /^Download immutable action package '([^'@\s]+)@([^'\s]+)'/i;
const KV_RE = /^(Image|Environment|Version):\s*(\S+)/;

/** The runner's "Set up job" section at the head of a raw job log; null when the log has none. */
export function parseSetupJob(text: string): SetupFacts | null {
  const facts: SetupFacts = { runnerVersion: null, image: null, imageVersion: null, os: null, actions: {} };
  let group: string | null = null;
  const os: string[] = [];
  let immutable: { name: string; ref: string } | null = null;
  let seen = false;
  for (const raw of linesOf(text, SETUP_SCAN_LINES)) {
    const p = parseLine(raw);
    const t = p.text.trim();
    if (p.marker === 'group') {
      if (/^Run\s/.test(t)) break; // the first step after "Set up job"
      group = t;
      continue;
    }
    if (p.marker === 'endgroup') {
      group = null;
      continue;
    }
    if (/^Complete job name:/.test(t)) break;
    if (group === 'Operating System') {
      if (t) os.push(t);
      continue;
    }
    if (group === 'Runner Image' || group === 'Virtual Environment') {
      const kv = KV_RE.exec(t);
      if (kv?.[1] === 'Version') facts.imageVersion = kv[2]!;
      else if (kv) facts.image = kv[2]!;
      seen = true;
      continue;
    }
    if (group !== null) continue; // provisioner, permissions …
    const rv = RUNNER_VERSION_RE.exec(t);
    if (rv) {
      facts.runnerVersion = rv[1]!;
      seen = true;
      continue;
    }
    const a = ACTION_RE.exec(t);
    if (a) {
      facts.actions[a[1]!] = `${a[2]} (${a[3]!.slice(0, 7).toLowerCase()})`;
      immutable = null;
      seen = true;
      continue;
    }
    const im = IMMUTABLE_RE.exec(t);
    if (im) {
      facts.actions[im[1]!] = im[2]!;
      immutable = { name: im[1]!, ref: im[2]! };
      seen = true;
      continue;
    }
    if (immutable) {
      const v = /^Version:\s*(\S+)/.exec(t);
      if (v) {
        facts.actions[immutable.name] = `${immutable.ref} (${v[1]})`;
        immutable = null;
      }
    }
  }
  if (os.length) {
    facts.os = os.join(' ');
    seen = true;
  }
  return seen ? facts : null;
}

// --- environment presence ---------------------------------------------------------------------

const NAME_RE = /^[A-Z][A-Z0-9_]{2,}$/;
/** Words that start log lines like variables do (`ERROR: missing …`) but are not variables. */
const NOT_NAMES = new Set(
  'ERROR ERRORS WARNING WARN INFO DEBUG NOTE NOTICE FATAL FAIL FAILED FAILURE PASS PASSED OK TODO STATUS RESULT CAUSE REASON HINT TIP USAGE DETAILS CRITICAL TRACE SUMMARY EXPECTED ACTUAL GOT WANT'.split(' '),
);
/** `NAME=set`, `NAME: ***`, `NAME=<unset>`, `NAME=(not set)` … (the second group is a value unless it is a presence word) */
const ASSIGN_RE = /(?<![\w$])([A-Z][A-Z0-9_]{2,})[ \t]?[=:][ \t]?(<[^>\s]*(?: [^>\s]*)?>|\([^)\s]*(?: [^)\s]*)?\)|\[[^\]\s]*(?: [^\]\s]*)?\]|not[ -]set\b|[^\s,;]+)/g;
/** `NAME is not set`, `NAME secret is configured`, `secret NAME is missing` … */
const IS_RE =
  /(?<![\w$])(?:(?:secret|variable|env(?:ironment)? var(?:iable)?)\s+)?[`'"]?([A-Za-z][A-Za-z0-9_]{2,})[`'"]?(?:\s+(?:secret|env(?:ironment)? var(?:iable)?|variable))?\s+(?:is|was)\s+(not set|unset|not defined|undefined|not configured|empty|missing|set|defined|configured|present)\b/gi;
/** `None of the following secrets are set: A, B or C` */
const NONE_OF_RE = /none of the following (?:secrets|variables|environment variables) (?:are|is) set:\s*(.+)$/i;
/** `Missing environment variable: NAME`, `missing required secret NAME` */
const MISSING_RE = /\bmissing (?:required )?(?:env(?:ironment)? var(?:iable)?|variable|secret)s?:?\s+[`'"]?([A-Z][A-Z0-9_]{2,})/gi;

const SET_WORDS = new Set(['set', '<set>', '(set)', '[set]', '***', '<redacted>', '[redacted]', 'present', 'defined', 'configured']);
const UNSET_WORDS = new Set(
  ['unset', 'not set', 'not-set', 'missing', 'empty', 'not defined', 'undefined', 'not configured'].flatMap((w) => [w, `<${w}>`, `(${w})`, `[${w}]`]),
);

/** A presence word's meaning; null for anything else (a value, which is ignored and never kept). */
export function presenceOf(word: string): 'set' | 'unset' | null {
  const w = word.toLowerCase().replace(/[.,;:'"`]+$/, '');
  if (SET_WORDS.has(w)) return 'set';
  if (UNSET_WORDS.has(w)) return 'unset';
  return null;
}

function isName(name: string): boolean {
  return NAME_RE.test(name) && !NOT_NAMES.has(name);
}

/**
 * Which variables the log says are set or not: a step's `env:` block as the runner prints it
 * (`  NAME: ***` set, `  NAME:` empty = unset), and lines such as `NAME=set`, `NAME=unset`,
 * `NAME: ***`, `NAME is not set`, `None of the following secrets are set: A, B`. Values are
 * never kept. A name stated both ways in one log is `mixed`.
 */
export function parseEnvPresence(text: string): Record<string, Presence> {
  const seen = new Map<string, Set<'set' | 'unset'>>();
  const add = (name: string, p: 'set' | 'unset' | null) => {
    if (!p) return;
    let s = seen.get(name);
    if (!s) seen.set(name, (s = new Set()));
    s.add(p);
  };
  let inGroup = false;
  let inEnv = false;
  for (const raw of linesOf(text)) {
    const p = parseLine(raw);
    if (p.marker === 'group') {
      inGroup = true;
      inEnv = false;
      continue;
    }
    if (p.marker === 'endgroup') {
      inGroup = inEnv = false;
      continue;
    }
    const t = p.text;
    if (inGroup && t.trimEnd() === 'env:') {
      inEnv = true;
      continue;
    }
    if (inEnv) {
      const m = /^ {2}([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/.exec(t);
      if (m) {
        add(m[1]!, (m[2] ?? '').trim() === '' ? 'unset' : 'set');
        continue;
      }
      inEnv = false;
    }
    if (!/[A-Z]{3}/.test(t)) continue;
    for (const m of t.matchAll(ASSIGN_RE)) {
      if (!isName(m[1]!)) continue;
      add(m[1]!, presenceOf(m[2]!));
    }
    for (const m of t.matchAll(IS_RE)) {
      if (!isName(m[1]!)) continue;
      add(m[1]!, presenceOf(m[2]!));
    }
    for (const m of t.matchAll(MISSING_RE)) if (isName(m[1]!)) add(m[1]!, 'unset');
    const none = NONE_OF_RE.exec(t);
    if (none) for (const n of none[1]!.split(/[\s,;]+|\bor\b|\band\b/)) if (isName(n.replace(/[`'".]/g, ''))) add(n.replace(/[`'".]/g, ''), 'unset');
  }
  const out: Record<string, Presence> = {};
  for (const name of [...seen.keys()].sort()) {
    const s = seen.get(name)!;
    out[name] = s.size > 1 ? 'mixed' : [...s][0]!;
  }
  return out;
}

// --- steps ------------------------------------------------------------------------------------

function second(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso.length > 19 && iso[19] === '.' ? `${iso.slice(0, 19)}Z` : iso);
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}

/** The [start, end] seconds of the step named `name` (the failed one, else the last of that name). */
function stepSpan(steps: readonly StepTiming[] | undefined, name: string): [number, number] | null {
  const named = (steps ?? []).filter((s) => s.name === name);
  const step = named.find((s) => s.conclusion === 'failure') ?? named.at(-1);
  if (!step) return null;
  const start = second(step.started_at);
  if (start === null) return null;
  return [start, second(step.completed_at) ?? Number.MAX_SAFE_INTEGER];
}

function normLines(parsed: Iterable<ParsedLine>, flagErrors: boolean): NormLine[] {
  const seen = new Set<string>();
  const out: NormLine[] = [];
  for (const p of parsed) {
    if (p.marker === 'endgroup') continue;
    const text = p.text.trim();
    if (!text || isBoilerplate(text)) continue;
    const norm = normalizeLine(p.text);
    if (!norm || seen.has(norm)) continue;
    seen.add(norm);
    out.push({ text: norm, error: flagErrors ? rankLine(p.text, p.marker) !== null : false });
  }
  return out;
}

export interface LogFactsOptions {
  /** The job's steps (jobs API), to find a step's lines by their timestamps. */
  steps?: readonly StepTiming[];
  /** Step names whose lines are wanted. */
  wanted?: readonly string[];
  /** Mark error-looking lines (the failed side needs it, a baseline does not). */
  flagErrors?: boolean;
}

/** Setup, environment presence and the wanted steps' normalized lines of one raw job log. */
export function logFacts(text: string, opts: LogFactsOptions = {}): LogFacts {
  const facts: LogFacts = { setup: parseSetupJob(text), env: parseEnvPresence(text), steps: {} };
  const wanted = [...new Set(opts.wanted ?? [])];
  if (!wanted.length) return facts;
  const parsed: Array<ParsedLine & { sec: number | null }> = [];
  let last: number | null = null;
  let inGroup = false;
  let inEnv = false;
  for (const raw of linesOf(text)) {
    const p = parseLine(raw);
    const sec = p.ts ? second(p.ts) : null;
    if (sec !== null) last = sec;
    // A step header's `env:` block is told by the environment diff, not as novel lines.
    if (p.marker === 'group' || p.marker === 'endgroup') {
      inGroup = p.marker === 'group';
      inEnv = false;
    } else if (inGroup && p.text.trimEnd() === 'env:') inEnv = true;
    else if (inEnv && /^ {2}[A-Za-z_][A-Za-z0-9_]*:/.test(p.text)) continue;
    else inEnv = false;
    parsed.push({ ...p, sec: sec ?? last });
  }
  for (const name of wanted) {
    const span = stepSpan(opts.steps, name);
    let lines: typeof parsed = [];
    if (span) lines = parsed.filter((p) => p.sec !== null && p.sec >= span[0] && p.sec <= span[1]);
    const found = lines.length > 0;
    if (!found) lines = parsed;
    const slice: StepLines = { found, lines: normLines(lines.slice(-MAX_STEP_LINES), !!opts.flagErrors) };
    facts.steps[name] = slice;
  }
  return facts;
}

/** Facts of the lines around the failure line only (no log text kept): for novel lines, nothing else. */
export function contextFacts(context: readonly { text: string }[], step: string | null): LogFacts {
  const parsed: ParsedLine[] = context.map((l) => ({ ts: null, marker: null, job: null, step: null, text: l.text }));
  return { setup: null, env: {}, steps: { [step ?? '*']: { found: false, lines: normLines(parsed, true) } } };
}
