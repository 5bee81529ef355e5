// The small artifacts of an agentic run, in the formats gh-aw and its agent firewall (awf) write:
//   agent-artifacts/aw_info.json                                   what the agent job logged
//   agent-artifacts/agent-stdio.log                                the Execute step's output (tee'd)
//   agent-artifacts/sandbox/firewall/logs/access.log               squid `firewall_detailed`
//   agent-artifacts/sandbox/firewall/logs/audit.jsonl              the same requests as JSON lines
//   agent-artifacts/sandbox/firewall/logs/api-proxy-logs/token-usage.jsonl   one line per model request
//   agent-artifacts/safeoutputs/outputs.jsonl                      the safe outputs the agent asked for
//   agent-artifacts/agent_usage.json                               token totals (written only on success)
//   agent-output/agent_output.json                                 what the safe_outputs job reads (success)
// Everything comes from the agent job's simulation (its firewall summary, turns, times), so the
// artifacts and the job log never disagree. Written for this example; nothing copied.
import { Rng, seedOf } from './prng.mjs';
import { AWF_VERSION } from './agentic.mjs';

const AGENT_IP = '172.30.0.20';
const PROXY_IP = '172.30.0.30';
/** Made-up but stable upstream addresses per host (squid logs where it connected). */
const DEST = {
  'api.openai.com:443': '162.159.140.245:443',
  'api.anthropic.com:443': '160.79.104.10:443',
  'api.githubcopilot.com:443': '140.82.113.21:443',
  'generativelanguage.googleapis.com:443': '142.250.80.10:443',
  'api.github.com:443': '140.82.112.6:443',
  'github.com:443': '140.82.112.3:443',
  'raw.githubusercontent.com:443': '185.199.108.133:443',
  'registry.npmjs.org:443': '104.16.3.35:443',
  'models.dev:443': '104.21.32.1:443',
};
const PROVIDERS = {
  codex: { provider: 'openai', host: 'api.openai.com:443', path: '/v1/responses', cacheWrites: false },
  copilot: { provider: 'copilot', host: 'api.githubcopilot.com:443', path: '/chat/completions', cacheWrites: false },
  claude: { provider: 'anthropic', host: 'api.anthropic.com:443', path: '/v1/messages', cacheWrites: true },
  gemini: { provider: 'gemini', host: 'generativelanguage.googleapis.com:443', path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent', cacheWrites: false },
  opencode: { provider: 'anthropic', host: 'api.anthropic.com:443', path: '/v1/messages', cacheWrites: true },
};
/** Where the agent itself goes besides its model: gh, git, npm. */
const AGENT_HOSTS = [
  ['api.github.com:443', 6],
  ['github.com:443', 2],
  ['raw.githubusercontent.com:443', 1],
  ['registry.npmjs.org:443', 1],
];
const SAFE_OUTPUT_ITEMS = {
  hide_comment: { type: 'hide_comment', comment_id: 4302117781, reason: 'spam' },
  add_comment: { type: 'add_comment', body: 'Smoke test passed: listed 2 merged pull requests and read README.md.' },
  create_issue: { type: 'create_issue', title: 'Duplicate code: retry helpers in two packages', body: 'Two near-identical retry helpers were added this week.' },
  create_discussion: { type: 'create_discussion', title: 'Daily report', category: 'News', body: 'What happened yesterday.' },
  add_labels: { type: 'add_labels', labels: ['bug', 'agentic-workflows'] },
  create_pull_request: { type: 'create_pull_request', title: 'docs: document the api-proxy sidecar and protected files', branch: 'docs/daily-update', body: 'Updates 9 documentation files.' },
};

const ANSI_RE = /\x1b\[[0-9;]*m/g;
const iso = (ms) => new Date(ms).toISOString();

function pickWeighted(rng, table) {
  const sum = table.reduce((n, [, w]) => n + w, 0);
  let x = rng.range(0, sum);
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table.at(-1)[0];
}

/** `n` sorted instants in [a, b]. */
function instants(rng, n, a, b) {
  const hi = Math.max(a + 1000, b);
  return Array.from({ length: n }, () => Math.round(rng.range(a, hi))).sort((x, y) => x - y);
}

/** The requests the firewall saw, per the agent job's own summary line. */
function firewallRequests(rng, kind, ctx, sim, t0, t1) {
  if (!sim.firewall) return null; // the sandbox never started: nothing went through squid
  const { allowed, denied } = sim.firewall;
  const e = ctx.engine;
  const p = PROVIDERS[e.id];
  const reqs = [];
  if (kind.startsWith('codex-401')) {
    // the stale lock file sends codex straight to the provider, past the api-proxy
    for (let i = 0; i < allowed; i++) reqs.push({ client: AGENT_IP, host: p.host, ok: true, ua: `codex_exec/${e.version}` });
  } else {
    const toProvider = Math.min(allowed, sim.turns ? Math.ceil(sim.turns / 2) + 1 : 1);
    for (let i = 0; i < toProvider; i++) reqs.push({ client: PROXY_IP, host: p.host, ok: true, ua: 'awf-api-proxy' });
    for (let i = toProvider; i < allowed; i++) {
      const host = pickWeighted(rng, AGENT_HOSTS);
      reqs.push({ client: AGENT_IP, host, ok: true, ua: host === 'registry.npmjs.org:443' ? 'npm/10.9.2 node/v22.14.0' : host === 'github.com:443' ? 'git/2.53.0' : 'gh/2.74.0' });
    }
    if (e.id === 'opencode' && reqs.length > 1) reqs[reqs.length - 1].host = 'models.dev:443';
  }
  for (const [host, n] of denied) for (let i = 0; i < n; i++) reqs.push({ client: AGENT_IP, host, ok: false, ua: e.id === 'codex' ? `codex_exec/${e.version}` : 'gh/2.74.0' });
  const times = instants(rng, reqs.length, t0, t1);
  // interleave: shuffle the order, then give the sorted times out
  for (let i = reqs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [reqs[i], reqs[j]] = [reqs[j], reqs[i]];
  }
  let port = rng.int(33000, 41000);
  return reqs.map((r, i) => ({ ...r, ms: times[i], port: (port += rng.int(1, 40)) }));
}

function squidLine(r) {
  const dest = r.ok ? DEST[r.host] ?? '93.184.215.14:443' : '-:-';
  const code = r.ok ? '200 TCP_TUNNEL:HIER_DIRECT' : '403 TCP_DENIED:HIER_NONE';
  return `${(r.ms / 1000).toFixed(3)} ${r.client}:${r.port} ${r.host} ${dest} 1.1 CONNECT ${code} ${r.host} "${r.ua}"`;
}

function auditLine(r) {
  return JSON.stringify({
    _schema: `audit/v${AWF_VERSION}`,
    timestamp: iso(r.ms),
    event: 'http_access',
    client: r.client,
    host: r.host,
    dest: r.ok ? DEST[r.host] ?? '93.184.215.14:443' : '-:-',
    method: 'CONNECT',
    status: r.ok ? 200 : 403,
    decision: r.ok ? 'TCP_TUNNEL' : 'TCP_DENIED',
    url: r.host,
  });
}

/** token-usage.jsonl lines; null = no file (the api-proxy never came up). */
function tokenRecords(rng, kind, ctx, sim, t0, t1) {
  if (!sim.firewall) return null;
  const e = ctx.engine;
  const p = PROVIDERS[e.id];
  const model = e.model.replace(/^anthropic\//, '');
  const base = { _schema: `token-usage/v${AWF_VERSION}`, event: 'token_usage', provider: p.provider, model, path: p.path };
  if (kind.startsWith('codex-401') || kind === 'copilot-node') return []; // the engine never reached the api-proxy
  if (kind === 'log-missing') {
    const [t] = instants(rng, 1, t0, t1);
    return [{ ...base, timestamp: iso(t), request_id: `req_${rng.hex(24)}`, status: 529, streaming: true, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, duration_ms: rng.int(800, 3000) }];
  }
  const n = sim.turns ?? 1;
  const times = instants(rng, n, t0, t1);
  return times.map((t, i) => {
    const [input, output] = sim.turnTokens?.[i] ?? [rng.int(1500, 9000), rng.int(80, 900)];
    const cacheRead = i === 0 ? 0 : input * (sim.turnTokens ? 9 : rng.int(2, 6));
    const cacheWrite = p.cacheWrites && i === 0 ? rng.int(12_000, 26_000) : 0;
    return {
      ...base,
      timestamp: iso(t),
      request_id: `req_${rng.hex(24)}`,
      status: 200,
      streaming: true,
      input_tokens: input,
      output_tokens: output,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheWrite,
      duration_ms: rng.int(900, 9000),
      response_bytes: output * 7 + rng.int(200, 900),
    };
  });
}

function agentUsage(records) {
  const sum = (k) => records.reduce((n, r) => n + r[k], 0);
  const input = sum('input_tokens');
  const output = sum('output_tokens');
  const cacheRead = sum('cache_read_tokens');
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: cacheRead,
    cache_write_tokens: sum('cache_write_tokens'),
    effective_tokens: Math.round(input + cacheRead * 0.1 + output * 4),
    primary_model: records[0].model,
  };
}

/**
 * The artifact folders of one agentic run: { folder name → { path → content } }.
 * opts.expired: the agent-artifacts folder is written as `agent-artifacts.expired`;
 * opts.dockerbuild: a docker build record is uploaded beside them.
 */
export function agentArtifacts(row, ctx, jobs, { expired = false, dockerbuild = false } = {}) {
  const agent = jobs.find((j) => j.name === 'agent');
  if (!agent) return {};
  const sim = agent.sim;
  const rng = new Rng(seedOf('artifacts', row.id));
  const t0 = (sim.execStartMs ?? agent.startMs) + 2500;
  const t1 = (sim.execEndMs ?? agent.endMs) - 2500;
  const succeeded = agent.conclusion === 'success';

  const files = {};
  files['aw_info.json'] = JSON.stringify(sim.awInfo, null, 2) + '\n';
  if (sim.stdio) {
    const lines = sim.stdio.map((l) => l.slice(l.indexOf('Z ') + 2).replace(ANSI_RE, '')).filter((l) => !l.startsWith('##['));
    files['agent-stdio.log'] = lines.join('\n') + '\n';
  }
  const reqs = firewallRequests(rng, row.kind, ctx, sim, t0, t1);
  const fw = 'sandbox/firewall/logs';
  const squid = (reqs ?? []).map(squidLine);
  const audit = (reqs ?? []).map(auditLine);
  if (reqs && reqs.length) {
    // squid's own housekeeping transaction: in the log, but not a request of the agent
    const at = t1 + 1500;
    squid.push(`${(at / 1000).toFixed(3)} ::1:${rng.int(40000, 60000)} - -:- 0.0 - 0 NONE_NONE:HIER_NONE error:transaction-end-before-headers "-"`);
    audit.push(JSON.stringify({ _schema: `audit/v${AWF_VERSION}`, timestamp: iso(at), event: 'http_access', client: '::1', host: '-', dest: '-:-', method: '-', status: 0, decision: 'NONE_NONE', url: 'error:transaction-end-before-headers' }));
  }
  files[`${fw}/access.log`] = squid.length ? squid.join('\n') + '\n' : '';
  files[`${fw}/audit.jsonl`] = audit.length ? audit.join('\n') + '\n' : '';
  const tokens = tokenRecords(rng, row.kind, ctx, sim, t0, t1);
  if (tokens) files[`${fw}/api-proxy-logs/token-usage.jsonl`] = tokens.map((r) => JSON.stringify(r) + '\n').join('');
  const item = SAFE_OUTPUT_ITEMS[ctx.workflow.output];
  files['safeoutputs/outputs.jsonl'] = succeeded ? JSON.stringify(item) + '\n' : '';
  if (succeeded && tokens && tokens.length) files['agent_usage.json'] = JSON.stringify(agentUsage(tokens)) + '\n';

  const out = { [expired ? 'agent-artifacts.expired' : 'agent-artifacts']: files };
  if (succeeded) out['agent-output'] = { 'agent_output.json': JSON.stringify({ items: [item], errors: [] }, null, 2) + '\n' };
  if (dockerbuild) {
    const ref = `${ctx.repo.replace('/', '~')}~${rng.alnum(6).toUpperCase()}`;
    out[`${ref}.dockerbuild`] = { [`${ref}.dockerbuild`]: JSON.stringify({ ref, name: 'awf-agent', target: 'agent', status: 'completed', platforms: ['linux/amd64'] }) + '\n' };
  }
  return out;
}

/** What the artifacts of each kind of agentic run say, for examples/README.md (verify.mjs checks the numbers). */
export const ARTIFACTS_BY_KIND = {
  ok: 'firewall: the api-proxy (172.30.0.30) to the model host, the agent to GitHub and npm, nothing denied; one token-usage line per turn; `agent_usage.json`; one safe output; `agent-output/agent_output.json`',
  'codex-401': 'firewall: 13 CONNECTs to `api.openai.com:443` allowed, from the agent itself (the stale lock file bypasses the api-proxy), 1 to `chatgpt.com:443` denied; `token-usage.jsonl` empty (no model request); no safe output',
  'codex-401-bearer': 'as `codex-401`',
  'codex-401-github': 'as `codex-401`, and `api.github.com:443` (2) and `github.com:443` (1) denied',
  'copilot-node': 'empty firewall logs and `token-usage.jsonl` (the engine never started); no safe output',
  'copilot-crash': 'firewall: 3 CONNECTs of the api-proxy to `api.githubcopilot.com:443`, the rest to GitHub; 3 token-usage lines; no safe output',
  'protected-files': 'the agent succeeded: 81 token-usage lines, `agent-stdio.log` holds the stream-json result (81 turns), `agent_usage.json`, a `create_pull_request` safe output',
  sidecar: 'empty firewall logs (squid ran, nothing went through it), no `token-usage.jsonl` (the api-proxy never came up); no safe output',
  'log-missing': 'one token-usage line answered 529; the product never reads it (the run is skipped: its job log expired)',
};
