// Firewall domains of the failed runs against the baselines': new, gone, allowed↔blocked flips
// and volume changes, with gh-aw's `audit diff` names. Counts are medians per run over the runs
// of each side that show the domain, so one busy run does not make a domain look new. Pure.
import type { FirewallDomain } from '../agents/types.js';
import { median, percentChange, round2, signedPercent } from './stats.js';
import type { DomainDiffEntry, DomainStatus, FirewallDiff } from './types.js';

export interface RunFirewall {
  runId: number;
  workflow: string;
  domains: readonly FirewallDomain[];
}

/** A per-run request count changed by more than this factor either way (> +100 % or < −50 %). */
export const VOLUME_FACTOR = 2;

export function domainStatus(allowed: number, blocked: number): DomainStatus {
  if (allowed > 0 && blocked === 0) return 'allowed';
  if (blocked > 0 && allowed === 0) return 'denied';
  if (allowed > 0 && blocked > 0) return 'mixed';
  return 'unknown';
}

interface Side {
  runs: number;
  allowed: number;
  blocked: number;
  authErrors: number;
  total: number;
  sumAllowed: number;
  sumBlocked: number;
  workflows: string[];
}

function sideOf(runs: readonly RunFirewall[], domain: string): Side {
  const hits = runs.flatMap((r) => r.domains.filter((d) => d.domain === domain && d.allowed + d.blocked > 0).map((d) => ({ d, r })));
  const pick = (f: (d: FirewallDomain) => number) => (hits.length ? round2(median(hits.map((h) => f(h.d)))) : 0);
  return {
    runs: new Set(hits.map((h) => h.r.runId)).size,
    allowed: pick((d) => d.allowed),
    blocked: pick((d) => d.blocked),
    authErrors: pick((d) => d.authErrors),
    total: pick((d) => d.allowed + d.blocked),
    sumAllowed: hits.reduce((a, h) => a + h.d.allowed, 0),
    sumBlocked: hits.reduce((a, h) => a + h.d.blocked, 0),
    workflows: [...new Set(hits.map((h) => h.r.workflow))].sort(),
  };
}

/**
 * The diff of the domains the failed runs and the baselines reached; null unless both sides have
 * firewall data. `multiWorkflow`: name the failed workflows that show a domain.
 */
export function firewallDiff(baseline: readonly RunFirewall[], failed: readonly RunFirewall[], multiWorkflow = false): FirewallDiff | null {
  if (!baseline.length || !failed.length) return null;
  const domains = [...new Set([...baseline, ...failed].flatMap((r) => r.domains.map((d) => d.domain)))].sort();
  const perRun = (runs: readonly RunFirewall[]) => round2(median(runs.map((r) => r.domains.reduce((a, d) => a + d.allowed + d.blocked, 0))));
  const reached = (runs: readonly RunFirewall[]) => new Set(runs.flatMap((r) => r.domains.filter((d) => d.allowed + d.blocked > 0).map((d) => d.domain))).size;
  const diff: FirewallDiff = {
    baseline_runs: baseline.length,
    failed_runs: failed.length,
    baseline_requests_per_run: perRun(baseline),
    failed_requests_per_run: perRun(failed),
    baseline_domains: reached(baseline),
    failed_domains: reached(failed),
    new_domains: [],
    removed_domains: [],
    status_changes: [],
    volume_changes: [],
    suspicious_domains: [],
    summary: { new_domain_count: 0, removed_domain_count: 0, status_change_count: 0, volume_change_count: 0, has_anomalies: false, anomaly_count: 0 },
  };
  for (const domain of domains) {
    const b = sideOf(baseline, domain);
    const f = sideOf(failed, domain);
    if (!b.runs && !f.runs) continue;
    const s1 = b.runs ? domainStatus(b.sumAllowed, b.sumBlocked) : null;
    const s2 = f.runs ? domainStatus(f.sumAllowed, f.sumBlocked) : null;
    const suspicious = b.runs === 0 && f.runs * 2 > failed.length;
    const entry = (status: DomainDiffEntry['status']): DomainDiffEntry => ({
      domain,
      status,
      is_anomaly: false,
      anomaly_note: null,
      run1_allowed: b.allowed,
      run1_blocked: b.blocked,
      run2_allowed: f.allowed,
      run2_blocked: f.blocked,
      run1_status: s1,
      run2_status: s2,
      volume_change: b.runs && f.runs ? signedPercent(percentChange(b.total, f.total)) : null,
      run1_auth_errors: b.authErrors,
      run2_auth_errors: f.authErrors,
      baseline_runs: b.runs,
      failed_runs: f.runs,
      suspicious,
      workflows: multiWorkflow ? (f.runs ? f.workflows : b.workflows) : [],
    });
    const notes: string[] = [];
    let e: DomainDiffEntry | null = null;
    if (!b.runs) {
      e = entry('new');
      if (suspicious) notes.push('in most failed runs, in no successful one');
      if (f.blocked > 0) notes.push('new denied domain');
      diff.new_domains.push(e);
    } else if (!f.runs) {
      // Gone only when most baselines used it: a domain one baseline touched is not missed.
      if (b.runs * 2 <= baseline.length) continue;
      e = entry('removed');
      if (b.blocked > 0) notes.push('denied in the baselines, absent from the failed runs');
      diff.removed_domains.push(e);
    } else if (s1 !== s2) {
      e = entry('status_changed');
      if (s1 === 'allowed' && s2 !== 'allowed') notes.push(`previously allowed, now ${s2}`);
      if (s1 === 'denied' && s2 !== 'denied') notes.push(`previously denied, now ${s2}`);
      diff.status_changes.push(e);
    } else if (b.total > 0 && (f.total > b.total * VOLUME_FACTOR || f.total * VOLUME_FACTOR < b.total)) {
      e = entry('volume_changed');
      diff.volume_changes.push(e);
    }
    if (e && notes.length) {
      e.is_anomaly = true;
      e.anomaly_note = notes.join('; ');
    }
    if (e && e.run2_auth_errors > 0 && e.run1_auth_errors === 0) {
      e.is_anomaly = true;
      e.anomaly_note = [e.anomaly_note, 'requests answered 401/403'].filter(Boolean).join('; ');
    }
    if (suspicious) diff.suspicious_domains.push(domain);
  }
  const order = (a: DomainDiffEntry, b: DomainDiffEntry) =>
    Number(b.suspicious) - Number(a.suspicious) ||
    Number(b.is_anomaly) - Number(a.is_anomaly) ||
    b.run2_allowed + b.run2_blocked - (a.run2_allowed + a.run2_blocked) ||
    (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0);
  for (const list of [diff.new_domains, diff.removed_domains, diff.status_changes, diff.volume_changes]) list.sort(order);
  const all = [...diff.new_domains, ...diff.removed_domains, ...diff.status_changes, ...diff.volume_changes];
  diff.summary = {
    new_domain_count: diff.new_domains.length,
    removed_domain_count: diff.removed_domains.length,
    status_change_count: diff.status_changes.length,
    volume_change_count: diff.volume_changes.length,
    has_anomalies: all.some((e) => e.is_anomaly),
    anomaly_count: all.filter((e) => e.is_anomaly).length,
  };
  return diff;
}

/** Every entry of a diff, in the order a reader should see them (suspicious, anomalies, volume). */
export function firewallEntries(diff: FirewallDiff): DomainDiffEntry[] {
  const all = [...diff.new_domains, ...diff.status_changes, ...diff.removed_domains, ...diff.volume_changes];
  return all.sort((a, b) => Number(b.suspicious) - Number(a.suspicious) || Number(b.is_anomaly) - Number(a.is_anomaly));
}
