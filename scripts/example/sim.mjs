// Simulates one job of a GitHub Actions run on a clock, so that the raw log's timestamps and the
// jobs API's step timings come from the same events and can never disagree.
//
// The raw log format (what GET /repos/{o}/{r}/actions/jobs/{id}/logs returns):
//   line 1 starts with a UTF-8 BOM; every line is `<ISO time with 7 fraction digits>Z <text>`;
//   steps are not marked, a reader matches them by time (the jobs API gives second-precision
//   step times) or by the `##[group]Run …` header each step prints first.

/** ms since epoch -> API timestamp, second precision: 2026-04-22T09:46:12Z */
export function apiTime(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** 'YYYY-MM-DDTHH:MM:SSZ' or '04-22 09:46:12' -> ms */
export function parseTime(s) {
  if (/^\d\d-\d\d \d\d:\d\d(:\d\d)?$/.test(s)) {
    const [md, hms] = s.split(' ');
    return Date.parse(`2026-${md}T${hms.length === 5 ? `${hms}:00` : hms}Z`);
  }
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error(`bad time ${s}`);
  return ms;
}

/** '8m57s' | '45s' | '1h02m' -> ms */
export function parseDuration(s) {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (!m || s === '') throw new Error(`bad duration ${s}`);
  return ((+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0)) * 1000;
}

export function fmtDuration(ms) {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m${String(r).padStart(2, '0')}s` : m ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

const SEC = 1_000_000; // the clock counts microseconds

export class JobSim {
  /**
   * @param {object} o
   * @param {import('./prng.mjs').Rng} o.rng
   * @param {number} o.startMs   when the job starts running (first log line)
   * @param {number} [o.padMs]   extra time inserted at the first ctx.pad() call (to hit a target duration)
   * @param {number} [o.deadlineMs] a hard end some bodies run until (timeouts, cancellations)
   */
  constructor({ rng, startMs, padMs = 0, deadlineMs = null }) {
    this.rng = rng;
    this.t = startMs * 1000;
    this.startMs = startMs;
    this.padMs = padMs;
    this.padded = false;
    this.deadlineMs = deadlineMs;
    this.lines = [];
    this.steps = [];
  }

  get nowMs() {
    return Math.floor(this.t / 1000);
  }

  /** Log text (may hold several lines); each line advances the clock by dtMs (default: a little). */
  out(text, dtMs) {
    for (const line of String(text).split('\n')) {
      const dt = dtMs ?? this.rng.range(0.02, 1.2);
      this.t += Math.max(1, Math.round(dt * 1000));
      const frac = String((this.t % SEC) * 10 + this.rng.int(0, 9)).padStart(7, '0');
      const iso = new Date(Math.floor(this.t / SEC) * 1000).toISOString().slice(0, 19);
      this.lines.push(`${iso}.${frac}Z ${line}`);
    }
  }

  /** Several lines in one burst (tight timestamps, like a process flushing its buffer). */
  burst(lines) {
    for (const l of lines) this.out(l, this.rng.range(0.005, 0.08));
  }

  wait(ms) {
    this.t += Math.round(ms * 1000);
  }

  waitUntil(ms) {
    if (ms * 1000 > this.t) this.t = ms * 1000;
  }

  /** Take the job's padding to spend it line by line (returns 0 if already spent). */
  takePad() {
    if (this.padded) return 0;
    this.padded = true;
    return Math.max(0, this.padMs);
  }

  /** Insert the job's padding here (once). */
  pad() {
    if (!this.padded) {
      this.padded = true;
      this.wait(Math.max(0, this.padMs));
    }
  }

  /**
   * Run a step: its lines are logged, its timing recorded for jobs.json.
   * A body may return a conclusion ('failure', 'cancelled') to override opts.conclusion.
   */
  step(name, body, opts = {}) {
    const startSec = Math.floor(this.t / SEC) * SEC;
    this.t += this.rng.int(2_000, 40_000); // the runner's own gap between steps
    const ret = body ? body(this) : undefined;
    const conclusion = typeof ret === 'string' ? ret : opts.conclusion ?? 'success';
    const endSec = Math.ceil(this.t / SEC) * SEC;
    this.steps.push({
      name,
      status: 'completed',
      conclusion,
      number: this.steps.length + 1,
      started_at: apiTime(startSec / 1000),
      completed_at: apiTime(endSec / 1000),
    });
    this.t = Math.max(this.t, endSec) + this.rng.int(1_000, 250_000);
    return conclusion;
  }

  /** A step that did not run (an earlier step failed and it has no `if: always()`). */
  skip(name) {
    const at = apiTime(Math.floor(this.t / SEC) * 1000);
    this.steps.push({ name, status: 'completed', conclusion: 'skipped', number: this.steps.length + 1, started_at: at, completed_at: at });
  }

  get endMs() {
    const last = this.steps.at(-1);
    return last ? Date.parse(last.completed_at) : this.nowMs;
  }

  /** The raw job log, as GitHub serves it. */
  logText() {
    return '\uFEFF' + this.lines.join('\n') + '\n';
  }
}
