// What an agentic-workflow run's own artifacts and engine log say about it. Produced by
// src/agents (pure parsers), fetched by src/github/artifacts.ts, compared by src/compare.

export interface FirewallDomain {
  /** host:port as the firewall logs it, e.g. `api.openai.com:443`. */
  domain: string;
  allowed: number;
  blocked: number;
  /** Requests that the provider answered 401/403 (an auth signal for model hosts). */
  authErrors: number;
}

export interface TokenTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** input + output + cacheRead + cacheWrite */
  total: number;
  requests: number;
}

export type AgentSignalKind =
  | 'retry-loop'
  | 'zero-tokens'
  | 'zero-turns'
  | 'mcp-failed'
  | 'missing-tool'
  | 'no-safe-outputs'
  | 'credit-limit'
  | 'usage-limit'
  | 'rate-limit'
  | 'token-revoked'
  | 'auth-error'
  | 'agent-completed';

export interface AgentSignal {
  kind: AgentSignalKind;
  /** One line a maintainer can read, e.g. `Reconnecting... 5/5 (401)`, `mcp server github failed`. */
  detail: string;
}

export interface AgentEvidence {
  engine: string | null;
  model: string | null;
  engineVersion: string | null;
  cliVersion: string | null;
  /** Version of the agent firewall (awf) that sandboxed the engine (`aw_info.json` awf_version). */
  awfVersion: string | null;
  /** Per domain, sorted by domain; null when the run has no firewall log. */
  firewall: FirewallDomain[] | null;
  /** Summed over models (deduplicated by request id); null when no token file exists. */
  tokens: TokenTotals | null;
  tokensByModel: Record<string, TokenTotals> | null;
  /** Where `tokens` came from: the api-proxy's per-request log, or gh-aw's aggregated file (no request count: `requests` is 0). */
  tokensSource: 'token-usage.jsonl' | 'agent_usage.json' | null;
  turns: number | null;
  toolCalls: number | null;
  /** Safe outputs the agent asked for, per type (`add_comment: 1`); null when no safe-outputs file was read. */
  safeOutputs: Record<string, number> | null;
  signals: AgentSignal[];
  /** Which sources were missing or unreadable and why (e.g. `firewall: artifact expired`). */
  absent: string[];
  /** The files the evidence was read from (`<artifact>/<path in the zip>`), sorted. */
  sources: string[];
}
