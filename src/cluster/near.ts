// Near-duplicate signatures, merged on representatives only and in near-linear time: leader
// clustering with prefix filtering. Each signature, in the order given (biggest groups first),
// either joins the most similar earlier leader or becomes a leader itself, so a cluster never
// drifts by chaining (every member is close to its leader). Candidates are only the leaders that
// share a token of the signature's prefix (tokens ordered rarest first): two token sets with a
// Jaccard similarity ≥ τ always share one (the prefix-filtering principle), so no pair is
// compared that could not match, and at most MAX_CANDIDATES are compared per signature.
//
// Similar means: token Jaccard ≥ 0.8 (in practice: lines of 9 or more tokens that differ in one);
// or Jaccard ≥ 0.6, every differing token holding a digit (an id or value the normalizer did not
// know, such as `runner-fbtr6`), and a character edit distance of at most 10% of the longer line
// (bounded Levenshtein, only for lines up to 400 characters). Lines with fewer than 5 distinct
// tokens never merge: one word of five is too much of a difference.

export interface NearDuplicateOptions {
  /** Token Jaccard at or above which two signatures are one. */
  jaccard: number;
  /** Token Jaccard at or above which the edit distance decides (and the prefix filter's threshold). */
  candidateJaccard: number;
  /** Largest edit distance, as a share of the longer signature. */
  maxEditRatio: number;
  /** Signatures with fewer distinct tokens never merge. */
  minTokens: number;
  /** Leaders compared per signature at most. */
  maxCandidates: number;
  /** Edit distance is only computed for signatures up to this length. */
  maxEditLength: number;
}

export const NEAR_DUPLICATE_DEFAULTS: NearDuplicateOptions = Object.freeze({
  jaccard: 0.8,
  candidateJaccard: 0.6,
  maxEditRatio: 0.1,
  minTokens: 5,
  maxCandidates: 64,
  maxEditLength: 400,
});

const TOKEN_RE = /<[a-z]+(?::\d+)?>|[a-z0-9_]+/g;

/** The distinct tokens of a signature: words, numbers and placeholders, lower-cased. */
export function tokensOf(signature: string): string[] {
  return [...new Set(signature.toLowerCase().match(TOKEN_RE) ?? [])];
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const t of small) if (large.has(t)) both++;
  return both / (a.size + b.size - both);
}

/**
 * Levenshtein distance of a and b if it is at most `max`, else `max + 1`. Banded: O(len · max)
 * time, O(max) memory per row.
 */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  const n = a.length;
  const m = b.length;
  const INF = max + 1;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : INF;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur.fill(INF);
    cur[0] = i <= max ? i : INF;
    let rowMin = cur[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j - 1]! + cost, prev[j]! + 1, cur[j - 1]! + 1);
      cur[j] = v > INF ? INF : v;
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return INF;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[m]!, INF);
}

const HAS_DIGIT_RE = /\d/;

function differingTokensAreValues(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const t of a) if (!b.has(t) && !HAS_DIGIT_RE.test(t)) return false;
  for (const t of b) if (!a.has(t) && !HAS_DIGIT_RE.test(t)) return false;
  return true;
}

export interface NearDuplicateResult {
  /** For each signature, the index of the leader it joins (itself when it leads). */
  leader: number[];
  /** For each signature that joined another, the token Jaccard with its leader; else null. */
  similarity: Array<number | null>;
  /** Pairs compared (for the scale bench: stays ≤ maxCandidates × signatures). */
  comparisons: number;
}

/**
 * Groups near-duplicate signatures. `signatures` must come in priority order (the leader of a
 * group is its first member); the result is deterministic for a given order.
 */
export function nearDuplicateLeaders(signatures: readonly string[], options: Partial<NearDuplicateOptions> = {}): NearDuplicateResult {
  const o = { ...NEAR_DUPLICATE_DEFAULTS, ...options };
  const n = signatures.length;
  const leader = Array.from({ length: n }, (_, i) => i);
  const similarity: Array<number | null> = new Array<number | null>(n).fill(null);
  const tokens = signatures.map(tokensOf);
  const sets = tokens.map((t) => new Set(t));
  // Document frequency orders tokens rarest first, so prefixes hold the most telling tokens.
  const df = new Map<string, number>();
  for (const ts of tokens) for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1);
  const byRarity = (x: string, y: string) => (df.get(x)! - df.get(y)!) || (x < y ? -1 : x > y ? 1 : 0);
  const prefixLength = (size: number) => size - Math.ceil(o.candidateJaccard * size) + 1;

  const index = new Map<string, number[]>(); // token → leaders whose prefix holds it
  const lower = signatures.map((s) => s.toLowerCase());
  const seenAt = new Int32Array(n).fill(-1);
  let comparisons = 0;

  for (let i = 0; i < n; i++) {
    const size = sets[i]!.size;
    if (size < o.minTokens) continue; // never merges, never leads a merge
    const ordered = [...tokens[i]!].sort(byRarity);
    const prefix = ordered.slice(0, prefixLength(size));
    const candidates: number[] = [];
    let scanned = 0;
    gather: for (const t of prefix) {
      for (const l of index.get(t) ?? []) {
        if (++scanned > o.maxCandidates * 16) break gather; // a token shared by very many leaders
        if (seenAt[l] === i) continue;
        seenAt[l] = i;
        const ls = sets[l]!.size;
        if (ls < o.candidateJaccard * size || size < o.candidateJaccard * ls) continue; // length filter
        candidates.push(l);
        if (candidates.length >= o.maxCandidates) break gather;
      }
    }
    let best = -1;
    let bestJ = 0;
    for (const l of candidates.sort((x, y) => x - y)) {
      comparisons++;
      const j = jaccard(sets[i]!, sets[l]!);
      if (j < o.candidateJaccard) continue;
      let similar = j >= o.jaccard;
      // The weaker test only where every differing token looks like a value (holds a digit): a
      // different word (`module widgets` / `module gadgets`) is a different cause.
      if (!similar && differingTokensAreValues(sets[i]!, sets[l]!)) {
        const a = lower[i]!;
        const b = lower[l]!;
        const longer = Math.max(a.length, b.length);
        if (longer <= o.maxEditLength) {
          const max = Math.floor(o.maxEditRatio * longer);
          similar = max > 0 && boundedLevenshtein(a, b, max) <= max;
        }
      }
      if (similar && j > bestJ) {
        best = l;
        bestJ = j;
      }
    }
    if (best >= 0) {
      leader[i] = best;
      similarity[i] = bestJ;
      continue;
    }
    for (const t of prefix) {
      const list = index.get(t);
      if (list) list.push(i);
      else index.set(t, [i]);
    }
  }
  return { leader, similarity, comparisons };
}
