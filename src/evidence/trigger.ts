// The cheap test every log line goes through: does it contain a word that a line rule needs
// (`error`, `fail`, `denied`, `401`, …)? A case-insensitive regex of ~80 alternatives costs about
// 1 µs per line in V8; this Aho–Corasick automaton over the line's characters costs a fraction of
// that, and answers in the same pass whether the line needs cleaning (control bytes, ANSI
// escapes) and whether it may be a low-level log line. Each word belongs to a group, and each
// rule of linerank.ts names the groups its matches need, so that a line is tried only against
// the rules whose words it holds.

/** Groups of trigger words (bits of the mask that triggerGroups returns). */
export const G = {
  err: 1 << 0,
  fail: 1 << 1,
  fatal: 1 << 2,
  exception: 1 << 3,
  invalid: 1 << 4,
  exit: 1 << 5,
  stop: 1 << 6,
  access: 1 << 7,
  rate: 1 << 8,
  missing: 1 << 9,
  resource: 1 << 10,
  network: 1 << 11,
  test: 1 << 12,
  check: 1 << 13,
  compile: 1 << 14,
} as const;
/** Any group: the line holds a trigger word and may be a failure line. */
export const HIT = 0xffff;
/** The line holds control characters (ANSI escapes, a carriage return, a BOM…): clean it first. */
export const DIRTY = 1 << 20;
/** The line holds a log-level word or `passed`: it may be a quiet line (see isQuiet). */
export const QUIETISH = 1 << 21;

/**
 * Every word a line rule of linerank.ts or testlines.ts needs, lower case (matched case-
 * insensitively), by group. A rule is tried only on lines holding a word of one of its groups:
 * keep each rule's alternatives covered when adding rules (trigger.test.ts checks examples).
 */
export const TRIGGER_WORDS: Readonly<Record<keyof typeof G, readonly string[]>> = {
  err: ['err', 'dns error'],
  fail: ['fail'],
  fatal: ['fatal', 'panic', 'abort', 'crash', 'segfault', 'segmentation', 'core dumped', 'interrupt'],
  exception: ['exception', 'traceback'],
  invalid: ['invalid', 'incorrect', 'cannot', "can't", 'unable', 'could not', "couldn't"],
  exit: ['exit', 'kill', 'elifecycle'],
  stop: ['lost', 'shutdown', 'cancel', 'exceeded', 'timeout', 'timedout', 'time out', 'timed out', 'not acquired', 'build stopped'],
  access: ['denied', 'refus', 'unauthori', 'forbidden', 'credential', 'authenticat', 'authoris', 'authoriz', 'revoked', 'protected', 'not accessible', '401', '403'],
  rate: ['429', 'limit', 'quota', 'credit', 'throttl', 'too many'],
  missing: ['not found', 'no such', 'not recognized', 'not available', 'not executable', 'manifest', 'pull access', 'imagepull', 'missing download', 'unhealthy'],
  resource: ['memory', 'space', 'enospc', 'bad_alloc'],
  network: [
    'resolve', 'name resolution', 'not known', 'getaddrinfo', 'econn', 'ehost', 'enet', 'eai_', 'enotfound', 'unreachable', 'reset by peer', 'hang up',
    'connection refused', 'failed to connect', 'dns error',
  ],
  test: ['tests run:', '___ ', 'jupiter:', 'vintage:', 'test-unexpected'],
  check: ['caused by', 'lint for', 'reformat', 'code style', 'diff in '],
  compile: ['undefined reference'],
};

/** Words that make a line possibly quiet (a level word near its start, a passed test). */
export const QUIET_WORDS: readonly string[] = ['info', 'debug', 'trace', 'notice', 'warn', 'passed'];

/** Non-ASCII marks of test runners (jest `●`, vitest `×`, `✗`, `✕`). */
const TEST_MARKS = new Set([0x25cf, 0xd7, 0x2717, 0x2715]);
/** Non-ASCII characters that cleaning removes (BOM, the runner's private-use markers). */
const DIRTY_CHARS = new Set([0xfeff, 0xe000, 0xe001]);

interface Automaton {
  /** The class of an ASCII character: 0 for characters of no word, 1 for control characters. */
  cls: Uint8Array;
  /** Number of classes. */
  width: number;
  /** next[state * width + class]: the next state, or -(state + 1) when that state emits. */
  next: Int16Array;
  /** What an emitting state emits: group bits, DIRTY, QUIETISH. */
  out: Int32Array;
}

const CONTROL_CLASS = 1;

