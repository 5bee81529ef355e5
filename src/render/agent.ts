// What the agents' own artifacts say about a cluster's failed runs, in a few lines: engine and
// versions, tokens (zero = the engine died before inference), the firewall's domains, signals.
import type { AgentEvidence } from '../agents/types.js';
import type { FailureRecord } from '../failure/record.js';
import { cell, code } from './safe.js';

const MAX_DOMAINS = 6;

export function agentLines(failures: readonly FailureRecord[]): string[] {
  const runs = new Map<number, AgentEvidence>();
  for (const f of failures) if (f.agent && !runs.has(f.runId)) runs.set(f.runId, f.agent);
  if (!runs.size) return [];
  const all = [...runs.values()];
  const out: string[] = [];

  const engines = [...new Set(all.map((a) => [a.engine, a.engineVersion ?? a.cliVersion].filter(Boolean).join(' ')).filter(Boolean))];
  const models = [...new Set(all.map((a) => a.model).filter((m): m is string => !!m))];
  if (engines.length) out.push(`Engine ${engines.map((e) => code(e, 40)).join(', ')}${models.length ? `, model ${models.map((m) => code(m, 40)).join(', ')}` : ''}.`);

  const withTokens = all.filter((a) => a.tokens);
  const zero = withTokens.filter((a) => a.tokens!.total === 0).length + all.filter((a) => !a.tokens && a.signals.some((s) => s.kind === 'zero-tokens')).length;
  if (zero) out.push(`**Tokens: 0** in ${zero} of ${runs.size} runs: the engine died before inference.`);
  else if (withTokens.length) {
    const totals = withTokens.map((a) => a.tokens!.total).sort((a, b) => a - b);
    out.push(`Tokens: median ${totals[Math.floor(totals.length / 2)]!.toLocaleString('en-US')} per run (${withTokens.length} of ${runs.size} runs report them).`);
  }

  const domains = new Map<string, { allowed: number; blocked: number; authErrors: number; runs: number }>();
  for (const a of all) {
    for (const d of a.firewall ?? []) {
      const t = domains.get(d.domain) ?? { allowed: 0, blocked: 0, authErrors: 0, runs: 0 };
      t.allowed += d.allowed;
      t.blocked += d.blocked;
      t.authErrors += d.authErrors;
      t.runs++;
      domains.set(d.domain, t);
    }
  }
  if (domains.size) {
    const rows = [...domains.entries()].sort((a, b) => b[1].blocked - a[1].blocked || b[1].allowed + b[1].blocked - (a[1].allowed + a[1].blocked) || a[0].localeCompare(b[0]));
    const shown = rows.slice(0, MAX_DOMAINS).map(([d, t]) => `${code(d, 60)} ${t.allowed} allowed${t.blocked ? `, **${t.blocked} blocked**` : ''}${t.authErrors ? `, ${t.authErrors} answered 401/403` : ''}`);
    out.push(`Firewall over ${runs.size} run(s): ${shown.join('; ')}${rows.length > MAX_DOMAINS ? `; ${rows.length - MAX_DOMAINS} more domains` : ''}.`);
  }

  const signals = new Map<string, { count: number; detail: string }>();
  for (const a of all) {
    for (const s of a.signals) {
      const t = signals.get(s.kind) ?? { count: 0, detail: s.detail };
      t.count++;
      signals.set(s.kind, t);
    }
  }
  if (signals.size) out.push(`Signals: ${[...signals.entries()].map(([k, t]) => `${k} (${t.count}×, e.g. ${code(t.detail, 80)})`).join('; ')}.`);

  const absent = [...new Set(all.flatMap((a) => a.absent))];
  if (absent.length) out.push(`Not available: ${cell(absent.slice(0, 4).join('; '), 200)}.`);
  return out;
}
