// Checks the written scenario the way a careful client would read it, and counts the windows.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{7})Z /;
const sec = (iso) => Date.parse(iso);

/** Returns a list of problems (empty when all is well). */
export function verify({ out, rows, built, clocks, inProgressAt = {} }) {
  const problems = [];
  const bad = (m) => problems.push(m);

  // ids
  const runIds = new Set();
  let prev = null;
  for (const r of [...rows].sort((a, b) => a.createdMs - b.createdMs || a.id - b.id)) {
    if (runIds.has(r.id)) bad(`run id ${r.id} used twice`);
    runIds.add(r.id);
    if (prev && r.id <= prev.id) bad(`run ${r.id} (${r.created}) has a smaller id than ${prev.id} (${prev.created}) created before it`);
    prev = r;
  }
  const onDisk = readdirSync(join(out, 'runs')).map(Number);
  if (onDisk.length !== rows.length) bad(`${onDisk.length} run folders on disk, ${rows.length} rows`);

  const jobIds = new Set();
  let missingLogs = 0;
  for (const { row } of built) {
    const dir = join(out, 'runs', String(row.id));
    let run;
    let jobs = null;
    try {
      run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    } catch (e) {
      bad(`run ${row.id}: run.json does not parse: ${e.message}`);
      continue;
    }
    for (const f of ['id', 'name', 'path', 'head_branch', 'head_sha', 'event', 'status', 'conclusion', 'created_at', 'updated_at', 'run_attempt', 'run_started_at', 'html_url', 'workflow_id', 'run_number']) {
      if (run[f] === undefined) bad(`run ${row.id}: run.json lacks ${f}`);
    }
    if (!/^[0-9a-f]{40}$/.test(run.head_sha)) bad(`run ${row.id}: head_sha is not 40 hex digits`);
    if (sec(run.updated_at) < sec(run.created_at)) bad(`run ${row.id}: updated_at before created_at`);
    if (existsSync(join(dir, 'jobs.json'))) {
      try {
        jobs = JSON.parse(readFileSync(join(dir, 'jobs.json'), 'utf8'));
      } catch (e) {
        bad(`run ${row.id}: jobs.json does not parse: ${e.message}`);
        continue;
      }
    }
    if (!jobs) {
      if (row.conclusion !== 'startup_failure') bad(`run ${row.id}: no jobs.json`);
      continue;
    }
    if (jobs.total_count !== jobs.jobs.length) bad(`run ${row.id}: total_count ${jobs.total_count} ≠ ${jobs.jobs.length} jobs`);
    const logDir = join(dir, 'logs');
    const logFiles = existsSync(logDir) ? readdirSync(logDir) : [];
    for (const job of jobs.jobs) {
      const where = `run ${row.id} job ${job.id} (${job.name})`;
      if (jobIds.has(job.id)) bad(`${where}: job id used twice`);
      jobIds.add(job.id);
      if (job.run_id !== row.id) bad(`${where}: run_id is ${job.run_id}`);
      const js = sec(job.started_at);
      const je = sec(job.completed_at);
      if (js < sec(run.created_at) || je > sec(run.updated_at) || je < js) bad(`${where}: job times ${job.started_at}..${job.completed_at} outside run ${run.created_at}..${run.updated_at}`);
      let last = js;
      job.steps.forEach((s, i) => {
        if (s.number !== i + 1) bad(`${where}: step ${s.name} numbered ${s.number}`);
        const ss = sec(s.started_at);
        const se = sec(s.completed_at);
        if (ss < last || se < ss || se > je) bad(`${where}: step "${s.name}" ${s.started_at}..${s.completed_at} out of order`);
        last = se;
      });
      const failedLike = ['failure', 'timed_out'].includes(job.conclusion);
      if (failedLike && !job.steps.some((s) => ['failure', 'cancelled'].includes(s.conclusion))) bad(`${where}: failed job without a failed step`);
      const hasLog = logFiles.includes(`${job.id}.txt`);
      if (failedLike && !hasLog) {
        if (row.kind === 'log-missing') missingLogs++;
        else bad(`${where}: failed job has no log`);
      }
      if (job.conclusion === 'cancelled' && !hasLog) bad(`${where}: cancelled job has no log`);
      if (job.conclusion === 'skipped' && hasLog) bad(`${where}: skipped job has a log`);
      if (hasLog) checkLog(readFileSync(join(logDir, `${job.id}.txt`), 'utf8'), job, where, bad);
    }
    for (const f of logFiles) if (!jobs.jobs.some((j) => `${j.id}.txt` === f)) bad(`run ${row.id}: log ${f} belongs to no job`);
  }
  if (missingLogs !== 1) bad(`${missingLogs} failed jobs without a log, expected exactly 1`);

  // clocks: no run straddles a clock unless it is meant to
  for (const clock of clocks) {
    const c = sec(clock);
    for (const { row, run } of built) {
      if (row.createdMs < c && sec(run.updated_at) > c && !(inProgressAt[clock] ?? []).includes(row.id)) {
        bad(`run ${row.id} (${run.name}) is in progress at ${clock} (created ${run.created_at}, updated ${run.updated_at})`);
      }
    }
  }

  // what the failed jobs' logs must exercise (the successful jobs' logs, read for comparisons, aside)
  const texts = built.flatMap((b) => b.logs.filter((l) => !l.baseline).map((l) => l.text));
  const count = (re) => texts.filter((t) => re.test(t)).length;
  if (count(/ghp_[A-Za-z0-9]{36}/) !== 1) bad('expected exactly one log with a ghp_ token');
  if (count(/Bearer eyJ[A-Za-z0-9_-]+\.eyJ/) !== 1) bad('expected exactly one log with a Bearer JWT');
  if (!texts.some((t) => /@octo-admin.*#123|#123.*@octo-admin/.test(t))) bad('expected a line with @octo-admin and #123');
  if (!texts.some((t) => t.split('\n').length > 5000)) bad('expected one log over 5,000 lines');
  if (!texts.some((t) => t.includes('\x1b['))) bad('expected ANSI colour codes');
  return problems;
}

function checkLog(text, job, where, bad) {
  if (!text.startsWith('\uFEFF')) bad(`${where}: log does not start with a BOM`);
  const lines = text.replace(/^\uFEFF/, '').replace(/\n$/, '').split('\n');
  const ranges = job.steps.filter((s) => s.conclusion !== 'skipped').map((s) => [sec(s.started_at), sec(s.completed_at)]);
  let prev = '';
  let errors = 0;
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m) {
      bad(`${where}: line ${i + 1} has no timestamp: ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    const stamp = `${m[1]}.${m[2]}`;
    if (stamp < prev) {
      bad(`${where}: line ${i + 1} goes back in time`);
      return;
    }
    prev = stamp;
    const s = Date.parse(`${m[1]}Z`);
    if (!ranges.some(([a, b]) => a <= s && s <= b)) {
      bad(`${where}: line ${i + 1} (${m[1]}) falls in no step`);
      return;
    }
    if (line.includes('##[error]')) errors++;
  }
  if (['failure', 'timed_out', 'cancelled'].includes(job.conclusion) && !errors) bad(`${where}: no ##[error] line`);
}

/** Counts for the 6 h window ending at `clock`, as the product should report them. */
export function windowCounts(rows, built, clock, selfPath) {
  const until = sec(clock);
  const since = until - 6 * 3600_000;
  const c = { clock, since: new Date(since).toISOString().replace('.000Z', 'Z'), runsInWindow: 0, failed: 0, cancelled: 0, inProgress: 0, success: 0, self: 0, carriedOver: 0, investigated: 0, skipped: [] };
  // a failed run is investigated when one failed job has a log, or it is a startup_failure without jobs
  const investigate = (b) => {
    if (!b.jobs) c.investigated++;
    else if (b.logs.some((l) => b.jobs.jobs.some((j) => j.id === l.jobId && ['failure', 'timed_out'].includes(j.conclusion)))) c.investigated++;
    else c.skipped.push({ runId: b.row.id, reason: 'logs-expired' });
  };
  for (const b of built) {
    const { row, run } = b;
    const done = sec(run.updated_at) <= until;
    if (row.createdMs >= since - 6 * 3600_000 && row.createdMs < since && sec(run.updated_at) > since && done && FAILED.has(run.conclusion) && run.path !== selfPath) {
      c.carriedOver++;
      investigate(b);
    }
    if (row.createdMs < since || row.createdMs >= until) continue;
    if (run.path === selfPath) {
      c.self++;
      continue;
    }
    c.runsInWindow++;
    if (!done) c.inProgress++;
    else if (FAILED.has(run.conclusion)) {
      c.failed++;
      investigate(b);
    }
    else if (run.conclusion === 'cancelled') c.cancelled++;
    else if (run.conclusion === 'success') c.success++;
  }
  return c;
}

// ── artifacts ───────────────────────────────────────────────────────────────────────────────
const SUMMARY_RE = /Firewall summary: (\d+) requests, (\d+) allowed, (\d+) denied/;

/** Per host:port, allowed and denied CONNECTs of a squid access log (squid's `::1`/`-` lines left out). */
function squidCounts(text) {
  const counts = {};
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 9 || f[2] === '-') continue;
    const c = (counts[f[2]] ??= { allowed: 0, denied: 0 });
    if (f[6] === '200') c.allowed++;
    else c.denied++;
  }
  return counts;
}

/** Checks the agentic runs' artifacts on disk against their logs and the story. */
export function verifyArtifacts({ out, built, workflows }) {
  const problems = [];
  const bad = (m) => problems.push(m);
  let expired = 0;
  let dockerbuild = 0;
  const read = (...p) => readFileSync(join(out, ...p), 'utf8');
  for (const b of built) {
    const { row, run } = b;
    const wf = Object.values(workflows).find((w) => w.path === run.path);
    const dir = join(out, 'runs', String(row.id), 'artifacts');
    const folders = existsSync(dir) ? readdirSync(dir) : [];
    if (wf.type !== 'agentic' || !b.jobs) {
      if (folders.length) bad(`run ${row.id}: a non-agentic or job-less run has artifacts`);
      continue;
    }
    expired += folders.filter((f) => f.endsWith('.expired')).length;
    dockerbuild += folders.filter((f) => f.endsWith('.dockerbuild')).length;
    const agent = folders.find((f) => f === 'agent-artifacts' || f === 'agent-artifacts.expired');
    if (!agent) {
      bad(`run ${row.id}: no agent-artifacts`);
      continue;
    }
    const fw = join('runs', String(row.id), 'artifacts', agent, 'sandbox', 'firewall', 'logs');
    const info = JSON.parse(read('runs', String(row.id), 'artifacts', agent, 'aw_info.json'));
    if (info.engine_id !== wf.engine || info.run_id !== row.id) bad(`run ${row.id}: aw_info.json names engine ${info.engine_id}, run ${info.run_id}`);
    const counts = squidCounts(read(fw, 'access.log'));
    const allowed = Object.values(counts).reduce((n, c) => n + c.allowed, 0);
    const denied = Object.values(counts).reduce((n, c) => n + c.denied, 0);
    const auditLines = read(fw, 'audit.jsonl').split('\n').filter(Boolean).length;
    const squidLines = read(fw, 'access.log').split('\n').filter(Boolean).length;
    if (auditLines !== squidLines) bad(`run ${row.id}: audit.jsonl has ${auditLines} lines, access.log ${squidLines}`);
    const agentLog = b.sims.find((j) => j.name === 'agent')?.log ?? '';
    const summary = SUMMARY_RE.exec(agentLog);
    if (summary && (Number(summary[2]) !== allowed || Number(summary[3]) !== denied)) {
      bad(`run ${row.id}: the log says ${summary[2]} allowed / ${summary[3]} denied, access.log ${allowed} / ${denied}`);
    }
    const tokensFile = join(out, fw, 'api-proxy-logs', 'token-usage.jsonl');
    const tokenLines = existsSync(tokensFile) ? readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean).length : null;
    if (row.kind.startsWith('codex-401')) {
      const o = counts['api.openai.com:443'];
      const c = counts['chatgpt.com:443'];
      if (o?.allowed !== 13 || o?.denied !== 0 || c?.denied !== 1) bad(`run ${row.id}: expected 13 allowed to api.openai.com:443 and 1 denied to chatgpt.com:443`);
      const github = row.kind === 'codex-401-github';
      if (github !== (counts['api.github.com:443']?.denied === 2 && counts['github.com:443']?.denied === 1)) bad(`run ${row.id}: api.github.com/github.com denials do not fit kind ${row.kind}`);
      if (tokenLines !== 0) bad(`run ${row.id}: a Codex 401 run with ${tokenLines} token-usage lines`);
    }
    if (row.kind === 'protected-files') {
      if (tokenLines !== 81) bad(`run ${row.id}: ${tokenLines} token-usage lines, expected 81`);
      if (!/"num_turns":81\b/.test(read('runs', String(row.id), 'artifacts', agent, 'agent-stdio.log'))) bad(`run ${row.id}: agent-stdio.log does not end in 81 turns`);
    }
    if (row.kind === 'sidecar' && tokenLines !== null) bad(`run ${row.id}: a sidecar failure has a token-usage.jsonl`);
  }
  if (expired !== 1) bad(`${expired} expired artifact folders, expected exactly 1`);
  if (dockerbuild !== 1) bad(`${dockerbuild} .dockerbuild artifacts, expected exactly 1`);

  // baselines: every agentic workflow that fails has a successful run with artifacts before its first failure
  for (const wf of Object.values(workflows).filter((w) => w.type === 'agentic')) {
    const mine = built.filter((b) => b.run.path === wf.path).sort((a, b) => a.row.createdMs - b.row.createdMs);
    const firstFail = mine.find((b) => b.row.conclusion !== 'success');
    if (!firstFail) continue;
    const good = mine.find((b) => b.row.conclusion === 'success' && b.row.createdMs < firstFail.row.createdMs && existsSync(join(out, 'runs', String(b.row.id), 'artifacts', 'agent-artifacts')));
    if (!good) bad(`${wf.name}: no successful run with artifacts before its first failure (${firstFail.row.id})`);
  }
  return problems;
}
