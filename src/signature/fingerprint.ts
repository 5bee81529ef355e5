// Fingerprints and cluster ids: stable hashes of a grouping key (a rule key or a normalized
// line). The normalizer's version is part of the hashed text and of the visible prefix, so a new
// normalizer never silently reuses an old fingerprint.
import { createHash } from 'node:crypto';
import { NORMALIZER_VERSION } from './normalize.js';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `v<version>:` + the first 16 hex digits of sha256(`<version>\n${key}`). */
export function fingerprintOf(key: string): string {
  return `v${NORMALIZER_VERSION}:${sha256Hex(`${NORMALIZER_VERSION}\n${key}`).slice(0, 16)}`;
}

const FINGERPRINT_RE = /^v(\d+):([0-9a-f]{10})/;

/** The normalizer version a fingerprint was made with, or null for a value that is not one. */
export function fingerprintVersion(fingerprint: string): number | null {
  const m = FINGERPRINT_RE.exec(fingerprint);
  return m ? Number(m[1]) : null;
}

/**
 * A short stable cluster id: `c` + the first 10 hex digits of the fingerprint's hash part. A value
 * that is not a fingerprint is hashed first, so the id is always `c` + 10 hex digits.
 */
export function clusterIdOf(fingerprint: string): string {
  const m = FINGERPRINT_RE.exec(fingerprint);
  return `c${m?.[2] ?? sha256Hex(fingerprint).slice(0, 10)}`;
}
