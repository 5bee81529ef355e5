// One pass over a job log: find the line that says why the job failed, the step it belongs to,
// the lines around it, and the failed tests. Memory is bounded by the context window, not by the
// log: lines are read one at a time (cut to MAX_LINE_CHARS) and only candidates are kept.
import { redactSecrets } from '../redact/index.js';
import { MAX_LINE_CHARS, detectFormat, parseLine } from './clean.js';
import {
  RANK,
  TRACEBACK_CHAIN_RE,
  TRACEBACK_EXCEPTION_RE,
  TRACEBACK_START_RE,
  exitCodeOf,
  isBoilerplate,
  isQuiet,
  rankLine,
  type LineVerdict,
} from './linerank.js';
import { Ring, Scope, type Candidate, type Slot } from './scope.js';
import { lineSecond, stepLookup } from './steps.js';
import { MOCHA_FAILING_RE, MOCHA_ITEM_RE } from './testlines.js';
import type { LogEvidence, LogFormat, LogLine, LogSection, StepStart, StepTiming } from './types.js';

export interface AnalyzeOptions {
  format?: LogFormat;
  /** Step timings from the jobs API; when given, the failed step is the one they say failed. */
  steps?: StepTiming[];
  /** Context lines kept before the failure line (default 20). */
  before?: number;
  /** Context lines kept after the failure line (default 5). */
  after?: number;
  /** The job's conclusion (failure, cancelled, timed_out, …). */
  conclusion?: string | null;
  /** Step boundaries for text without step headers (a gh-cli section's `stepStarts`). */
  stepStarts?: StepStart[];
}

const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'cancelled', 'startup_failure']);
const RUN_GROUP_RE = /^Run (.*)$/;
const POST_STEP_RE = /^(?:Post |Post job cleanup$|Complete job$)/;
const EXCEPTION_NAME_RE = /^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:: |:$)|^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Interrupt|Exit|Iteration|Warning)$/;
const MAX_STEP_NAME = 120;

