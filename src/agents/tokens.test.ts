import { describe, expect, it } from 'vitest';
import { AGENT_USAGE_JSON, TOKEN_USAGE_JSONL } from './fixtures.js';
import { parseAgentUsage, parseTokenUsage } from './tokens.js';

const t = (input: number, output: number, cacheRead: number, cacheWrite: number, requests: number) => ({
  input,
  output,
  cacheRead,
  cacheWrite,
  total: input + output + cacheRead + cacheWrite,
  requests,
});

describe('parseTokenUsage', () => {
  it('sums per model, counting a duplicated request id once', () => {
    const u = parseTokenUsage([TOKEN_USAGE_JSONL]);
    expect(u.totals).toEqual(t(817, 969, 54850, 24810, 4));
    expect(u.byModel).toEqual({ 'claude-haiku-4-5': t(801, 77, 0, 0, 1), 'claude-sonnet-4-6': t(16, 892, 54850, 24810, 3) });
    expect(u.errorStatuses).toEqual({ '401': 1 });
  });

  it.each([
    ['the same file under two paths', [TOKEN_USAGE_JSONL, TOKEN_USAGE_JSONL], 4],
    ['an empty file (the engine never reached the model)', [''], 0],
    ['no file content at all', [], 0],
    ['garbage and other events', ['not json\n{"event":"startup","request_id":"x"}\n{"truncated":'], 0],
  ])('%s → %i requests', (_name, texts, requests) => {
    expect(parseTokenUsage(texts).totals.requests).toBe(requests);
  });

  it('dedupes lines without a request id on their text, and reads legacy field names', () => {
    const line = '{"model":"gpt-5.3-codex","prompt_tokens":100,"completion_tokens":20,"cache_read_input_tokens":5}';
    expect(parseTokenUsage([`${line}\n${line}\n`]).totals).toEqual(t(100, 20, 5, 0, 1));
  });
});

describe('parseAgentUsage', () => {
  it('reads the aggregate, without a request count', () => {
    const u = parseAgentUsage(AGENT_USAGE_JSON)!;
    expect(u.totals).toEqual(t(817, 969, 54850, 24810, 0));
    expect(Object.keys(u.byModel)).toEqual(['claude-sonnet-4-6']);
  });

  it.each([['not json'], ['[]'], ['{"effective_tokens": 3}']])('%s → null', (text) => {
    expect(parseAgentUsage(text)).toBeNull();
  });
});
