// An agentic-workflow run's own account of itself: which artifacts to fetch, which files inside
// them to keep, and the evidence they and the agent's log give (engine, firewall, tokens, turns,
// signals). Pure: src/github/artifacts.ts fetches, this reads.
import { parseAwInfo, type AwInfo } from './aw-info.js';
import { firewallDomains, isModelHost, parseAuditJsonl, parseSquidLog, type FirewallRequest } from './firewall.js';
import { parseAgentOutput, parseSafeOutputsJsonl, type SafeOutputs } from './safe-outputs.js';
import { logSignals, SIGNAL_ORDER } from './signals.js';
import { parseAgentUsage, parseTokenUsage, type TokenUsage } from './tokens.js';
import type { AgentEvidence, AgentSignal } from './types.js';
import { detached } from '../util/detach.js';

export type { AgentEvidence, AgentSignal, AgentSignalKind, FirewallDomain, TokenTotals } from './types.js';
export { parseAwInfo, type AwInfo } from './aw-info.js';
export { firewallDomains, isAllowed, isInternalHost, isModelHost, parseAuditJsonl, parseSquidLog, type FirewallRequest } from './firewall.js';
export { parseAgentUsage, parseTokenUsage, type TokenUsage } from './tokens.js';
export { logSignals, SIGNAL_ORDER, type LogSignals } from './signals.js';
export { parseAgentOutput, parseSafeOutputsJsonl, type SafeOutputs } from './safe-outputs.js';

/**
 * Artifact names gh-aw has used for the files read here, across its versions: everything in
 * `agent-artifacts` (or `agent`) today; `firewall-audit-logs` and `usage` from newer firewalls;
 * `aw_info.json`, `agent_output.json`, `squid-logs-<workflow>` and `firewall-logs-<workflow>` from
 * older ones. Not the engines' debug logs (`agent_outputs`), caches, patches or charts.
 */
export const AGENT_ARTIFACT_NAMES: readonly string[] = [
  'agent-artifacts',
  'agent',
  'firewall-audit-logs',
  'usage',
  'aw_info.json',
  'aw-info',
  'agent_output.json',
  'squid-logs',
  'firewall-logs',
];

const NAME_PREFIXES = /^(agent-artifacts|firewall-audit-logs|squid-logs|firewall-logs|token-usage)(?:[-_.].*)?$/;

/** Whether an artifact of this name is worth its download. `.dockerbuild` records never are. */
export function isAgentArtifactName(name: string): boolean {
  const n = name.trim().toLowerCase();
  if (n.endsWith('.dockerbuild')) return false;
  return AGENT_ARTIFACT_NAMES.includes(n) || NAME_PREFIXES.test(n);
}

export type AgentFileKind = 'aw-info' | 'squid-log' | 'audit-log' | 'token-usage' | 'agent-usage' | 'stdio-log' | 'agent-output' | 'safe-outputs';

/** What a file inside an agent artifact holds, from its path (`sandbox/firewall/logs/access.log`); null = not read. */
export function agentFileKind(path: string): AgentFileKind | null {
  const p = path.replace(/\\/g, '/').toLowerCase();
  const base = p.slice(p.lastIndexOf('/') + 1);
  switch (base) {
    case 'aw_info.json':
      return 'aw-info';
    case 'access.log':
      // the cli-proxy's access log is JSON lines named access.jsonl; access.log is squid's
      return 'squid-log';
    case 'audit.jsonl':
      return 'audit-log';
    case 'token-usage.jsonl':
    case 'token_usage.jsonl':
      return 'token-usage';
    case 'agent_usage.json':
      return 'agent-usage';
    case 'agent-stdio.log':
      return 'stdio-log';
    case 'agent_output.json':
      return 'agent-output';
    case 'outputs.jsonl':
      return /(^|\/)safe-?outputs\//.test(p) ? 'safe-outputs' : null;
    default:
      return null;
  }
}

/** The predicate the artifact reader keeps files with. */
export function wantsAgentFile(path: string): boolean {
  return agentFileKind(path) !== null;
}

function filesOf(files: ReadonlyMap<string, string>, kind: AgentFileKind): Array<[string, string]> {
  return [...files].filter(([p]) => agentFileKind(p) === kind).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The evidence of one agentic run. `files`: path inside the artifacts (`<artifact>/<path>`) →
 * text; `logText`: the agent job's log when it was fetched (else the engine's `agent-stdio.log`
 * from the artifacts is read); `absent`: what the fetch could not get, and why.
 */
