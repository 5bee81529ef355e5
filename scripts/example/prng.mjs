// A small seeded PRNG so that the example scenario is byte-for-byte reproducible.
// Never use Math.random or Date.now in the example generator.

/** FNV-1a over the string form of the parts: a stable 32-bit seed from names and ids. */
export function seedOf(...parts) {
  let h = 0x811c9dc5;
  for (const ch of parts.map(String).join('\u0000')) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for picking words and durations. */
export class Rng {
  constructor(seed) {
    this.a = seed >>> 0;
  }
  /** [0, 1) */
  float() {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [lo, hi] */
  int(lo, hi) {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  /** float in [lo, hi) */
  range(lo, hi) {
    return lo + this.float() * (hi - lo);
  }
  chance(p) {
    return this.float() < p;
  }
  pick(items) {
    return items[Math.floor(this.float() * items.length)];
  }
  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  alnum(n) {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[this.int(0, abc.length - 1)];
    return s;
  }
  b64url(n) {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[this.int(0, abc.length - 1)];
    return s;
  }
  uuid() {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${'89ab'[this.int(0, 3)]}${this.hex(3)}-${this.hex(12)}`;
  }
  /** a fork with its own stream, so that adding draws in one place does not shift another */
  fork(...parts) {
    return new Rng(seedOf(this.a, ...parts));
  }
}
