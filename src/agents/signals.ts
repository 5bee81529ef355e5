// What the agent's own output says about how it ended: retry loops, an engine that died before
// its first model call, MCP servers that failed at start, limits, revoked or rejected
// credentials, or an agent that finished its work (so the failure is elsewhere). Read once,
// line by line, from the agent job's log (or the engine's own stdio log); cheap prefilter first.
import { cleanLine } from '../evidence/index.js';
import type { AgentSignal, AgentSignalKind } from './types.js';

export interface LogSignals {
  signals: AgentSignal[];
  turns: number | null;
  toolCalls: number | null;
}

/** Order in which signals are listed (most telling first). */
export const SIGNAL_ORDER: readonly AgentSignalKind[] = [
  'auth-error',
  'token-revoked',
  'credit-limit',
  'usage-limit',
  'rate-limit',
  'retry-loop',
  'zero-tokens',
  'zero-turns',
  'mcp-failed',
  'missing-tool',
  'no-safe-outputs',
  'agent-completed',
];

const MAX_DETAIL = 160;
const MAX_PER_KIND = 5;

const PREFILTER =
  /reconnect|retry|retrying|\b4\d\d\b|\b5\d\d\b|token|turn|mcp|tool|safe|output|credit|quota|limit|revok|terminal_reason|unauthori|forbidden|api key|bearer|authentic|credential|"result"/i;

