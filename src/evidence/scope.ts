// Bounded bookkeeping for the single pass over a log: a ring of the last raw lines, slots that
// hold a candidate failure line, and scopes (the whole job, one step, the failed step) that each
// keep their best candidates. A slot copies its context window (lines before and after it) out
// of the ring lazily, just before those lines would leave the ring, so that a candidate costs a
// few field writes until it has survived long enough to matter. Memory is O(ring + scopes × slots
// × window), whatever the size of the log.

/** A line number no log reaches (a small integer, unlike Infinity, keeps V8's fields fast). */
export const NEVER = 0x3fffffff;

export interface Candidate {
  number: number;
  /** The cleaned line; null when it is read back from the log window (see Slot.window). */
  text: string | null;
  rank: number;
  kind: string;
  step: string | null;
  /** For an exception at the end of a chained traceback: the line of the exception it chains; -1: none. */
  chainOf: number;
  /** The failed test a test-runner line names. */
  test: string | null;
  /** Cached prefix and loose signature of `text` (see Scope.offer); null until needed. */
  prefix: string | null;
  sig: string | null;
}

/** A candidate with every field set (one object shape for all of them). */
export function candidate(number: number, text: string | null, rank: number, kind: string, step: string | null, chainOf = -1, test: string | null = null): Candidate {
  return { number, text, rank, kind, step, chainOf, test, prefix: null, sig: null };
}

function prefixOf(c: Candidate): string {
  return (c.prefix ??= prefix(c.text ?? ''));
}

function sigOf(c: Candidate): string {
  return (c.sig ??= looseSignature(c.text ?? ''));
}

/** The last `cap` raw lines, each kept as (source string, start, end): no copy per line. */
export class Ring {
  private readonly src: string[];
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly mask: number;
  /** Capacity: a power of two, at least the size asked for. */
  readonly cap: number;
  /** Number of the last line stored (1-based); 0 before the first. */
  last = 0;

  constructor(size: number) {
    let cap = 1;
    while (cap < size) cap *= 2;
    this.cap = cap;
    this.mask = cap - 1;
    this.src = new Array<string>(cap).fill('');
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
  }

  put(src: string, start: number, end: number): number {
    const n = ++this.last;
    const k = n & this.mask;
    this.src[k] = src;
    this.start[k] = start;
    this.end[k] = end;
    return n;
  }

  /** Raw line `n`, which must be one of the last `cap` lines. */
  raw(n: number): string {
    const k = n & this.mask;
    return this.src[k]!.slice(this.start[k], this.end[k]);
  }

  has(n: number): boolean {
    return n >= 1 && n <= this.last && n > this.last - this.cap;
  }
}

/** A candidate line and, once copied out of the ring, its window of raw lines. */
export class Slot {
  cand: Candidate | null = null;
  /** Raw lines from `winFrom` on: the lines before the candidate, the candidate, the lines after. */
  win: string[] | null = null;
  winFrom = 0;
  queued = false;

  constructor(private readonly queue: SlotQueue) {}

  set(c: Candidate): void {
    this.cand = c;
    this.win = null;
    this.queue.enqueue(this);
  }
}

/** The slots whose window has not been copied out of the ring yet. */
export class SlotQueue {
  /** Line number at which some slot's window is about to leave the ring. */
  due = NEVER;
  private readonly slots: Slot[] = [];
  /** A slot is copied out when its line is this many lines old. */
  readonly age: number;

  constructor(
    readonly ring: Ring,
    readonly before: number,
    readonly after: number,
  ) {
    // ring.cap = before + age + 1 keeps [n - before, n + after] in the ring until line n + age.
    this.age = ring.cap - before - 1;
  }

  enqueue(s: Slot): void {
    if (!s.queued) {
      s.queued = true;
      this.slots.push(s);
    }
    const d = (s.cand?.number ?? 0) + this.age;
    if (d < this.due) this.due = d;
  }

  /** Copies out the windows of slots that are due at line `n` (all of them when `n` is NEVER). */
  flush(n: number): void {
    let due = NEVER;
    let w = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      const c = s.cand;
      if (c === null || s.win !== null) {
        s.queued = false;
        continue;
      }
      if (c.number + this.age <= n) {
        this.copyOut(s, c.number);
        s.queued = false;
        continue;
      }
      due = Math.min(due, c.number + this.age);
      this.slots[w++] = s;
    }
    this.slots.length = w;
    this.due = due;
  }

  private copyOut(s: Slot, number: number): void {
    const ring = this.ring;
    let from = Math.max(1, number - this.before);
    const to = Math.min(ring.last, number + this.after);
    while (from < number && !ring.has(from)) from++;
    const win: string[] = [];
    for (let i = from; i <= to; i++) win.push(ring.has(i) ? ring.raw(i) : '');
    s.win = win;
    s.winFrom = from;
  }
}

const DIGITS_RE = /\d/g;

