// One pass over a job log: find the line that says why the job failed, the step it belongs to,
// the lines around it, and the failed tests. Lines are read one at a time (cut to MAX_LINE_CHARS)
// and never all kept: a ring holds the last few hundred as references, candidates copy their
// window out of it, so memory is bounded by the window, not by the log. `analyzeLog` reads a
// string, `createLogAnalyzer` a stream of chunks.
//
// Speed: most lines of a log are noise. A line is first looked at cheaply (timestamp and marker
// by character codes, then the trigger scanner of trigger.ts); only lines that hold a trigger
// word, a marker or control characters are cleaned and ranked (`slowLine`), and the others only
// feed the paragraph tracking of the last-resort guess (`fastLine`). Both paths must agree: a
// line that `fastLine` handles is one for which `slowLine` would rank nothing.
import { redactSecrets } from '../redact/index.js';
import { detached } from '../util/detach.js';
import { MAX_LINE_CHARS, detectFormat, parseLine, type ParsedLine } from './clean.js';
import {
  RANK,
  TRACEBACK_CHAIN_RE,
  TRACEBACK_EXCEPTION_RE,
  TRACEBACK_START_RE,
  exitCodeOf,
  isBoilerplate,
  isQuiet,
  isStatusOnly,
  rankLine,
  rankWords,
  type LineVerdict,
} from './linerank.js';
import { NEVER, Ring, Scope, SlotQueue, candidate, type Candidate, type Slot } from './scope.js';
import { lineSecond, stepLookup, type StepLookup } from './steps.js';
import { MOCHA_FAILING_RE, MOCHA_ITEM_RE } from './testlines.js';
import { DIRTY, HIT, QUIETISH, scanTriggers, triggerGroups } from './trigger.js';
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

/** A job log read chunk by chunk: `push` pieces of text in order, then `end` for the evidence. */
export interface LogAnalyzer {
  push(chunk: string): void;
  end(): LogEvidence;
}

const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'cancelled', 'startup_failure']);
const RUN_GROUP_RE = /^Run (.*)$/;
const POST_STEP_RE = /^(?:Post |Post job cleanup$|Complete job$)/;
const EXCEPTION_NAME_RE = /^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:: |:$)|^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Interrupt|Exit|Iteration|Warning)$/;
const MAX_STEP_NAME = 120;
/** Lines a slot's window stays in the ring beyond the context it needs (see SlotQueue). */
const RING_SLACK = 64;

/** `+ echo …`, `+ exit 1`: a shell trace (`set -x`) of a command, with its first word apart. */
const XTRACE_RE = /^\++ (\S+)(?: (.*))?$/;
/** How far back the message of an `echo …; exit 1` may be. */
const XTRACE_WINDOW = 40;

/** A wrapper's line that only says its child exited non-zero: the line before it is the child's last word. */
const EXIT_STATUS_LINE_RE =
  /^(?:Got (?:exit|return) code |(?:Exit|Return) (?:code|status):? |(?:Process|Command|Script|Program|Child(?: process)?|Subprocess) (?:exited|returned|failed) with (?:exit |non-zero |return )?(?:code|status):? )(-?\d+)\.?$/i;
