// Tokens an agent spent, from the files the agent firewall's api-proxy writes: one JSON line per
// model request (`token-usage.jsonl`, deduplicated by request id because the same file is
// uploaded under several paths), or gh-aw's aggregate `agent_usage.json`. Never from runner logs:
// engines print running totals there, and summing them counts the same tokens many times over.
import type { TokenTotals } from './types.js';

export interface TokenUsage {
  totals: TokenTotals;
  byModel: Record<string, TokenTotals>;
  /** Requests answered with a status ≥ 400, per status (`401: 3`). */
  errorStatuses: Record<string, number>;
}

export function emptyTotals(): TokenTotals {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0, requests: 0 };
}

function num(...values: unknown[]): number {
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  }
  return 0;
}

function add(t: TokenTotals, input: number, output: number, cacheRead: number, cacheWrite: number, requests: number): void {
  t.input += input;
  t.output += output;
  t.cacheRead += cacheRead;
  t.cacheWrite += cacheWrite;
  t.total += input + output + cacheRead + cacheWrite;
  t.requests += requests;
}

const REQUEST_ID_RE = /"request_id"\s*:\s*"((?:\\.|[^"\\])*)"/;

/**
 * Sums `token-usage.jsonl` files (each file's text) per model. A request id seen in an earlier
 * line or file is skipped; a line without one is deduplicated on its whole text.
 */
export function parseTokenUsage(texts: readonly string[]): TokenUsage {
  const seen = new Set<string>();
  const totals = emptyTotals();
  const byModel: Record<string, TokenTotals> = {};
  const errorStatuses: Record<string, number> = {};
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line.startsWith('{')) continue;
      const id = REQUEST_ID_RE.exec(line)?.[1];
      const key = id ? `id:${id}` : `line:${line}`;
      if (seen.has(key)) continue;
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) continue;
      if (typeof rec['event'] === 'string' && rec['event'] !== 'token_usage') continue;
      seen.add(key);
      const input = num(rec['input_tokens'], rec['prompt_tokens']);
      const output = num(rec['output_tokens'], rec['completion_tokens']);
      const cacheRead = num(rec['cache_read_tokens'], rec['cache_read_input_tokens']);
      const cacheWrite = num(rec['cache_write_tokens'], rec['cache_creation_input_tokens']);
      const model = typeof rec['model'] === 'string' && rec['model'].trim() ? rec['model'].trim() : 'unknown';
      add(totals, input, output, cacheRead, cacheWrite, 1);
      add((byModel[model] ??= emptyTotals()), input, output, cacheRead, cacheWrite, 1);
      const status = num(rec['status']);
      if (status >= 400) errorStatuses[String(status)] = (errorStatuses[String(status)] ?? 0) + 1;
    }
  }
  return { totals, byModel: sortKeys(byModel), errorStatuses };
}

/**
 * gh-aw's `agent_usage.json` (`{input_tokens, output_tokens, cache_read_tokens,
 * cache_write_tokens, effective_tokens, primary_model}`): totals only, no request count.
 */
export function parseAgentUsage(text: string): TokenUsage | null {
  let rec: unknown;
  try {
    rec = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return null;
  const o = rec as Record<string, unknown>;
  if (!['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens'].some((k) => k in o)) return null;
  const totals = emptyTotals();
  add(totals, num(o['input_tokens']), num(o['output_tokens']), num(o['cache_read_tokens']), num(o['cache_write_tokens']), 0);
  const model = typeof o['primary_model'] === 'string' && o['primary_model'].trim() ? o['primary_model'].trim() : 'unknown';
  return { totals, byModel: { [model]: { ...totals } }, errorStatuses: {} };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}