export function agentEvidence(files: ReadonlyMap<string, string>, logText: string | null, absent: readonly string[] = []): AgentEvidence {
  const missing = [...absent];
  const sources: string[] = [];
  const use = (path: string) => sources.push(path);

  let info: AwInfo | null = null;
  for (const [path, text] of filesOf(files, 'aw-info')) {
    info = parseAwInfo(text);
    if (info) {
      use(path);
      break;
    }
    missing.push(`${path}: not JSON`);
  }
  if (!info && !filesOf(files, 'aw-info').length) missing.push('aw_info.json: not in the artifacts (engine, model and versions unknown)');

  const fwSources: FirewallRequest[][] = [];
  for (const [path, text] of filesOf(files, 'squid-log')) {
    fwSources.push(parseSquidLog(text));
    use(path);
  }
  for (const [path, text] of filesOf(files, 'audit-log')) {
    fwSources.push(parseAuditJsonl(text));
    use(path);
  }
  const firewall = fwSources.length ? firewallDomains(fwSources) : null;
  if (!firewall) missing.push('firewall: no access.log or audit.jsonl in the artifacts');

  let usage: TokenUsage | null = null;
  let tokensSource: AgentEvidence['tokensSource'] = null;
  const tokenFiles = filesOf(files, 'token-usage');
  if (tokenFiles.length) {
    usage = parseTokenUsage(tokenFiles.map(([, t]) => t));
    tokensSource = 'token-usage.jsonl';
    tokenFiles.forEach(([p]) => use(p));
  } else {
    for (const [path, text] of filesOf(files, 'agent-usage')) {
      usage = parseAgentUsage(text);
      if (usage) {
        tokensSource = 'agent_usage.json';
        use(path);
        break;
      }
    }
  }
  if (!usage) missing.push('tokens: no token-usage.jsonl or agent_usage.json in the artifacts');

  let log = logText;
  if (log === null) {
    const stdio = filesOf(files, 'stdio-log')[0];
    if (stdio) {
      log = stdio[1];
      use(stdio[0]);
    } else missing.push("agent log: neither the agent job's log nor agent-stdio.log was read (no turns, tool calls or log signals)");
  }
  const fromLog = log !== null ? logSignals(log) : { signals: [], turns: null, toolCalls: null };

  let safe: SafeOutputs | null = null;
  for (const [path, text] of filesOf(files, 'agent-output')) {
    safe = parseAgentOutput(text);
    if (safe) {
      use(path);
      break;
    }
  }
  if (!safe) {
    const jsonl = filesOf(files, 'safe-outputs');
    if (jsonl.length) {
      safe = parseSafeOutputsJsonl(jsonl.map(([, t]) => t).join('\n'));
      jsonl.forEach(([p]) => use(p));
    }
  }

  const signals: AgentSignal[] = [...fromLog.signals];
  const has = (kind: AgentSignal['kind']) => signals.some((s) => s.kind === kind);
  if (usage && tokensSource) {
    const t = usage.totals;
    if (t.total === 0 && !has('zero-tokens')) {
      signals.push({ kind: 'zero-tokens', detail: tokensSource === 'token-usage.jsonl' ? (t.requests ? `${tokensSource}: 0 tokens in ${t.requests} model requests` : `${tokensSource}: no model request`) : `${tokensSource}: 0 tokens` });
    }
    for (const [status, n] of Object.entries(usage.errorStatuses)) {
      if (status === '401' || status === '403') signals.push({ kind: 'auth-error', detail: `api-proxy: ${n} model request(s) answered ${status}` });
      if (status === '429') signals.push({ kind: 'rate-limit', detail: `api-proxy: ${n} model request(s) answered 429` });
    }
  }
  for (const d of firewall ?? []) {
    if (d.authErrors > 0 && isModelHost(d.domain)) signals.push({ kind: 'auth-error', detail: `${d.domain}: ${d.authErrors} request(s) answered 401/403` });
  }
  if (safe) {
    const total = Object.values(safe.counts).reduce((a, b) => a + b, 0);
    if (total === 0 && !has('no-safe-outputs')) signals.push({ kind: 'no-safe-outputs', detail: 'the agent requested no safe output' });
    for (const tool of [...new Set(safe.missingTools)].slice(0, 5)) signals.push({ kind: 'missing-tool', detail: `the agent reported a missing tool: ${tool}` });
  }
  signals.sort((a, b) => SIGNAL_ORDER.indexOf(a.kind) - SIGNAL_ORDER.indexOf(b.kind));

  // Fresh strings: a domain or an excerpt sliced from a log must not keep the log alive.
  return detached({
    engine: info?.engine ?? null,
    model: info?.model ?? null,
    engineVersion: info?.engineVersion ?? null,
    cliVersion: info?.cliVersion ?? null,
    awfVersion: info?.awfVersion ?? null,
    firewall,
    tokens: usage ? usage.totals : null,
    tokensByModel: usage ? usage.byModel : null,
    tokensSource,
    turns: fromLog.turns,
    toolCalls: fromLog.toolCalls,
    safeOutputs: safe ? safe.counts : null,
    signals,
    absent: [...new Set(missing)],
    sources: [...new Set(sources)].sort(),
  });
}
