// Which open issues track which clusters: our fingerprint marker (in our sub-issues, or copied into
// a person's issue), or a fenced matcher block a person writes in any issue:
//
//   ```ci-failure-investigator
//   pattern: "401 Unauthorized"          # regex on the failure line (case-insensitive)
//   signature: "node: command not found" # text in the normalized signature, or a fingerprint v1:…
//   ```
// Pure.
import { parse } from 'yaml';
import { z } from 'zod';

const MARKER_RE = /<!-- ci-failure-investigator:cluster fp=(v\d+:[0-9a-f]+) -->/g;
const BLOCK_RE = /^(`{3,}|~{3,})[ \t]*ci-failure-investigator[ \t]*\n([\s\S]*?)\n\1[ \t]*$/gm;

const Matcher = z.object({ pattern: z.string().min(1).optional(), signature: z.string().min(1).optional() }).refine((m) => m.pattern || m.signature, {
  message: 'needs pattern: or signature:',
});

export interface IssueMatcher {
  pattern: RegExp | null;
  signature: string | null;
}

export interface TrackerIssue {
  number: number;
  id: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
}

export interface ParsedTracker {
  fingerprints: string[];
  matchers: IssueMatcher[];
  /** Matcher blocks that could not be read, with the reason (shown in the report). */
  problems: string[];
}

export function parseTracker(body: string): ParsedTracker {
  const fingerprints = [...new Set([...body.matchAll(MARKER_RE)].map((m) => m[1]!))];
  const matchers: IssueMatcher[] = [];
  const problems: string[] = [];
  for (const m of body.matchAll(BLOCK_RE)) {
    let data: unknown;
    try {
      data = parse(m[2]!);
    } catch (e) {
      problems.push(`matcher block is not valid YAML (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    const parsed = Matcher.safeParse(data);
    if (!parsed.success) {
      problems.push(`matcher block ${parsed.error.issues[0]!.message}`);
      continue;
    }
    let pattern: RegExp | null = null;
    if (parsed.data.pattern) {
      try {
        pattern = new RegExp(parsed.data.pattern, 'i');
      } catch {
        problems.push(`matcher pattern ${JSON.stringify(parsed.data.pattern)} is not a valid regular expression`);
        continue;
      }
    }
    matchers.push({ pattern, signature: parsed.data.signature ?? null });
  }
  return { fingerprints, matchers, problems };
}

export interface ClusterFacts {
  fingerprint: string;
  signature: string;
  /** Failure lines of the cluster's jobs as read (not normalized). */
  lines: string[];
}

/** Does the matcher name this cluster? A pattern must match a failure line or the signature; a signature must equal the fingerprint or occur in the signature. */
export function matches(m: IssueMatcher, c: ClusterFacts): boolean {
  const byPattern = m.pattern ? c.lines.some((l) => m.pattern!.test(l)) || m.pattern.test(c.signature) : true;
  const bySignature = m.signature ? m.signature === c.fingerprint || c.signature.toLowerCase().includes(m.signature.toLowerCase()) : true;
  return byPattern && bySignature;
}

export interface Tracking {
  issue: TrackerIssue;
  how: 'marker' | 'matcher';
}

/** Per fingerprint, the issues (other than `exclude`) that track it, in issue order. */
export function trackersOf(clusters: ClusterFacts[], issues: TrackerIssue[], exclude: ReadonlySet<number>, alias: (fp: string) => string = (fp) => fp): Map<string, Tracking[]> {
  const out = new Map<string, Tracking[]>();
  const add = (fp: string, t: Tracking) => {
    const list = out.get(fp) ?? [];
    if (!list.some((x) => x.issue.number === t.issue.number)) list.push(t);
    out.set(fp, list);
  };
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    if (exclude.has(issue.number)) continue;
    const parsed = parseTracker(issue.body);
    for (const fp of parsed.fingerprints) add(alias(fp), { issue, how: 'marker' });
    for (const c of clusters) if (parsed.matchers.some((m) => matches(m, c))) add(c.fingerprint, { issue, how: 'matcher' });
  }
  return out;
}