function count(value: number | undefined, dflt: number): number {
  return value === undefined || !Number.isFinite(value) ? dflt : Math.max(0, Math.floor(value));
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** Analyzes one job's log text (a raw GHA log, gh-cli output or plain text). */
export function analyzeLog(text: string, opts: AnalyzeOptions = {}): LogEvidence {
  const before = count(opts.before, 20);
  const after = count(opts.after, 5);
  const format = opts.format ?? detectFormat(text);
  const ghCli = format === 'gh-cli';
  const timings = stepLookup(opts.steps);
  const useTimings = timings !== null && timings.failedNames.length > 0;
  const stepStarts = opts.stepStarts ? [...opts.stepStarts].sort((a, b) => a.line - b.line) : null;
  const headerSteps = !ghCli && stepStarts === null && format === 'gha';

  const pending = new Set<Slot>();
  const ring = new Ring(before);
  const global = new Scope(null, pending);
  const timed = useTimings ? new Scope(timings.failedNames[0] ?? null, pending) : null;
  let seg = new Scope(headerSteps ? 'Set up job' : null, pending);
  let segPost = false;
  let failedStrong: Scope | null = null;
  let failedWeak: Scope | null = null;
  const openSeg = (name: string | null): void => {
    if (seg.errorStrength === 2 && failedStrong === null) failedStrong = seg;
    else if (seg.errorStrength === 1 && failedWeak === null) failedWeak = seg;
    seg = new Scope(name, pending);
    segPost = name !== null && POST_STEP_RE.test(name);
  };

  let echo = false;
  let tb: { indent: number; chainOf: number | undefined } | null = null;
  let chainPending = false;
  let lastException = -1;
  let mocha = false;
  let mochaItem: { indent: number; parts: string[]; scopes: Scope[] } | null = null;
  let sawError = false;
  let second: number | null = null;
  let lastTsKey = '';
  let cliStep: string | null = null;
  let stepIdx = 0;
  let lineNo = 0;
  let pos = 0;

  const finishMocha = (): void => {
    if (!mochaItem) return;
    const name = mochaItem.parts.join(' ').replace(/:$/, '').trim();
    if (name) for (const s of mochaItem.scopes) s.addTest(name);
    mochaItem = null;
  };

  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, Math.min(end, pos + MAX_LINE_CHARS));
    pos = end + 1;
    lineNo++;
    const p = parseLine(raw, ghCli);
    const ll: LogLine = { number: lineNo, text: p.text };

    // Step boundaries: the gh-cli step column, given step starts, or `##[group]Run …` headers.
    if (stepStarts) {
      while (stepIdx < stepStarts.length && (stepStarts[stepIdx]?.line ?? Infinity) <= lineNo) {
        openSeg(stepStarts[stepIdx]?.name ?? null);
        stepIdx++;
      }
    } else if (p.step !== null && p.step !== cliStep) {
      cliStep = p.step;
      openSeg(p.step);
    }
    if (p.marker === 'group') {
      const run = RUN_GROUP_RE.exec(p.text);
      if (run) {
        echo = true;
        if (headerSteps) openSeg((run[1] ?? '').trim().slice(0, MAX_STEP_NAME));
      }
    } else if (p.marker === 'endgroup') {
      echo = false;
    } else if (headerSteps && p.text === 'Post job cleanup.') {
      openSeg('Post job cleanup');
    }

    for (const s of pending) {
      if (!s.cand || s.cand.number >= lineNo) continue;
      if (s.after.length < after) s.after.push(ll);
      if (s.after.length >= after) pending.delete(s);
    }

    if (timings !== null && p.ts !== null && p.ts.slice(0, 19) !== lastTsKey) {
      lastTsKey = p.ts.slice(0, 19);
      second = lineSecond(p.ts) ?? second;
    }
    const tstep = timings !== null && second !== null ? timings.stepAt(second) : null;
    const post = segPost || (tstep !== null && POST_STEP_RE.test(tstep.name));
    const stepName = tstep?.name ?? seg.name;
    const scopes: Scope[] = [seg];
    if (!post) scopes.push(global);
    if (timed && tstep?.failed) scopes.push(timed);

    const exitCode = exitCodeOf(p.text);
    if (p.marker === 'error' || exitCode !== null) {
      const strength = exitCode !== null && exitCode !== 0 ? 2 : exitCode === null ? 1 : 0;
      if (strength > 0) sawError = true;
      for (const s of scopes) {
        s.errorStrength = Math.max(s.errorStrength, strength);
        if (exitCode !== null) s.exitCode = exitCode;
      }
    }

    const isEcho = echo && p.marker !== 'group' && p.marker !== 'endgroup';
    let verdict: LineVerdict | null = null;
    let chainOf: number | undefined;
    if (!isEcho && p.marker !== 'group' && p.marker !== 'endgroup') {
      // Python tracebacks: the exception line that closes the block is the answer.
      let skip = false;
      let tbVerdict: LineVerdict | null = null;
      if (tb) {
        const indent = leadingSpaces(p.text);
        if (p.text.trim() === '') skip = true;
        else if (indent > tb.indent) skip = true;
        else {
          if (EXCEPTION_NAME_RE.test(p.text.slice(tb.indent)) && TRACEBACK_EXCEPTION_RE.test(p.text.slice(tb.indent))) {
            tbVerdict = { rank: RANK.traceback, kind: 'exception', test: null };
            chainOf = tb.chainOf;
            lastException = lineNo;
          }
          tb = null;
        }
      }
      const start = TRACEBACK_START_RE.exec(p.text);
      if (start) {
        tb = { indent: (start[1] ?? '').length, chainOf: chainPending ? lastException : undefined };
        chainPending = false;
        skip = true;
      } else if (TRACEBACK_CHAIN_RE.test(p.text)) {
        chainPending = true;
        skip = true;
      }
      if (!skip) verdict = rankLine(p.text, p.marker);
      if (tbVerdict && (verdict === null || verdict.rank > tbVerdict.rank)) verdict = tbVerdict;
      else chainOf = undefined;

      // mocha: `N failing`, then `  1) Suite` + the test title on deeper lines ending in `:`.
      if (MOCHA_FAILING_RE.test(p.text)) {
        mocha = true;
      } else if (mocha) {
        if (mochaItem) {
          if (p.text.trim() !== '' && leadingSpaces(p.text) > mochaItem.indent) {
            mochaItem.parts.push(p.text.trim());
            if (p.text.endsWith(':') || mochaItem.parts.length >= 5) finishMocha();
          } else finishMocha();
        }
        const item = MOCHA_ITEM_RE.exec(p.text);
        if (item && (verdict === null || verdict.rank > 21)) {
          verdict = { rank: 21, kind: 'test', test: null };
          mochaItem = { indent: (item[1] ?? '').length, parts: [item[2] ?? ''], scopes };
          if (p.text.endsWith(':')) finishMocha();
        }
      }
    }

    if (verdict) {
      if (verdict.rank === RANK.runner) for (const s of scopes) s.errorStrength = 2;
      const c: Candidate = { number: lineNo, text: p.text, rank: verdict.rank, kind: verdict.kind, step: stepName };
      if (chainOf !== undefined) c.chainOf = chainOf;
      for (const s of scopes) {
        s.offer(c, ring, RANK.fallback);
        if (verdict.test) s.addTest(verdict.test, verdict.weakTest === true);
      }
    }

    if (p.text.trim() === '') {
      for (const s of scopes) s.gap();
    } else if (!isEcho && (p.marker === null || p.marker === 'error') && !isBoilerplate(p.text) && !isQuiet(p.text)) {
      const c: Candidate = { number: lineNo, text: p.text, rank: 80, kind: 'last-output', step: stepName };
      for (const s of scopes) s.content(c, ring);
    }
    ring.push(ll);
  }
  finishMocha();
  openSeg(null);

  const evident = sawError || (opts.conclusion != null && FAILED_CONCLUSIONS.has(opts.conclusion));
  const primaries = [timed, failedStrong, failedWeak].filter((s): s is Scope => s !== null);
  let slot: Slot | null = null;
  let from: Scope | null = null;
  if ((opts.conclusion === 'cancelled' || opts.conclusion === 'timed_out') && global.best.cand?.rank === RANK.runner) {
    slot = global.best;
    from = global;
  }
  for (const s of primaries) {
    if (slot) break;
    slot = s.pick(evident);
    from = s;
  }
  if (!slot) {
    slot = global.pick(evident);
    from = global;
  }

  const cand = slot?.cand ?? null;
  // What leaves the analyzer is quoted in issues: secrets are masked here, once.
  const masked = (l: LogLine): LogLine => ({ number: l.number, text: redactSecrets(l.text) });
  const failureLine: LogLine | null = cand ? masked(cand) : null;
  const testScope = [from, ...primaries, global].find((s) => s !== null && s.tests.length > 0) ?? null;
  const exitScope = [from, ...primaries, global].find((s) => s !== null && s.exitCode !== null) ?? null;
  return {
    format,
    failureLine,
    context: slot && failureLine ? [...slot.before.map(masked), failureLine, ...slot.after.map(masked)] : [],
    failedStep: (cand ? cand.step : primaries[0]?.name) ?? timings?.failedNames[0] ?? null,
    testNames: testScope ? [...testScope.tests] : [],
    lineCount: lineNo,
    exitCode: exitScope?.exitCode ?? null,
  };
}

/** analyzeLog for one section of splitLogFile (passes its format and step boundaries on). */
export function analyzeSection(section: LogSection, opts: Omit<AnalyzeOptions, 'format' | 'stepStarts'> = {}): LogEvidence {
  const o: AnalyzeOptions = { ...opts, format: section.format };
  if (section.stepStarts) o.stepStarts = section.stepStarts;
  return analyzeLog(section.text, o);
}
