// The repository's config file (.github/ci-failure-investigator.yml, or --config FILE). Pure: text
// in, validated settings out, or an error naming the file, the line and the key.
//
// Two parts: the settings the flags also take (window, workflows, …), merged with the flags, and
// the analysis (`rules:` tried before the built-in catalog, `mask:` extra secrets, `silence:`
// problems not to report), compiled with `buildRuleSet` (src/rules).
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { AGENT_SIGNAL_KINDS, CATEGORIES, isFingerprintOrClusterId, validateRule, type AnalysisConfig, type Rule, type SilenceEntry } from '../rules/index.js';
import { InputError, type RawInputs } from './options.js';

const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v.join(',') : v));
const count = z.number().int().nonnegative().transform(String);

/** A regex source that compiles (case-insensitively, as rules use it). */
const regex = z.string().superRefine((s, ctx) => {
  try {
    new RegExp(s, 'i');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regex (${(e as Error).message.replace(/^Invalid regular expression: /, '')})` });
  }
});
/** A list, or one value standing for a list of one. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item));

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    title: z.string().min(1, 'must not be empty'),
    category: z.enum(CATEGORIES),
    patterns: oneOrMany(regex).default([]),
    unless: oneOrMany(regex).optional(),
    contextPatterns: oneOrMany(regex).optional(),
    contextRequired: z.boolean().optional(),
    contextWindow: z.number().int().positive().optional(),
    keyGroups: oneOrMany(z.string().regex(/^[A-Za-z_]\w*$/, 'must be a regex group name')).optional(),
    keyPatterns: oneOrMany(regex).optional(),
    keyFallback: z.literal('line').optional(),
    keyStep: z.boolean().optional(),
    step: regex.optional(),
    conclusion: oneOrMany(z.string()).optional(),
    orConclusion: oneOrMany(z.string()).optional(),
    signals: oneOrMany(z.enum(AGENT_SIGNAL_KINDS)).optional(),
    orSignals: oneOrMany(z.enum(AGENT_SIGNAL_KINDS)).optional(),
    tokensZero: z.boolean().optional(),
    blockedDomain: z.boolean().optional(),
    fallback: z.boolean().optional(),
    fixHint: z.string().min(1, 'must not be empty').regex(/^[^\n]*$/, 'must be one line'),
    retry: z.enum(['never', 'backoff', 'once']),
  })
  .strict()
  .superRefine((rule, ctx) => {
    // What the field checks above cannot see: key groups the patterns do not name, a title using
    // an unknown group, a rule that would match everything.
    for (const e of validateRule(rule as Rule)) {
      if (/invalid regex/.test(e)) continue; // reported on the field itself
      ctx.addIssue({ code: 'custom', message: e.replace(/^rule [^:]+: /, '') });
    }
  });

const maskEntry = z.string().superRefine((s, ctx) => {
  let re: RegExp;
  try {
    re = new RegExp(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regex (${(e as Error).message.replace(/^Invalid regular expression: /, '')})` });
    return;
  }
  if (re.test('')) ctx.addIssue({ code: 'custom', message: 'matches the empty string; a mask must match the secret itself' });
});

const silenceEntry = z.union([
  z.string().min(1),
  z
    .object({ fingerprint: z.string().optional(), signature: regex.optional(), rule: z.string().optional(), reason: z.string().optional() })
    .strict()
    .refine((e) => e.fingerprint !== undefined || e.signature !== undefined || e.rule !== undefined, 'needs a fingerprint, a signature or a rule'),
]);

const route = z
  .object({
    category: oneOrMany(z.enum(CATEGORIES)).optional(),
    rule: oneOrMany(z.string().min(1)).optional(),
    labels: oneOrMany(z.string().min(1).max(50)).optional(),
    assignees: oneOrMany(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a GitHub login')).optional(),
    mention: z.string().regex(/^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, 'must be a team, @org/team (the only mention the bot writes)').optional(),
  })
  .strict()
  .refine((r) => r.category !== undefined || r.rule !== undefined, 'needs a category or a rule to match');

export const ConfigSchema = z
  .object({
    routes: z.array(route).optional(),
    'muted-label': z.string().min(1).max(50).optional(),
    'close-after-windows': z.number().int().positive().optional(),
    'close-after-hours': z.number().nonnegative().optional(),
    'baseline-lookback': z.string().regex(/^\d+(?:\.\d+)?[mhdw]$/, 'must be a duration like 72h or 3d').optional(),
    window: z.string().optional(),
    workflows: stringList.optional(),
    'exclude-workflows': stringList.optional(),
    'report-label': z.string().optional(),
    'max-new-sub-issues': count.optional(),
    'max-api-requests': count.optional(),
    rules: z.array(RuleSchema).optional(),
    mask: oneOrMany(maskEntry).optional(),
    silence: z
      .array(silenceEntry)
      .optional()
      .superRefine((list, ctx) => {
        list?.forEach((e, i) => {
          // A bare string that looks like a fingerprint but is not one is a typo, not a regex.
          if (typeof e === 'string' && /^(?:v\d+:|c[0-9a-f]{6,}$)/.test(e) && !isFingerprintOrClusterId(e)) {
            ctx.addIssue({ code: 'custom', path: [i], message: 'is neither a fingerprint (v2: and 16 hex digits) nor a cluster id (c and 10 hex digits)' });
          }
        });
      }),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.rules?.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `"${r.id}" is used by rules.${seen.get(r.id)} already` });
      else seen.set(r.id, i);
    });
  });

