import { describe, expect, it } from 'vitest';
import { boundedLevenshtein, jaccard, nearDuplicateLeaders, NEAR_DUPLICATE_DEFAULTS, tokensOf } from './near.js';

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** A small seeded generator, so the property tests are the same on every run. */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('tokensOf / jaccard', () => {
  it('tokenizes words, numbers and placeholders, lower-cased and distinct', () => {
    expect(tokensOf('Error: run <id:2> failed at <ws>/a_b.ts line <n>, Error again')).toEqual(['error', 'run', '<id:2>', 'failed', 'at', '<ws>', 'a_b', 'ts', 'line', '<n>', 'again']);
  });
  it.each<[string, string, number]>([
    ['a b c d', 'a b c d', 1],
    ['a b c d', 'a b c e', 3 / 5],
    ['a b', 'c d', 0],
    ['', '', 1],
  ])('jaccard(%j, %j) = %d', (a, b, j) => {
    expect(jaccard(new Set(tokensOf(a)), new Set(tokensOf(b)))).toBeCloseTo(j);
  });
});

describe('boundedLevenshtein', () => {
  it.each<[string, string, number]>([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['runner-fbtr6-workflow', 'runner-x9k2p-workflow', 5],
    ['abc', 'abcdefgh', 5],
  ])('%j → %j', (a, b, d) => {
    expect(boundedLevenshtein(a, b, 10)).toBe(d);
    expect(boundedLevenshtein(a, b, d)).toBe(d);
    if (d > 0) expect(boundedLevenshtein(a, b, d - 1)).toBe(d);
  });

  it('agrees with the full dynamic programme on random strings, within the bound', () => {
    const r = rng(7);
    const word = () => Array.from({ length: Math.floor(r() * 30) }, () => 'abcde'[Math.floor(r() * 5)]).join('');
    for (let n = 0; n < 300; n++) {
      const a = word();
      const b = word();
      const max = Math.floor(r() * 12);
      const exact = levenshtein(a, b);
      expect(boundedLevenshtein(a, b, max)).toBe(Math.min(exact, max + 1));
    }
  });
});

describe('nearDuplicateLeaders', () => {
  const long = (word: string) => `Widget sync aborted: upstream catalogue for tenant ${word} returned an empty page set`;

  it('joins near duplicates to the first (leading) one, keeps the rest', () => {
    const r = nearDuplicateLeaders([long('alpha'), 'Gadget export failed: the bucket refused the upload', long('beta'), long('gamma'), 'too short to merge', 'too short to fuse']);
    expect(r.leader).toEqual([0, 1, 0, 0, 4, 5]);
    expect(r.similarity[2]).toBeCloseTo(12 / 14);
    expect(r.similarity[1]).toBeNull();
  });

  it('does not chain: every member is similar to its leader, not just to another member', () => {
    // Each line changes one more word of the first: b is near a, c near b, but c is not near a.
    const a = 'one two three four five six seven eight nine ten';
    const b = 'one two three four five six seven eight nine eleven';
    const c = 'one two three four five six seven eight twelve eleven';
    expect(jaccard(new Set(tokensOf(b)), new Set(tokensOf(c)))).toBeGreaterThanOrEqual(NEAR_DUPLICATE_DEFAULTS.jaccard);
    const r = nearDuplicateLeaders([a, b, c]);
    expect(jaccard(new Set(tokensOf(a)), new Set(tokensOf(c)))).toBeLessThan(NEAR_DUPLICATE_DEFAULTS.jaccard);
    expect(r.leader).toEqual([0, 0, 2]);
  });

  it('uses the edit distance only where the differing tokens are values (hold a digit)', () => {
    const pod = (id: string) => `Pod ci-runner-${id}-workflow is unhealthy with phase Pending`;
    expect(nearDuplicateLeaders([pod('fbtr6'), pod('x9k2p')]).leader).toEqual([0, 0]);
    expect(nearDuplicateLeaders(['Error: Cannot find module widgets', 'Error: Cannot find module gadgets']).leader).toEqual([0, 1]);
  });

  it('finds every pair a brute-force leader clustering finds (the prefix filter loses nothing)', () => {
    const r = rng(11);
    // Words without digits, so only the Jaccard test decides (as in the brute force below).
    const vocab = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const base = Array.from({ length: 30 }, () => Array.from({ length: 6 + Math.floor(r() * 10) }, () => vocab[Math.floor(r() * vocab.length)]!));
    const sigs = Array.from({ length: 400 }, () => {
      const words = [...base[Math.floor(r() * base.length)]!];
      if (r() < 0.7) words[Math.floor(r() * words.length)] = vocab[Math.floor(r() * vocab.length)]!;
      return words.join(' ');
    });
    const fast = nearDuplicateLeaders(sigs, { maxCandidates: 1_000_000 });
    // Brute force: the same leader rule, comparing with every earlier leader.
    const leaders: number[] = [];
    const expected = sigs.map((s, i) => {
      const t = new Set(tokensOf(s));
      if (t.size < NEAR_DUPLICATE_DEFAULTS.minTokens) return i;
      let best = -1;
      let bestJ = 0;
      for (const l of leaders) {
        const j = jaccard(t, new Set(tokensOf(sigs[l]!)));
        if (j >= NEAR_DUPLICATE_DEFAULTS.jaccard && j > bestJ) [best, bestJ] = [l, j];
      }
      if (best >= 0) return best;
      leaders.push(i);
      return i;
    });
    expect(expected.filter((l, i) => l !== i).length).toBeGreaterThan(50);
    expect(fast.leader).toEqual(expected);
  });

  it('compares at most maxCandidates leaders per signature', () => {
    const sigs = Array.from({ length: 2000 }, (_, i) => `shared words here and there plus token${i} token${i + 1}x`);
    const r = nearDuplicateLeaders(sigs, { maxCandidates: 8 });
    expect(r.comparisons).toBeLessThanOrEqual(8 * sigs.length);
  });
});
