// The agent firewall's record of every connection the sandboxed agent tried: squid's
// `firewall_detailed` access log and the same data as `audit.jsonl` (two shapes over time).
// Reduced to allowed / blocked request counts per external domain.
import type { FirewallDomain } from './types.js';

/** One request as the firewall logged it. */
export interface FirewallRequest {
  /** Milliseconds since the epoch (null when the line had no readable time). */
  ms: number | null;
  /** Client IP without the port. */
  client: string;
  /** `host:port` as logged, lower case. */
  host: string;
  method: string;
  status: number;
  /** Squid's result code, e.g. `TCP_TUNNEL:HIER_DIRECT`. */
  decision: string;
  allowed: boolean;
}

// Squid result codes that mean the proxy let the request through, and the ones that mean it
// refused it. Anything else is counted as blocked: the firewall's default is deny.
const ALLOWED_CODES = /^(TCP_TUNNEL|TCP_HIT|TCP_MISS|TCP_REFRESH_[A-Z_]+|TCP_MEM_HIT|TCP_INM_HIT|TCP_IMS_HIT|TCP_REFRESH|TCP_CLIENT_REFRESH_MISS)$/;
const DENIED_CODES = /^(TCP_DENIED|NONE_NONE|NONE|TCP_DENIED_REPLY)$/;
const ALLOWED_STATUS = new Set([200, 206, 304]);
const DENIED_STATUS = new Set([403, 407]);

/** allowed = 200/206/304 or TCP_TUNNEL/TCP_HIT/TCP_MISS; denied = 403/407 or TCP_DENIED/NONE_NONE; else denied. */
export function isAllowed(status: number, decision: string): boolean {
  const code = decision.split(':')[0]!.toUpperCase();
  if (DENIED_CODES.test(code)) return false;
  // A request squid forwarded keeps the upstream's answer as its status (a 403 from the
  // provider behind TCP_MISS): the firewall allowed it.
  if (ALLOWED_CODES.test(code)) return true;
  if (ALLOWED_STATUS.has(status)) return true;
  if (DENIED_STATUS.has(status)) return false;
  return false;
}

// Hosts inside the sandbox: squid's own internal transactions (`::1`, `-`), the sidecars of the
// agent firewall (awf-squid, awf-api-proxy, the MCP gateway) and loopback. Not external domains.
const INTERNAL_HOST = /^(-|::1|\[::1\]|localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|host\.docker\.internal|awf-[a-z0-9-]+|gh-aw-[a-z0-9-]+|mcpg|squid|api-proxy|172\.30\.\d+\.\d+)$/;

/** Whether `host:port` is the sandbox talking to itself rather than to the internet. */
export function isInternalHost(hostPort: string): boolean {
  const host = hostOnly(hostPort);
  return host === '' || INTERNAL_HOST.test(host);
}

/** `api.openai.com:443` → `api.openai.com`; `[::1]:80` → `[::1]`. */
export function hostOnly(hostPort: string): string {
  const h = hostPort.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colons = (h.match(/:/g) ?? []).length;
  if (colons > 1) return h; // a bare IPv6 address such as ::1
  return colons === 1 ? h.slice(0, h.indexOf(':')) : h;
}

function clientIp(client: string): string {
  const c = client.trim();
  if (c.startsWith('[')) return c.slice(1, c.indexOf(']'));
  const colons = (c.match(/:/g) ?? []).length;
  if (colons === 1) return c.slice(0, c.indexOf(':'));
  if (colons > 1 && /:\d+$/.test(c) && c.startsWith('::')) return c.slice(0, c.lastIndexOf(':')); // ::1:52010
  return c;
}

/** `host` with a port; a plain-HTTP request logged without one gets the port of its URL's scheme. */
function withPort(host: string, url: string): string {
  const h = host.trim().toLowerCase();
  if (h === '-' || h === '' || h.includes(':')) return h;
  const port = /^https:/i.test(url) ? 443 : /^http:/i.test(url) ? 80 : null;
  return port ? `${h}:${port}` : h;
}

// ts client:port host:port dest:port proto method status decision url "ua"
const SQUID_LINE = /^(\d+(?:\.\d+)?)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{1,3})\s+(\S+)\s+(\S+)(?:\s+"[^"]*")?\s*$/;