const RECONNECT = /Reconnecting\.\.\.\s*(\d+)\s*\/\s*(\d+)(?:\s*\((.*)\))?/i;
const STATUS_TEXT = /\b(?:status(?: code)?:?\s*)?([45]\d\d)\s+([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*)/;
const URL_HOST = /\burl:\s*\(?(?:https?|wss?):\/\/([a-z0-9.-]+\.[a-z]{2,})/i;
const ANY_HOST = /\b(?:https?|wss?):\/\/([a-z0-9.-]+\.[a-z]{2,})/i;
const AUTH =
  /\b401\b(?: Unauthorized)?|\bUnauthorized\b|Incorrect API key|invalid[_ ](?:api[_ ])?key|invalid x-api-key|authentication_error|Missing bearer|Bad credentials|\bapi key (?:is )?(?:invalid|missing|not valid)/i;
const FORBIDDEN_BY_PROVIDER = /\b403\b.*(?:api\.openai\.com|api\.anthropic\.com|githubcopilot\.com|googleapis\.com|permission_error|access denied by policy)/i;
const FIREWALL_BLOCK = /blocked by (?:proxy|firewall)|CONNECT tunnel failed|TCP_DENIED/i;
const RETRY_LINE = /\bretrying (?:in|after)\b|\bretry attempt\b|\bwill retry\b/i;
// docker's own pull retries and the environment a step prints are not the agent speaking
const DOCKER_LAYER = /^[0-9a-f]{12}: /;
const ENV_LINE = /^\s+[A-Z][A-Z0-9_]*:\s/;
const HTTP_RETRYABLE = /(?:\bstatus(?: code)?:?\s*|\bHTTP\/?\d?(?:\.\d)?\s+|\b)(429|500|502|503|504|529)\b(?=.*(?:error|too many|overloaded|unavailable|gateway|retry|status|timeout))/i;
const ZERO_TOKENS = /\btokens used:?\s*0\b|(?:^|[^\d.,])0 tokens\b|\bTokens:\s*0 sent\b|\btotal[_ ]tokens["']?\s*[:=]\s*0\b/i;
const ZERO_TURNS = /(?:^|[^\d.,])0 turns\b|"num_?turns"\s*:\s*0\b|"numTurns"\s*:\s*0\b|\bturns:\s*0\b/i;
const TURNS_JSON = /"(?:num_turns|numTurns)"\s*:\s*(\d+)/;
const TURNS_TOOLS_TEXT = /\b(\d+) turns?, (\d+) tool calls?\b/i;
const CODEX_TOOL = /^tool [\w-]+\.[\w-]+\(/;
const MCP_TEXT =
  /MCP (?:server|client)(?: for)? [`"']?([\w.-]+)[`"']?:?\s.*?\b(?:failed|error)\b(?::\s*(.*))?|\bmcp: ([\w.-]+) failed\b(?::\s*(.*))?/i;
const MCP_POLICY = /MCP servers were blocked by policy:\s*(.*)/i;
const MISSING_TOOL_TEXT = /\bTool [`"']?([\w.-]+)[`"']? (?:is )?not (?:found|available)\b|\bUnknown tool:?\s*[`"']?([\w.-]+)|\bNo such tool(?: available)?:?\s*[`"']?([\w.-]+)/i;
const NO_SAFE_OUTPUTS = /\bno safe[ -_]?outputs?\b(?! (?:were )?(?:configured|requested))|\bno agent output\b|\bagent output (?:file )?(?:is )?(?:empty|missing|not found)\b|\bsafe[ -_]?outputs? (?:file )?(?:is )?empty\b/i;
const CREDIT = /Maximum AI credits exceeded|credit balance is too low|insufficient[_ ]credits?|out of credits|insufficient_quota|billing (?:hard )?limit/i;
const USAGE = /\busage limit\b|\bquota exceeded\b|exceeded (?:your|the) (?:\w+ )?quota|premium requests? (?:limit|exhausted)|error_max_turns|max(?:imum)? turns (?:reached|exceeded)|reached (?:the )?max(?:imum)? (?:number of )?turns/i;
const RATE = /\brate[ -]limit(?:ed|s)?\b|rate_limit_exceeded|RateLimitError|Too Many Requests|secondary rate limit|\bstatus(?: code)?:?\s*429\b|\b429 \d{3}\b|\b429 (?:quota|rate)/i;
const REVOKED = /\btoken (?:has been |was )?revoked\b|\brevoked token\b|token_revoked|credentials? (?:have been |were )?revoked|\bhas been revoked\b/i;
const COMPLETED = /terminal_reason["']?\s*[:=]\s*["']?completed\b/i;

function cut(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > MAX_DETAIL ? `${t.slice(0, MAX_DETAIL - 1)}…` : t;
}

class Collector {
  private readonly found = new Map<AgentSignalKind, Map<string, number>>();

  add(kind: AgentSignalKind, detail: string): void {
    let m = this.found.get(kind);
    if (!m) this.found.set(kind, (m = new Map()));
    const d = cut(detail);
    if (m.has(d)) m.set(d, m.get(d)! + 1);
    else if (m.size < MAX_PER_KIND) m.set(d, 1);
  }

  has(kind: AgentSignalKind): boolean {
    return this.found.has(kind);
  }

  list(): AgentSignal[] {
    const out: AgentSignal[] = [];
    for (const kind of SIGNAL_ORDER) {
      for (const [detail, n] of this.found.get(kind) ?? []) out.push({ kind, detail: n > 1 && kind !== 'retry-loop' ? `${detail} (${n}×)` : detail });
    }
    return out;
  }
}

/** `401 Unauthorized from api.openai.com` when both parts are on the line, else the line. */
function statusDetail(line: string): string {
  const st = STATUS_TEXT.exec(line);
  const host = (URL_HOST.exec(line) ?? ANY_HOST.exec(line))?.[1];
  if (st) return `${st[1]} ${st[2]}${host ? ` from ${host.toLowerCase()}` : ''}`;
  return line;
}

/** The signals in one log (raw GitHub Actions log, `gh run view` output or an engine's stdio log). */
export function logSignals(text: string): LogSignals {
  const c = new Collector();
  let reconnect: { n: number; of: number; reason: string | null } | null = null;
  const retryable = new Map<string, number>();
  let retryLines = 0;
  let turns: number | null = null;
  let toolCalls: number | null = null;
  let toolUses = 0;
  let codexTools = 0;

  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, Math.min(end, pos + 16_384));
    pos = end + 1;
    if (!PREFILTER.test(raw)) continue;
    const line = cleanLine(raw);
    if (!line) continue;

    if (line.startsWith('{') && jsonEvent(line, c, (t) => (turns = t), () => toolUses++)) {
      // A stream-json event: its fields say what happened; the text inside it (tool results,
      // file contents) is the agent's material, not its own state.
      if (COMPLETED.test(line)) c.add('agent-completed', 'terminal_reason: completed');
      continue;
    }

    const rc = RECONNECT.exec(line);
    if (rc) {
      const n = Number(rc[1]);
      const of = Number(rc[2]);
      if (!reconnect || n >= reconnect.n) reconnect = { n, of, reason: rc[3] ? statusDetail(rc[3]).replace(/ from .*/, '') : null };
    } else if (RETRY_LINE.test(line) && !DOCKER_LAYER.test(line)) retryLines++;

    const hr = HTTP_RETRYABLE.exec(line);
    if (hr && !rc) retryable.set(hr[1]!, (retryable.get(hr[1]!) ?? 0) + 1);

    if ((AUTH.test(line) || FORBIDDEN_BY_PROVIDER.test(line)) && !FIREWALL_BLOCK.test(line) && !ENV_LINE.test(line)) {
      c.add('auth-error', statusDetail(line));
    }
    if (REVOKED.test(line)) c.add('token-revoked', line);
    if (CREDIT.test(line)) c.add('credit-limit', line);
    if (USAGE.test(line)) c.add('usage-limit', /error_max_turns/.test(line) ? 'the engine stopped at its maximum number of turns' : line);
    if (RATE.test(line) && !/x-ratelimit/i.test(line)) c.add('rate-limit', line);
    if (ZERO_TOKENS.test(line)) c.add('zero-tokens', line);
    if (ZERO_TURNS.test(line)) c.add('zero-turns', line);
    const mcp = MCP_TEXT.exec(line);
    if (mcp) c.add('mcp-failed', `MCP server ${mcp[1] ?? mcp[3]} failed${mcp[2] ?? mcp[4] ? `: ${mcp[2] ?? mcp[4]}` : ''}`);
    const pol = MCP_POLICY.exec(line);
    if (pol) c.add('mcp-failed', `MCP servers blocked by policy: ${pol[1]!.replace(/['"]/g, '')}`);
    const mt = MISSING_TOOL_TEXT.exec(line);
    if (mt) c.add('missing-tool', `tool ${mt[1] ?? mt[2] ?? mt[3]} not available`);
    if (NO_SAFE_OUTPUTS.test(line)) c.add('no-safe-outputs', line);
    if (COMPLETED.test(line)) c.add('agent-completed', 'terminal_reason: completed');

    const tt = TURNS_TOOLS_TEXT.exec(line);
    if (tt) {
      turns = Number(tt[1]);
      toolCalls = Number(tt[2]);
    } else {
      const tj = TURNS_JSON.exec(line);
      if (tj) turns = Number(tj[1]);
    }
    if (CODEX_TOOL.test(line)) codexTools++;
  }

  if (reconnect) {
    c.add('retry-loop', `Reconnecting... ${reconnect.n}/${reconnect.of}${reconnect.reason ? ` (${reconnect.reason})` : ''}`);
  }
  for (const [status, n] of [...retryable].sort()) if (n >= 3) c.add('retry-loop', `${n} answers with status ${status}`);
  if (retryLines >= 3 && !c.has('retry-loop')) c.add('retry-loop', `${retryLines} retries`);
  if (toolCalls === null && (toolUses > 0 || codexTools > 0)) toolCalls = toolUses + codexTools;
  if (turns === 0 && !c.has('zero-turns')) c.add('zero-turns', '0 turns');
  return { signals: c.list(), turns, toolCalls };
}

/**
 * Stream-json events (Claude Code and engines that print alike): init, tool use, result.
 * Returns false when the line is not such an event.
 */
function jsonEvent(line: string, c: Collector, setTurns: (n: number) => void, toolUse: () => void): boolean {
  if (!/"type"\s*:/.test(line)) return false;
  let ev: Record<string, unknown>;
  try {
    ev = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (!ev || typeof ev !== 'object' || Array.isArray(ev) || typeof ev['type'] !== 'string') return false;
  const type = ev['type'];
  if (type === 'system' && ev['subtype'] === 'init' && Array.isArray(ev['mcp_servers'])) {
    for (const s of ev['mcp_servers'] as Array<Record<string, unknown>>) {
      if (s && typeof s === 'object' && s['status'] === 'failed') c.add('mcp-failed', `MCP server ${String(s['name'] ?? '?')} failed at init`);
    }
  } else if (type === 'assistant') {
    const content = (ev['message'] as { content?: unknown } | undefined)?.content;
    if (Array.isArray(content)) for (const part of content) if (part && (part as { type?: unknown }).type === 'tool_use') toolUse();
  } else if (type === 'result' || type === 'session.result') {
    const data = (type === 'session.result' ? ev['data'] : ev) as Record<string, unknown> | undefined;
    const n = data?.['num_turns'] ?? data?.['numTurns'];
    if (typeof n === 'number') setTurns(n);
    if (type === 'result' && ev['subtype'] === 'success' && ev['is_error'] !== true) {
      c.add('agent-completed', `result: success${typeof n === 'number' ? ` after ${n} turns` : ''}`);
    }
    if (ev['subtype'] === 'error_max_turns') c.add('usage-limit', 'the engine stopped at its maximum number of turns');
    if (ev['is_error'] === true && typeof ev['result'] === 'string') {
      const r = ev['result'];
      if (CREDIT.test(r)) c.add('credit-limit', r);
      else if (RATE.test(r)) c.add('rate-limit', r);
      else if (AUTH.test(r)) c.add('auth-error', r);
    }
  }
  return true;
}