export type ConfigInputs = Pick<RawInputs, 'window' | 'workflows' | 'exclude-workflows' | 'report-label' | 'max-new-sub-issues' | 'max-api-requests'>;

export interface Route {
  category?: string[];
  rule?: string[];
  labels?: string[];
  assignees?: string[];
  mention?: string;
}

/** How issues are kept: routing of new sub-issues, the muted label, the closing thresholds. */
export interface IssueConfig {
  routes: Route[];
  mutedLabel?: string;
  closeAfterWindows?: number;
  closeAfterHours?: number;
  baselineLookback?: string;
}

/** The whole config file: the settings (merged with flags), the analysis (for `buildRuleSet`), the issue side. */
export interface RepoConfig {
  inputs: ConfigInputs;
  analysis: AnalysisConfig;
  issues: IssueConfig;
}

/** Labels, assignees and the opt-in team mention for a new sub-issue: every route that matches adds its part. */
export function routeFor(routes: readonly Route[], c: { category: string; ruleId: string | null }): { labels: string[]; assignees: string[]; mention: string | null } {
  const hit = routes.filter((r) => (r.category?.includes(c.category) ?? false) || (c.ruleId !== null && (r.rule?.includes(c.ruleId) ?? false)));
  return {
    labels: [...new Set(hit.flatMap((r) => r.labels ?? []))],
    assignees: [...new Set(hit.flatMap((r) => r.assignees ?? []))],
    mention: hit.find((r) => r.mention)?.mention ?? null,
  };
}

/** Parse a config file. Throws InputError('config', …) naming `file:line` and the key. */
export function parseConfigFile(text: string, file: string): RepoConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    throw new InputError('config', `config: ${file}:${line}: not valid YAML (${err.message.split('\n')[0]})`);
  }
  const value: unknown = doc.toJS() ?? {};
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new InputError('config', `config: ${file}:1: expected a mapping of settings, found ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  const parsed = ConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const key = path.map(String).join('.');
    const line = lineOf(doc, lines, text, path as Array<string | number>);
    const what = issue.code === 'unrecognized_keys' ? (path.length > 1 ? 'is not a known field' : 'is not a known setting') : issue.message;
    throw new InputError('config', `config: ${file}:${line}: '${key}' ${what}`);
  }
  const { rules, mask, silence, routes, 'muted-label': mutedLabel, 'close-after-windows': closeAfterWindows, 'close-after-hours': closeAfterHours, 'baseline-lookback': baselineLookback, ...inputs } = parsed.data;
  const issues: IssueConfig = { routes: (routes ?? []) as Route[] };
  if (mutedLabel !== undefined) issues.mutedLabel = mutedLabel;
  if (closeAfterWindows !== undefined) issues.closeAfterWindows = closeAfterWindows;
  if (closeAfterHours !== undefined) issues.closeAfterHours = closeAfterHours;
  if (baselineLookback !== undefined) issues.baselineLookback = baselineLookback;
  const analysis: AnalysisConfig = {};
  if (rules?.length) analysis.rules = rules.map(cleanRule);
  if (mask?.length) analysis.mask = mask;
  if (silence?.length) analysis.silence = silence.map((s) => (typeof s === 'string' ? s : (Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as SilenceEntry)));
  return { inputs, analysis, issues };
}

/** Parse a config file's settings (the part merged with flags). Throws like `parseConfigFile`. */
export function parseConfig(text: string, file: string): ConfigInputs {
  return parseConfigFile(text, file).inputs;
}

/** A validated rule without the keys zod filled with undefined. */
function cleanRule(rule: z.output<typeof RuleSchema>): Rule {
  return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)) as unknown as Rule;
}

/** The line of the deepest node of `path` that exists (a missing key: its parent), else of the key. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, text: string, path: Array<string | number>): number {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
    // A key whose value is null or a scalar the schema rejected: find the pair's key.
    const parent = n > 1 ? (doc.getIn(path.slice(0, n - 1), true) as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | undefined) : (doc.contents as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null);
    const pair = parent?.items?.find((p) => p.key?.value === path[n - 1]);
    if (pair?.key?.range) return lines.linePos(pair.key.range[0]).line;
  }
  const offset = findKeyOffset(text, path.map(String));
  return offset !== null ? lines.linePos(offset).line : 1;
}

function findKeyOffset(text: string, path: string[]): number | null {
  const last = path[path.length - 1];
  if (!last) return null;
  const m = new RegExp(`^\\s*${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'm').exec(text);
  return m ? m.index + (m[0].length - m[0].trimStart().length) : null;
}

/** Flags and inputs win over the config file; the file wins over the defaults. */
export function mergeInputs(fromFile: ConfigInputs, given: RawInputs): RawInputs {
  const out: RawInputs = { ...fromFile };
  for (const [k, v] of Object.entries(given) as Array<[keyof RawInputs, string | undefined]>) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