function prefix(text: string): string {
  return text.trimStart().slice(0, 16).replace(DIGITS_RE, '0');
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Two lines with equal loose signatures say the same thing: they differ only in numbers and ids.
 * Every maximal run of hex characters that holds a digit becomes `#`, blanks collapse to one space.
 */
export function looseSignature(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  let end = n;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isHex(c)) {
      let j = i;
      let digit = false;
      while (j < end && isHex(text.charCodeAt(j))) {
        const d = text.charCodeAt(j);
        if (d >= 48 && d <= 57) digit = true;
        j++;
      }
      out += digit ? '#' : text.slice(i, j);
      i = j;
    } else if (isSpace(c)) {
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      out += ' ';
    } else {
      let j = i + 1;
      while (j < end && !isHex(text.charCodeAt(j)) && !isSpace(text.charCodeAt(j))) j++;
      out += text.slice(i, j);
      i = j;
    }
  }
  return out;
}

const TEST_SEGMENT_RE = /::|[/.\s]+/;

/**
 * True when two failed-test names name the same test as runners print it in different places:
 * `tests/test_a.py::TestX::test_y` (progress, summary), `TestX.test_y` (pytest section header),
 * `test/tests/test_a.py::TestX::test_y` (a wrapper's verdict, from another directory).
 */
export function sameTest(a: string, b: string): boolean {
  if (a === b) return true;
  const sa = a.split(TEST_SEGMENT_RE).filter(Boolean);
  const sb = b.split(TEST_SEGMENT_RE).filter(Boolean);
  const [short, long] = sa.length <= sb.length ? [sa, sb] : [sb, sa];
  if (short.length === 0) return false;
  const d = long.length - short.length;
  for (let i = short.length - 1; i >= 0; i--) if (short[i] !== long[i + d]) return false;
  // A bare test function name matches only a full node id that ends in it, not any dotted path.
  return short.length >= 2 || (long.length >= 2 && /^test|Test/.test(short[0]!));
}

const MAX_TEST_NAMES = 100;
/** A paragraph longer than this is output, not a message: its last line is the better guess. */
const SHORT_PARAGRAPH = 8;
/** The test-runner tier of ranks (linerank.ts). */
const TEST_TIER_END = 25;

export class Scope {
  readonly best: Slot;
  readonly fallback: Slot;
  private readonly paraFirst: Slot;
  private readonly lastLine: Slot;
  private readonly paraFirstCand: Candidate;
  private readonly lastLineCand: Candidate;
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
    queue: SlotQueue,
  ) {
    this.best = new Slot(queue);
    this.fallback = new Slot(queue);
    this.paraFirst = new Slot(queue);
    this.lastLine = new Slot(queue);
    this.paraFirstCand = candidate(0, null, 80, 'last-output', null);
    this.lastLineCand = candidate(0, null, 80, 'last-output', null);
  }

  /**
   * Offers a ranked line. Fallback-rank lines: the last one of the best such rank wins. Others:
   * the best rank, first occurrence — except that a later repetition of the same message (a retry
   * loop's give-up line), the last exception of a chained traceback, or a later test-runner line
   * about the same failed test (its summary after its progress line, its final verdict after
   * reruns) replaces an equal- or better-ranked one.
   */
  offer(c: Candidate, fallbackRank: number): void {
    if (c.rank >= fallbackRank) {
      const f = this.fallback.cand;
      if (f === null || c.rank <= f.rank) this.fallback.set(c);
      return;
    }
    const cur = this.best.cand;
    if (cur === null || c.rank < cur.rank) {
      this.best.set(c);
      return;
    }
    if (c.kind === 'test' && cur.kind === 'test' && c.test && cur.test && c.rank <= TEST_TIER_END && sameTest(c.test, cur.test)) {
      this.best.set(c.rank === cur.rank ? c : candidate(c.number, c.text, cur.rank, c.kind, c.step, c.chainOf, c.test));
      return;
    }
    if (c.rank !== cur.rank) return;
    if (c.chainOf >= 0 && c.chainOf === cur.number) {
      this.best.set(c);
      return;
    }
    // Test lines are exempt: `1) Suite` and `2) Suite` are two tests, not a retry.
    if (c.kind === 'test' || c.text === null || cur.text === null || prefixOf(c) !== prefixOf(cur)) return;
    if (sigOf(c) === sigOf(cur)) this.best.set(c);
  }

  /** A line of output (not boilerplate, not an echo, not quiet): tracks the last paragraph. */
  content(number: number, step: string | null): void {
    if (!this.inPara) {
      this.inPara = true;
      this.paraLen = 0;
      this.paraFirstCand.number = number;
      this.paraFirstCand.step = step;
      this.paraFirst.set(this.paraFirstCand);
    }
    this.paraLen++;
    this.lastLineCand.number = number;
    this.lastLineCand.step = step;
    this.lastLine.set(this.lastLineCand);
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