/** Parses squid's `firewall_detailed` access log; comments, blank and malformed lines are skipped. */
export function parseSquidLog(text: string): FirewallRequest[] {
  const out: FirewallRequest[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = SQUID_LINE.exec(line);
    if (!m) continue;
    const status = Number(m[7]);
    const decision = m[8]!;
    out.push({
      ms: Math.round(Number(m[1]) * 1000),
      client: clientIp(m[2]!),
      host: withPort(m[3]!, m[9]!),
      method: m[6]!.toUpperCase(),
      status,
      decision,
      allowed: isAllowed(status, decision),
    });
  }
  return out;
}

/**
 * Parses `audit.jsonl` in both shapes awf has written: `{"ts": 1774290908.91, …}` and
 * `{"timestamp": "2026-…Z", "event": "http_access", …}`. Records of other events are skipped.
 */
export function parseAuditJsonl(text: string): FirewallRequest[] {
  const out: FirewallRequest[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (!rec || typeof rec !== 'object') continue;
    if (typeof rec['event'] === 'string' && rec['event'] !== 'http_access') continue;
    const host = typeof rec['host'] === 'string' ? rec['host'] : null;
    if (host === null) continue;
    const status = typeof rec['status'] === 'number' ? rec['status'] : Number(rec['status']);
    const decision = typeof rec['decision'] === 'string' ? rec['decision'] : '';
    let ms: number | null = null;
    if (typeof rec['ts'] === 'number') ms = Math.round(rec['ts'] * 1000);
    else if (typeof rec['timestamp'] === 'string') {
      const t = Date.parse(rec['timestamp']);
      ms = Number.isNaN(t) ? null : t;
    }
    const st = Number.isFinite(status) ? status : 0;
    out.push({
      ms,
      client: clientIp(typeof rec['client'] === 'string' ? rec['client'] : ''),
      host: withPort(host, typeof rec['url'] === 'string' ? rec['url'] : ''),
      method: typeof rec['method'] === 'string' ? rec['method'].toUpperCase() : '',
      status: st,
      decision,
      allowed: isAllowed(st, decision),
    });
  }
  return out;
}

/**
 * Counts per external domain, sorted by domain. `sources` are the requests of each file read; the
 * same request logged in two files (access.log and audit.jsonl, or one log uploaded in two
 * artifacts) counts once: per request key, the largest count any one file has.
 */
export function firewallDomains(sources: ReadonlyArray<readonly FirewallRequest[]>): FirewallDomain[] {
  const best = new Map<string, { req: FirewallRequest; count: number }>();
  for (const requests of sources) {
    const local = new Map<string, { req: FirewallRequest; count: number }>();
    for (const r of requests) {
      if (isInternalHost(r.host)) continue;
      const key = `${r.ms ?? '?'}|${r.client}|${r.host}|${r.method}|${r.status}`;
      const e = local.get(key);
      if (e) e.count++;
      else local.set(key, { req: r, count: 1 });
    }
    for (const [key, e] of local) {
      const had = best.get(key);
      if (!had || had.count < e.count) best.set(key, e);
    }
  }
  const domains = new Map<string, FirewallDomain>();
  for (const { req, count } of best.values()) {
    let d = domains.get(req.host);
    if (!d) domains.set(req.host, (d = { domain: req.host, allowed: 0, blocked: 0, authErrors: 0 }));
    if (req.allowed) d.allowed += count;
    else d.blocked += count;
    // Only a forwarded request carries the provider's own answer (a CONNECT tunnel hides it).
    if (req.allowed && (req.status === 401 || req.status === 403)) d.authErrors += count;
  }
  return [...domains.values()].sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

// Hosts that serve model inference: a 401/403 from them means the engine's credentials failed.
const MODEL_HOST = /(^|\.)(api\.openai\.com|chatgpt\.com|api\.anthropic\.com|githubcopilot\.com|copilot-proxy\.githubusercontent\.com|generativelanguage\.googleapis\.com|aiplatform\.googleapis\.com|openai\.azure\.com|models\.inference\.ai\.azure\.com|models\.github\.ai|api\.mistral\.ai|api\.groq\.com|openrouter\.ai|api\.deepseek\.com|api\.x\.ai|api\.cohere\.ai|api\.together\.xyz|api\.fireworks\.ai)$|^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/;

export function isModelHost(hostPort: string): boolean {
  return MODEL_HOST.test(hostOnly(hostPort));
}