/** `error: …` heads a chain of `Caused by: …` lines (Rust's anyhow, cargo, uv). */
const CHAIN_HEAD_RE = /^(?:error|Error|ERROR)(?:\[[\w-]+\])?: \S/;
const CAUSED_BY_RE = /^(\s*)Caused by:\s*(.*)$/;
const CHAIN_INDEX_RE = /^\d+: /;
/** A line that starts with a tool's own timestamp or time prefix, which parseLine strips. */
const TOOL_PREFIX_Y = /\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[[\w.:-]+ \d{4}-\d{2}-\d{2}[T ]|\d{2}:\d{2}:\d{2}[.,\d]*\s+[A-Z]{4,8}\s+- |\[\d{1,3}(?:;\d{1,3})*m/y;

function count(value: number | undefined, dflt: number): number {
  return value === undefined || !Number.isFinite(value) ? dflt : Math.max(0, Math.floor(value));
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** End of a runner timestamp (`2026-04-22T09:46:00.1234567Z `) at `i`, or -1. */
function timestampEnd(s: string, i: number, e: number): number {
  if (e - i < 20 || s.charCodeAt(i + 10) !== 84 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45 || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return -1;
  if (!isDigitAt(s, i) || !isDigitAt(s, i + 3) || !isDigitAt(s, i + 9) || !isDigitAt(s, i + 18)) return -1;
  // The runner's own form has 7 fraction digits: 28 characters, then a space.
  if (s.charCodeAt(i + 27) === 90 && s.charCodeAt(i + 19) === 46) {
    if (e === i + 28) return e;
    if (s.charCodeAt(i + 28) === 32) return i + 29;
  }
  let j = i + 19;
  if (s.charCodeAt(j) === 46) {
    j++;
    const d = j;
    while (j < e && isDigitAt(s, j)) j++;
    if (j === d) return -1;
  }
  if (j >= e || s.charCodeAt(j) !== 90) return -1;
  j++;
  if (j === e) return j;
  return s.charCodeAt(j) === 32 ? j + 1 : -1;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** `[INFO] …`, `[WARNING] …`: a level in brackets at the start, the form QUIET_RE knows first. */
function bracketLevel(s: string, i: number): boolean {
  switch (s.charCodeAt(i + 1)) {
    case 73:
      return s.startsWith('INFO]', i + 1);
    case 87:
      return s.startsWith('WARN]', i + 1) || s.startsWith('WARNING]', i + 1);
    case 68:
      return s.startsWith('DEBUG]', i + 1);
    case 84:
      return s.startsWith('TRACE]', i + 1);
    case 78:
      return s.startsWith('NOTICE]', i + 1);
    default:
      return false;
  }
}

/**
 * Whether a clean line without trigger words may be quiet or boilerplate, so that isQuiet and
 * isBoilerplate must look at it. A level word at its start (`INFO`, `[WARNING]`, `warning:`) sets
 * QUIETISH in the trigger scan; the other forms of QUIET_RE, CODE_EXCERPT_RE and BOILERPLATE_RE
 * (linerank.ts) are told apart by their first characters here.
 */
function mayBeQuiet(s: string, i: number, lead: number, flags: number): boolean {
  if ((flags & QUIETISH) !== 0) return true;
  const c = s.charCodeAt(i);
  if (lead >= 4 || c === 62) return true; // code excerpts: `    return x`, `>       raise`
  switch (c) {
    case 110: // npm verb|http|timing
    case 111: // ok 12 …
    case 67: // Cleaning up orphan processes, Complete job
    case 84: // Terminate orphan process: …
    case 115: // shell: …
    case 101: // env:
    case 119: // with:
    case 80: // Post job cleanup.
      return true;
    case 91: // [command]
      return s.startsWith('[command]', i);
    case 73: // glog: I0422 09:46:00
    case 87:
    case 68:
      return isDigitCode(s.charCodeAt(i + 1));
    default:
      return false;
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

class Engine {
  private readonly before: number;
  private readonly after: number;
  private readonly ghCli: boolean;
  private readonly timings: StepLookup | null;
  private readonly stepStarts: StepStart[] | null;
  private readonly headerSteps: boolean;
  private readonly ring: Ring;
  private readonly queue: SlotQueue;
  private readonly global: Scope;
  private readonly timed: Scope | null;
  private seg: Scope;
  private segPost = false;
  private failedStrong: Scope | null = null;
  private failedWeak: Scope | null = null;
  private scopes: Scope[] = [];
  private stepName: string | null = null;
  private scopeKey = '';

  private echo = false;
  private tb: { indent: number; chainOf: number | undefined } | null = null;
  private chainPending = false;
  private lastException = -1;
  private mocha = false;
  private mochaItem: { indent: number; parts: string[]; scopes: Scope[] } | null = null;
  private errorChain: { cand: Candidate; rank: number } | null = null;
  private xOpen = false;
  private xFirst = 0;
  private xFirstStep: string | null = null;
  /** The command before the echo block printed an error-looking line (see lastWords). */
  private xFirstBlocked = false;
  /** The line of the last traced command that is not an echo. */
  private lastCmd = 0;
  private lastContent = 0;
  private lastContentRank = NEVER;
  private lastContentStep: string | null = null;
  private lastContentSeg: Scope | null = null;
  /** The paragraph of the last content line held an error-looking line before it. */
  private lastContentBlocked = false;
  private lastContentIndented = false;
  /** The last line that ranked better than the fallback, in the current segment. */
  private lastStrong = 0;
  /** The first line of the current paragraph (after the last blank line). */
  private paraStart = 1;
  private sawError = false;
  private second: number | null = null;
  private lastTsKey = '';
  private cliStep: string | null = null;
  private stepIdx = 0;
  private nextStepLine = NEVER;
  private lineNo = 0;

  constructor(
    readonly format: LogFormat,
    private readonly opts: AnalyzeOptions,
  ) {
    this.before = count(opts.before, 20);
    this.after = count(opts.after, 5);
    // gh-cli text carries job and step columns, unless it is a section of splitLogFile.
    this.ghCli = format === 'gh-cli' && !opts.stepStarts;
    this.timings = stepLookup(opts.steps);
    const useTimings = this.timings !== null && this.timings.failedNames.length > 0;
    this.stepStarts = opts.stepStarts ? [...opts.stepStarts].sort((a, b) => a.line - b.line) : null;
    this.nextStepLine = this.stepStarts?.[0]?.line ?? NEVER;
    this.headerSteps = !this.ghCli && this.stepStarts === null && format === 'gha';
    this.ring = new Ring(this.before + this.after + RING_SLACK + 1);
    this.queue = new SlotQueue(this.ring, this.before, this.after);
    this.global = new Scope(null, this.queue);
    this.timed = useTimings ? new Scope(this.timings!.failedNames[0] ?? null, this.queue) : null;
    this.seg = new Scope(this.headerSteps ? 'Set up job' : null, this.queue);
    this.refreshScopes(null, true);
  }

  private openSeg(name: string | null): void {
    const seg = this.seg;
    this.lastStrong = 0;
    if (seg.errorStrength === 2 && this.failedStrong === null) this.failedStrong = seg;
    else if (seg.errorStrength === 1 && this.failedWeak === null) this.failedWeak = seg;
    this.seg = new Scope(name, this.queue);
    this.segPost = name !== null && POST_STEP_RE.test(name);
    this.refreshScopes(this.currentStep(), true);
  }

  private currentStep(): { name: string; failed: boolean } | null {
    return this.timings !== null && this.second !== null ? this.timings.stepAt(this.second) : null;
  }

  /** The scopes a line belongs to: its segment, the job unless in a post step, the failed step. */
  private refreshScopes(tstep: { name: string; failed: boolean } | null, force = false): void {
    const key = tstep === null ? '' : `${tstep.failed ? 1 : 0}${tstep.name}`;
    if (key === this.scopeKey && !force) return;
    this.scopeKey = key;
    const post = this.segPost || (tstep !== null && POST_STEP_RE.test(tstep.name));
    const scopes: Scope[] = [this.seg];
    if (!post) scopes.push(this.global);
    if (this.timed && tstep?.failed) scopes.push(this.timed);
    this.scopes = scopes;
    this.stepName = tstep?.name ?? this.seg.name;
  }

  /** The runner's timestamp of a line: moves the clock that maps lines to timed steps. */
  private tick(src: string, tsStart: number): void {
    if (src.startsWith(this.lastTsKey, tsStart) && this.lastTsKey !== '') return;
    this.lastTsKey = src.slice(tsStart, tsStart + 19);
    this.second = lineSecond(src.slice(tsStart, tsStart + 19) + 'Z') ?? this.second;
    this.refreshScopes(this.currentStep());
  }

  /** One line of the log: `src.slice(start, end)`, without its line feed. */
  line(src: string, start: number, end: number): void {
    if (end - start > MAX_LINE_CHARS) end = start + MAX_LINE_CHARS;
    const n = this.ring.put(src, start, end);
    this.lineNo = n;
    if (n >= this.queue.due) this.queue.flush(n);
    if (n >= this.nextStepLine) this.stepBoundary(n);
    if (this.ghCli) return this.slowLine(parseLine(src.slice(start, end), true), n, false);

    let e = end;
    if (e > start && src.charCodeAt(e - 1) === 13) e--;
    let off = start;
    if (src.charCodeAt(off) === 0xfeff) off++;
    const tsEnd = timestampEnd(src, off, e);
    const tsStart = tsEnd >= 0 ? off : -1;
    if (tsEnd >= 0) off = tsEnd;
    if (this.timings !== null && tsStart >= 0) this.tick(src, tsStart);

    if (this.tb !== null || this.mocha || this.errorChain !== null) return this.slowLine(parseLine(src.slice(start, end), false), n, tsStart >= 0);
    const c0 = off < e ? src.charCodeAt(off) : -1;
    if (c0 === 35 && src.charCodeAt(off + 1) === 35) {
      // `##[endgroup]` closes the command echo; other markers need the full treatment.
      if (e - off === 12 && src.startsWith('##[endgroup]', off)) {
        this.echo = false;
        return this.blank(n);
      }
      return this.slowLine(parseLine(src.slice(start, end), false), n, tsStart >= 0);
    }
    if (this.echo) {
      // The command echo of a `##[group]Run …` header: only its blank lines count (paragraphs).
      if (isBlank(src, off, e)) this.blank(n);
      return;
    }
    if (c0 === 58 || c0 >= 128 || this.special(src, off, e, c0)) return this.slowLine(parseLine(src.slice(start, end), false), n, tsStart >= 0);
    // `[INFO] …`: quiet whatever it says (QUIET_RE), no need to read it.
    if (c0 === 91 && bracketLevel(src, off)) return;
    const flags = scanTriggers(src, off, e);
    if ((flags & DIRTY) !== 0) return this.dirtyLine(src, start, end, n, tsStart);
    if ((flags & HIT) !== 0) {
      // A clean line: its text is the rest of the line (parseLine would find nothing to strip
      // but colour codes that lost their escape byte).
      let text = src.slice(off, e).trimEnd();
      if (text.includes('m') && text.includes('[')) text = parseLine(text, false).text;
      // A quiet line with a trigger word (`[INFO] Tests run: 3, Failures: 0`) says nothing.
      if (isQuiet(text)) return;
      this.slowLine({ ts: tsStart >= 0 ? src.slice(tsStart, tsStart + 19) : null, marker: null, job: null, step: null, text }, n, tsStart >= 0, false);
      return;
    }
    this.fastLine(src, off, e, n, flags);
  }

  /** Lines whose start needs parseLine or the full treatment (see ANCHORED_TRIGGER_RE, TOOL_TS_RE). */
  private special(src: string, off: number, e: number, c0: number): boolean {
    if (c0 === 43) return true; // `+ cmd`: shell trace
    if ((c0 === 69 || c0 === 101) && e - off > 1) {
      const c1 = src.charCodeAt(off + 1);
      if (c1 <= 32 || c1 === 58) return true; // pytest `E   …`, kotlinc `e: …`
    }
    if (this.headerSteps && c0 === 80 && src.startsWith('Post job cleanup.', off)) return true;
    if (c0 === 91) {
      // `[2026-04-22 …`, `[36;1m` (colour without its escape), `[task 2026-04-22T…]`
      const c1 = src.charCodeAt(off + 1);
      if (!isDigitCode(c1)) {
        let j = off + 1;
        const stop = Math.min(e, off + 32);
        while (j < stop && src.charCodeAt(j) !== 32 && src.charCodeAt(j) !== 93) j++;
        if (j >= stop || src.charCodeAt(j) !== 32 || !isDigitCode(src.charCodeAt(j + 1))) return false;
      }
    } else if (!(c0 >= 48 && c0 <= 57 && (src.charCodeAt(off + 2) === 58 || src.charCodeAt(off + 4) === 45))) return false;
    TOOL_PREFIX_Y.lastIndex = off;
    return TOOL_PREFIX_Y.test(src);
  }

  /** A line with control characters: clean it, then treat it like any other. */
  private dirtyLine(src: string, start: number, end: number, n: number, tsStart: number): void {
    const p = parseLine(src.slice(start, end), false);
    const text = p.text;
    const c0 = text.length > 0 ? text.charCodeAt(0) : -1;
    const flags = p.marker === null ? scanTriggers(text, 0, text.length) : 0;
    if (p.marker !== null || (flags & (HIT | DIRTY)) !== 0 || c0 >= 128 || this.special(text, 0, text.length, c0)) {
      return this.slowLine(p, n, tsStart >= 0);
    }
    this.fastLine(text, 0, text.length, n, flags);
  }

  /** A clean line without trigger words: never a failure line, maybe output of the last paragraph. */
  private fastLine(src: string, off: number, e: number, n: number, flags: number): void {
    let i = off;
    while (i < e && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
    if (i === e) return this.blank(n);
    if (mayBeQuiet(src, i, i - off, flags)) {
      const text = src.slice(off, e).trimEnd();
      if (isQuiet(text) || isBoilerplate(text)) return;
    }
    this.noteContent(n, NEVER, i > off);
  }

  /** A blank line (or one that cleans to nothing): the paragraph ends. */
  private blank(n: number): void {
    for (const s of this.scopes) s.gap();
    this.paraStart = n + 1;
  }

  private noteContent(n: number, rank: number, indented: boolean): void {
    this.lastContentIndented = indented;
    const step = this.stepName;
    for (const s of this.scopes) s.content(n, step);
    this.lastContentBlocked = this.lastStrong > 0 && this.lastStrong >= this.paraStart;
    this.lastContent = n;
    this.lastContentRank = rank;
    this.lastContentStep = step;
    this.lastContentSeg = this.seg;
    if (this.xOpen && this.xFirst === 0) {
      this.xFirst = n;
      this.xFirstStep = step;
      this.xFirstBlocked = this.lastStrong > this.lastCmd;
    }
    if (rank < RANK.fallback) this.lastStrong = n;
  }

  private stepBoundary(n: number): void {
    const starts = this.stepStarts!;
    while (this.stepIdx < starts.length && (starts[this.stepIdx]?.line ?? Infinity) <= n) {
      this.openSeg(starts[this.stepIdx]?.name ?? null);
      this.stepIdx++;
    }
    this.nextStepLine = starts[this.stepIdx]?.line ?? NEVER;
  }

  /** The cleaned text of a line still in the ring. */
  private textOf(n: number): string {
    return parseLine(this.ring.raw(n), this.ghCli).text;
  }

  private offer(c: Candidate, verdict: { test: string | null; weakTest?: boolean } | null, scopes: Scope[]): void {
    for (const s of scopes) {
      s.offer(c, RANK.fallback);
      if (verdict?.test) s.addTest(verdict.test, verdict.weakTest === true);
    }
  }

  private finishMocha(): void {
    const item = this.mochaItem;
    if (!item) return;
    const name = item.parts.join(' ').replace(/:$/, '').trim();
    if (name) for (const s of item.scopes) s.addTest(name);
    this.mochaItem = null;
  }

  /** The full treatment: clean the line, follow steps and markers, rank it, offer it. */
  private slowLine(p: ParsedLine, n: number, ticked: boolean, mayBeQuiet = true): void {
    const trimmed = p.text.trim();
    const blank = trimmed === '';
    const quiet = mayBeQuiet && !blank && isQuiet(p.text);
    const boiler = !blank && !quiet && isBoilerplate(trimmed);
    // A quiet line (`[INFO] Tests run: 3, Failures: 0`) outside a traceback, a mocha report or an
    // error chain says nothing: skip the ranking. Shell traces go on (see lastWords).
    if (quiet && p.marker === null && p.step === null && !this.echo && this.tb === null && !this.mocha && this.errorChain === null && p.text.charCodeAt(0) !== 43) return;

    // Step boundaries: the gh-cli step column, or `##[group]Run …` headers.
    if (this.stepStarts === null && p.step !== null && p.step !== this.cliStep) {
      this.cliStep = p.step;
      this.openSeg(p.step);
    }
    if (p.marker === 'group') {
      const run = RUN_GROUP_RE.exec(p.text);
      if (run) {
        this.echo = true;
        if (this.headerSteps) this.openSeg((run[1] ?? '').trim().slice(0, MAX_STEP_NAME));
      }
    } else if (p.marker === 'endgroup') {
      this.echo = false;
    } else if (this.headerSteps && p.text === 'Post job cleanup.') {
      this.openSeg('Post job cleanup');
    }
    if (this.timings !== null && !ticked && p.ts !== null) this.tick(p.ts, 0);

    const scopes = this.scopes;
    const stepName = this.stepName;
    const exitCode = exitCodeOf(p.text);
    if (p.marker === 'error' || exitCode !== null) {
      const strength = exitCode !== null && exitCode !== 0 ? 2 : exitCode === null ? 1 : 0;
      if (strength > 0) this.sawError = true;
      for (const s of scopes) {
        s.errorStrength = Math.max(s.errorStrength, strength);
        if (exitCode !== null) s.exitCode = exitCode;
      }
    }

    const isEcho = this.echo && p.marker !== 'group' && p.marker !== 'endgroup';
    let verdict: LineVerdict | null = null;
    let chainOf: number | undefined;
    let member = false;
    if (!isEcho && p.marker !== 'group' && p.marker !== 'endgroup') {
      // `error: …` with `Caused by: …` lines under it: the head speaks for the chain, with the
      // rank of its most specific cause (`Caused by: dns error`).
      const chain = this.errorChain;
      if (chain) {
        const by = CAUSED_BY_RE.exec(p.text);
        if (by || p.text.trim() === '' || leadingSpaces(p.text) > 0) {
          member = true;
          const cause = (by ? (by[2] ?? '') : p.text.trim()).replace(CHAIN_INDEX_RE, '');
          const v = cause ? rankLine(cause, null) : null;
          if (v && v.rank < chain.rank) {
            chain.rank = v.rank;
            const head = chain.cand;
            this.offer(candidate(head.number, head.text, v.rank, v.kind, head.step), null, scopes);
          }
        } else this.errorChain = null;
      }

      // Python tracebacks: the exception line that closes the block is the answer.
      let skip = member;
      let tbVerdict: LineVerdict | null = null;
      const tb = this.tb;
      if (tb && !member) {
        const indent = leadingSpaces(p.text);
        if (p.text.trim() === '') skip = true;
        else if (indent > tb.indent) skip = true;
        else {
          const rest = p.text.slice(tb.indent);
          if (EXCEPTION_NAME_RE.test(rest) && TRACEBACK_EXCEPTION_RE.test(rest)) {
            const wrapper = isStatusOnly(rest);
            tbVerdict = { rank: wrapper ? RANK.wrapper : RANK.traceback, kind: wrapper ? 'wrapper' : 'exception', test: null };
            chainOf = tb.chainOf;
            this.lastException = n;
          }
          this.tb = null;
        }
      }
      if (!member) {
        const startTb = TRACEBACK_START_RE.exec(p.text);
        if (startTb) {
          this.tb = { indent: (startTb[1] ?? '').length, chainOf: this.chainPending ? this.lastException : undefined };
          this.chainPending = false;
          skip = true;
        } else if (TRACEBACK_CHAIN_RE.test(p.text)) {
          this.chainPending = true;
          skip = true;
        }
      }
      if (!skip && !blank && !quiet && !boiler && (p.marker === null || p.marker === 'error')) {
        verdict = rankWords(p.text, trimmed, p.marker, p.marker === 'error' ? HIT : triggerGroups(p.text) & HIT);
      }
      if (tbVerdict && (verdict === null || verdict.rank > tbVerdict.rank)) verdict = tbVerdict;
      else chainOf = undefined;

      // mocha: `N failing`, then `  1) Suite` + the test title on deeper lines ending in `:`.
      if (MOCHA_FAILING_RE.test(p.text)) {
        this.mocha = true;
      } else if (this.mocha) {
        const item = this.mochaItem;
        if (item) {
          if (p.text.trim() !== '' && leadingSpaces(p.text) > item.indent) {
            item.parts.push(p.text.trim());
            if (p.text.endsWith(':') || item.parts.length >= 5) this.finishMocha();
          } else this.finishMocha();
        }
        const m = MOCHA_ITEM_RE.exec(p.text);
        if (m && (verdict === null || verdict.rank > 21)) {
          verdict = { rank: 21, kind: 'test', test: null };
          this.mochaItem = { indent: (m[1] ?? '').length, parts: [m[2] ?? ''], scopes };
          if (p.text.endsWith(':')) this.finishMocha();
        }
      }
    }

    let cand: Candidate | null = null;
    if (verdict) {
      if (verdict.rank === RANK.runner) for (const s of scopes) s.errorStrength = 2;
      cand = candidate(n, p.text, verdict.rank, verdict.kind, stepName, chainOf ?? -1, verdict.test);
      this.offer(cand, verdict, scopes);
      if (verdict.rank >= 50 && this.errorChain === null && !member && CHAIN_HEAD_RE.test(p.text)) this.errorChain = { cand, rank: verdict.rank };
    }

    if (!isEcho && p.marker === null && !(verdict !== null && verdict.rank < RANK.exitMessage)) this.lastWords(p.text, n, scopes);

    if (blank) {
      this.blank(n);
    } else if (!isEcho && (p.marker === null || p.marker === 'error') && !boiler && !quiet) {
      this.noteContent(n, cand?.rank ?? NEVER, leadingSpaces(p.text) > 0);
    }
  }

  /**
   * What a script said just before it gave up: the first line it echoed before `+ exit 1` (shell
   * trace), or the (not indented) line before a wrapper's `Got exit code 1`. Offered at
   * RANK.exitMessage, so that it beats noise but not a named cause, a test failure or a compiler
   * error — and only when the command it reports on printed nothing error-looking itself (the
   * output since the last traced command, or the paragraph before the wrapper's line): after
   * `Error: x`, `echo "deploy failed, see above"; exit 1` leaves `Error: x` the answer.
   */
  private lastWords(text: string, n: number, scopes: Scope[]): void {
    const x = XTRACE_RE.exec(text);
    if (x) {
      const cmd = x[1] ?? '';
      if (cmd === 'echo' || cmd === 'printf') {
        if (!this.xOpen) {
          this.xOpen = true;
          this.xFirst = 0;
        }
      } else {
        this.lastCmd = n;
        if (cmd === 'exit' && /^[1-9]\d*$/.test((x[2] ?? '').trim()) && this.xOpen && this.xFirst > 0 && n - this.xFirst <= XTRACE_WINDOW && !this.xFirstBlocked && this.ring.has(this.xFirst)) {
          const c = candidate(this.xFirst, this.textOf(this.xFirst), RANK.exitMessage, 'exit-message', this.xFirstStep);
          if (c.text) this.offer(c, null, scopes);
        }
        this.xOpen = false;
      }
      return;
    }
    const status = EXIT_STATUS_LINE_RE.exec(text.trim());
    if (status && Number(status[1]) !== 0) {
      const prev = this.lastContent;
      if (prev > 0 && n - prev <= 2 && this.lastContentSeg === this.seg && !this.lastContentIndented && !this.lastContentBlocked && this.lastContentRank > RANK.exitMessage && this.ring.has(prev)) {
        const c = candidate(prev, this.textOf(prev), RANK.exitMessage, 'exit-message', this.lastContentStep);
        this.offer(c, null, scopes);
        this.lastContentRank = RANK.exitMessage;
      }
    }
  }

  finish(): LogEvidence {
    const opts = this.opts;
    this.finishMocha();
    this.openSeg(null);
    this.queue.flush(NEVER);

    const evident = this.sawError || (opts.conclusion != null && FAILED_CONCLUSIONS.has(opts.conclusion));
    const primaries = [this.timed, this.failedStrong, this.failedWeak].filter((s): s is Scope => s !== null);
    let slot: Slot | null = null;
    let from: Scope | null = null;
    if ((opts.conclusion === 'cancelled' || opts.conclusion === 'timed_out') && this.global.best.cand?.rank === RANK.runner) {
      slot = this.global.best;
      from = this.global;
    }
    for (const s of primaries) {
      if (slot) break;
      slot = s.pick(evident);
      from = s;
    }
    if (!slot) {
      slot = this.global.pick(evident);
      from = this.global;
    }

    const cand = slot?.cand ?? null;
    // What leaves the analyzer is quoted in issues: secrets are masked here, once.
    const masked = (l: LogLine): LogLine => ({ number: l.number, text: redactSecrets(l.text) });
    let failureLine: LogLine | null = null;
    let context: LogLine[] = [];
    if (slot && cand) {
      const win = slot.win ?? [];
      const lines = win.map((raw, i): LogLine => ({ number: slot.winFrom + i, text: parseLine(raw, this.ghCli).text }));
      const own = lines.find((l) => l.number === cand.number);
      failureLine = masked({ number: cand.number, text: cand.text ?? own?.text ?? '' });
      context = lines.map((l) => (l.number === cand.number ? failureLine! : masked(l)));
      if (!own) context = [failureLine];
    }
    const timings = this.timings;
    const testScope = [from, ...primaries, this.global].find((s) => s !== null && s.tests.length > 0) ?? null;
    const exitScope = [from, ...primaries, this.global].find((s) => s !== null && s.exitCode !== null) ?? null;
    // Fresh strings: a line sliced out of the log must not keep the log alive (util/detach.ts).
    return detached({
      format: this.format,
      failureLine,
      context,
      failedStep: (cand ? cand.step : primaries[0]?.name) ?? timings?.failedNames[0] ?? null,
      testNames: testScope ? [...testScope.tests] : [],
      lineCount: this.lineNo,
      exitCode: exitScope?.exitCode ?? null,
    });
  }
}

function isBlank(s: string, i: number, e: number): boolean {
  for (; i < e; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Analyzes one job's log text (a raw GHA log, gh-cli output or plain text). */
export function analyzeLog(text: string, opts: AnalyzeOptions = {}): LogEvidence {
  const engine = new Engine(opts.format ?? detectFormat(text), opts);
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    engine.line(text, pos, end);
    pos = end + 1;
  }
  return engine.finish();
}

/** How much of a stream is read before its format is decided (see detectFormat). */
const DETECT_BYTES = 64 * 1024;
const DETECT_LINES = 20;

/**
 * A streaming analyzer: the same answer as analyzeLog on the concatenated chunks, with memory
 * bounded by the context window and one line of at most MAX_LINE_CHARS characters.
 */
export function createLogAnalyzer(opts: AnalyzeOptions = {}): LogAnalyzer {
  let engine: Engine | null = opts.format ? new Engine(opts.format, opts) : null;
  let head = '';
  let headLines = 0;
  let partial = '';
  let partialLen = 0;

  const feed = (chunk: string): void => {
    const eng = engine!;
    let pos = 0;
    if (partialLen > 0) {
      const nl = chunk.indexOf('\n');
      const piece = chunk.slice(0, nl < 0 ? chunk.length : nl);
      if (partial.length < MAX_LINE_CHARS) partial += piece.slice(0, MAX_LINE_CHARS - partial.length);
      partialLen += piece.length;
      if (nl < 0) return;
      eng.line(partial, 0, partial.length);
      partial = '';
      partialLen = 0;
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      eng.line(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      partial = chunk.slice(pos, Math.min(chunk.length, pos + MAX_LINE_CHARS));
      partialLen = chunk.length - pos;
    }
  };
  const decide = (): void => {
    engine = new Engine(detectFormat(head), opts);
    const buffered = head;
    head = '';
    feed(buffered);
  };

  return {
    push(chunk: string): void {
      if (chunk.length === 0) return;
      if (engine) return feed(chunk);
      // Until the format is known, keep the head of the stream (see detectFormat).
      head += chunk;
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) headLines++;
      if (headLines > DETECT_LINES * 4 || head.length >= DETECT_BYTES) decide();
    },
    end(): LogEvidence {
      if (!engine) decide();
      if (partialLen > 0) {
        engine!.line(partial, 0, partial.length);
        partial = '';
        partialLen = 0;
      }
      return engine!.finish();
    },
  };
}

/** analyzeLog for one section of splitLogFile (passes its format and step boundaries on). */
export function analyzeSection(section: LogSection, opts: Omit<AnalyzeOptions, 'format' | 'stepStarts'> = {}): LogEvidence {
  const o: AnalyzeOptions = { ...opts, format: section.format };
  if (section.stepStarts) o.stepStarts = section.stepStarts;
  return analyzeLog(section.text, o);
}
