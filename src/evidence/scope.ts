// Bounded bookkeeping for the single pass over a log: a ring buffer of the last lines, slots
// that hold a candidate failure line with its context, and scopes (the whole job, one step, the
// failed step) that each keep their best candidates. Memory is O(scopes × slots × window).
import type { LogLine } from './types.js';

export interface Candidate {
  number: number;
  text: string;
  rank: number;
  kind: string;
  step: string | null;
  /** For an exception at the end of a chained traceback: the line of the exception it chains. */
  chainOf?: number;
}

export class Ring {
  private readonly buf: (LogLine | undefined)[];
  private next = 0;
  private size = 0;
  constructor(private readonly cap: number) {
    this.buf = new Array<LogLine | undefined>(Math.max(cap, 0));
  }
  push(line: LogLine): void {
    if (this.cap <= 0) return;
    this.buf[this.next] = line;
    this.next = (this.next + 1) % this.cap;
    if (this.size < this.cap) this.size++;
  }
  toArray(): LogLine[] {
    const out: LogLine[] = [];
    for (let i = 0; i < this.size; i++) {
      const l = this.buf[(this.next - this.size + i + this.cap) % this.cap];
      if (l) out.push(l);
    }
    return out;
  }
}

/** A candidate line with the lines before it (snapshotted) and after it (collected as they come). */
export class Slot {
  cand: Candidate | null = null;
  before: LogLine[] = [];
  after: LogLine[] = [];
  private sig: string | null = null;

  constructor(private readonly pending: Set<Slot>) {}

  set(c: Candidate, ring: Ring): void {
    this.cand = c;
    this.before = ring.toArray();
    this.after = [];
    this.sig = null;
    this.pending.add(this);
  }

  /** The candidate's loose signature, computed once. */
  signature(): string {
    if (this.sig === null) this.sig = this.cand ? looseSignature(this.cand.text) : '';
    return this.sig;
  }
}

const MAX_TEST_NAMES = 100;

function prefix(text: string): string {
  return text.trimStart().slice(0, 16).replace(/\d/g, '0');
}

const VARYING_RE = /[0-9a-f]*\d[0-9a-f]*/gi;
const SPACES_RE = /\s+/g;

/** Two lines with equal loose signatures say the same thing: they differ only in numbers and ids. */
export function looseSignature(text: string): string {
  return text.replace(VARYING_RE, '#').replace(SPACES_RE, ' ').trim();
}
/** A paragraph longer than this is output, not a message: its last line is the better guess. */
const SHORT_PARAGRAPH = 8;

export class Scope {
  readonly best: Slot;
  readonly fallback: Slot;
  private readonly paraFirst: Slot;
  private readonly lastLine: Slot;
  private paraLen = 0;
  private inPara = false;
  private readonly strongTests: string[] = [];
  private readonly weakTests: string[] = [];
  private readonly testSet = new Set<string>();
  /** 0: no `##[error]`; 1: an error annotation; 2: a non-zero exit or a runner cancel/timeout. */
  errorStrength = 0;
  exitCode: number | null = null;

  constructor(
    readonly name: string | null,
    pending: Set<Slot>,
  ) {
    this.best = new Slot(pending);
    this.fallback = new Slot(pending);
    this.paraFirst = new Slot(pending);
    this.lastLine = new Slot(pending);
  }

  /** Offers a ranked line. Fallback-rank lines: the last one of the best such rank wins. Others: the best rank, first
   * occurrence — except that a later repetition of the same message (a retry loop's give-up
   * line) or the last exception of a chained traceback replaces an equal-ranked one. */
  offer(c: Candidate, ring: Ring, fallbackRank: number): void {
    if (c.rank >= fallbackRank) {
      const f = this.fallback.cand;
      if (f === null || c.rank <= f.rank) this.fallback.set(c, ring);
      return;
    }
    const cur = this.best.cand;
    if (cur === null || c.rank < cur.rank) {
      this.best.set(c, ring);
      return;
    }
    if (c.rank !== cur.rank) return;
    if (c.chainOf !== undefined && c.chainOf === cur.number) {
      this.best.set(c, ring);
      return;
    }
    // Test lines are exempt: `1) Suite` and `2) Suite` are two tests, not a retry.
    if (c.kind === 'test' || prefix(c.text) !== prefix(cur.text)) return;
    if (looseSignature(c.text) === this.best.signature()) this.best.set(c, ring);
  }

  /** A line of output (not boilerplate, not an echo): tracks the last paragraph. */
  content(c: Candidate, ring: Ring): void {
    if (!this.inPara) {
      this.inPara = true;
      this.paraLen = 0;
      this.paraFirst.set(c, ring);
    }
    this.paraLen++;
    this.lastLine.set(c, ring);
  }

  /** A blank line: the paragraph ends. */
  gap(): void {
    this.inPara = false;
  }

  addTest(name: string, weak = false): void {
    const list = weak ? this.weakTests : this.strongTests;
    if (this.testSet.has(name) || list.length >= MAX_TEST_NAMES) return;
    this.testSet.add(name);
    list.push(name);
  }

  /** Failed test names; fallback names (pytest headers) only when nothing better named a test. */
  get tests(): readonly string[] {
    return this.strongTests.length > 0 ? this.strongTests : this.weakTests;
  }

  /** The slot holding this scope's answer; the last-resort guess only when `lastResort`. */
  pick(lastResort: boolean): Slot | null {
    if (this.best.cand) return this.best;
    if (this.fallback.cand) return this.fallback;
    if (!lastResort) return null;
    if (this.paraFirst.cand && this.paraLen <= SHORT_PARAGRAPH) return this.paraFirst;
    return this.lastLine.cand ? this.lastLine : null;
  }
}