function build(): Automaton {
  // Characters are folded to classes: lower-case letters and the other characters of the words
  // each get one, upper-case letters share their lower-case twin's, the rest share class 0.
  const cls = new Uint8Array(128);
  let width = 2;
  const allWords = [...Object.values(TRIGGER_WORDS).flat(), ...QUIET_WORDS];
  for (const w of allWords) {
    if (w !== w.toLowerCase()) throw new Error(`trigger words are lower case: ${w}`);
    for (const ch of w) {
      const c = ch.charCodeAt(0);
      if (c >= 128) throw new Error(`trigger words are ASCII: ${w}`);
      if (cls[c] === 0) cls[c] = width++;
    }
  }
  for (let c = 65; c <= 90; c++) cls[c] = cls[c + 32]!;
  for (let c = 0; c < 32; c++) if (c !== 9) cls[c] = CONTROL_CLASS;
  cls[127] = CONTROL_CLASS;

  const edges: Int32Array[] = [new Int32Array(width).fill(-1)];
  const out: number[] = [0];
  const add = (word: string, flag: number): void => {
    let s = 0;
    for (const ch of word) {
      const k = cls[ch.charCodeAt(0)]!;
      const edge = edges[s]!;
      if (edge[k] === -1) {
        edge[k] = edges.length;
        edges.push(new Int32Array(width).fill(-1));
        out.push(0);
      }
      s = edge[k]!;
    }
    out[s]! |= flag;
  };
  for (const [group, words] of Object.entries(TRIGGER_WORDS)) for (const w of words) add(w, G[group as keyof typeof G]);
  for (const w of QUIET_WORDS) add(w, QUIETISH);
  // A sink state for control characters: reaching it reports DIRTY.
  const dirty = edges.length;
  edges.push(new Int32Array(width).fill(dirty));
  out.push(DIRTY);

  // Breadth-first failure links (Aho–Corasick), folding each state's output into its successors.
  const fail = new Int32Array(edges.length);
  const queue: number[] = [];
  const root = edges[0]!;
  for (let k = 0; k < width; k++) {
    const t = root[k]!;
    if (t === -1) root[k] = 0;
    else queue.push(t);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    out[s]! |= out[fail[s]!]!;
    const edge = edges[s]!;
    for (let k = 0; k < width; k++) {
      const t = edge[k]!;
      if (t === -1) edge[k] = edges[fail[s]!]![k]!;
      else {
        fail[t] = edges[fail[s]!]![k]!;
        queue.push(t);
      }
    }
  }

  const states = edges.length;
  if (states >= 0x3fff) throw new Error('trigger automaton too large');
  const next = new Int16Array(states * width);
  for (let s = 0; s < states; s++) {
    for (let k = 0; k < width; k++) {
      const t = s === dirty || k === CONTROL_CLASS ? dirty : edges[s]![k]!;
      next[s * width + k] = out[t] !== 0 ? -(t + 1) : t;
    }
  }
  return { cls, width, next, out: Int32Array.from(out) };
}

const { cls: CLS, width: W, next: NEXT, out: OUT } = build();

/** The automaton from `i` in state `st`, one character at a time. */
function scanSteps(s: string, i: number, to: number, st: number, flags: number): number {
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      if (TEST_MARKS.has(c)) return flags | G.test;
      if (DIRTY_CHARS.has(c)) return flags | DIRTY;
      st = 0;
      continue;
    }
    let v = NEXT[st * W + CLS[c]!]!;
    if (v < 0) {
      v = -v - 1;
      const o = OUT[v]!;
      if ((o & (HIT | DIRTY)) !== 0) return flags | o;
      flags |= o;
    }
    st = v;
  }
  return flags;
}

/**
 * Scans `s[from, to)` for the fast path: returns a group bit of the first trigger word (any bit
 * of HIT), DIRTY, and QUIETISH. It stops at the first trigger word or control character, so
 * QUIETISH is complete only when neither is set.
 */
export function scanTriggers(s: string, from: number, to: number): number {
  return scanSteps(s, from, to, 0, 0);
}

/** Every group of trigger words in `s` (the whole line is read), with DIRTY and QUIETISH. */
export function triggerGroups(s: string): number {
  let st = 0;
  let flags = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      if (TEST_MARKS.has(c)) flags |= G.test;
      else if (DIRTY_CHARS.has(c)) flags |= DIRTY;
      st = 0;
      continue;
    }
    let v = NEXT[st * W + CLS[c]!]!;
    if (v < 0) {
      v = -v - 1;
      flags |= OUT[v]!;
      if (v === DIRTY_STATE) v = 0;
    }
    st = v;
  }
  return flags;
}

/** The dirty sink's state number (its transitions all stay in it). */
const DIRTY_STATE = OUT.length - 1;
