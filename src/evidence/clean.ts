// One raw log line → what a person reads: no BOM, timestamp, colour codes, control bytes or
// `##[…]` prefix. The prefix and the timestamp are kept apart, because the analyzer needs them.
import type { LogFormat } from './types.js';

/** Lines longer than this are cut before analysis (a 10 MB minified line must not stall us). */
export const MAX_LINE_CHARS = 4096;

export interface ParsedLine {
  /** The leading ISO timestamp of a GitHub Actions line, when present. */
  ts: string | null;
  /** `error`, `warning`, `group`, `endgroup`, `command`, `debug`, `notice`, … from `##[x]` or `::x::`. */
  marker: string | null;
  /** The `job` column of a `gh run view --log-failed` line. */
  job: string | null;
  /** The `step` column of a `gh run view --log-failed` line. */
  step: string | null;
  text: string;
}

const BOM_RE = /\uFEFF/g;
const GHA_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z(?: |$)/;
// A second, tool-written timestamp right after the runner's: `[2026-04-22T09:46:12] …`,
// `2026-04-22 09:46:12,123 …`, `[2026-04-22T09:46:12.123Z] …`.
// A log shipper's bracket with a source tag: `[task 2025-02-13T11:00:27.833Z] …`.
const TOOL_TS_RE = /^(?:\[(?:[\w.:-]+ )?)?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?\]?(?: |$)/;
// A wrapper's log record around its child's output: `11:00:27     INFO - <output>`. The record's
// level becomes the line's marker (ERROR → error, WARNING → warning), the output its text.
const RELAY_RE = /^\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\s+(DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL)\s+- ?/;
const RELAY_MARKER: Record<string, string | null> = { DEBUG: null, INFO: null, WARNING: 'warning', ERROR: 'error', CRITICAL: 'error', FATAL: 'error' };
const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// Colour codes whose ESC byte was lost on the way (seen in copied logs): `[36;1m`, `[0m`.
const BARE_SGR_RE = /\[\d{1,3}(?:;\d{1,3})*m/g;
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f\uE000\uE001]/g;
// `##[error]`, `##[group]`, … and the runner's structured markers such as `##[end-action id=…]`.
const GHA_MARKER_RE = /^##\[([a-z]+(?:-[a-z]+)*)(?:[ ;][^\]]*)?\]/i;
const WORKFLOW_COMMAND_RE = /^::(error|warning|notice|debug|group|endgroup)(?: [^\n]*?)?::/;
const GH_CLI_RE = /^([^\t]*)\t([^\t]*)\t(?=\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/;

function lastCarriageSegment(s: string): string {
  if (!s.includes('\r')) return s;
  // A terminal shows what was written after the last carriage return (progress bars).
  const parts = s.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (p !== undefined && p.trim() !== '') return p;
  }
  return '';
}

/** Parses one raw line; `ghCli` also splits off the `job<TAB>step<TAB>` columns. */
export function parseLine(raw: string, ghCli = false): ParsedLine {
  let s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  let job: string | null = null;
  let step: string | null = null;
  if (ghCli) {
    const m = GH_CLI_RE.exec(s);
    if (m) {
      job = m[1] ?? '';
      step = m[2] ?? '';
      s = s.slice(m[0].length);
    }
  }
  s = s.replace(BOM_RE, '');
  let ts: string | null = null;
  const t = GHA_TS_RE.exec(s);
  if (t) {
    ts = t[0].trimEnd();
    s = s.slice(t[0].length);
  }
  s = s.replace(ANSI_RE, '');
  s = lastCarriageSegment(s);
  s = s.replace(CONTROL_RE, '');
  if (s.includes('m')) s = s.replace(BARE_SGR_RE, '');
  let marker: string | null = null;
  const g = GHA_MARKER_RE.exec(s);
  if (g) {
    marker = (g[1] ?? '').toLowerCase();
    s = s.slice(g[0].length);
  } else {
    const w = WORKFLOW_COMMAND_RE.exec(s);
    if (w) {
      marker = w[1] ?? null;
      s = s.slice(w[0].length);
    }
  }
  const tool = TOOL_TS_RE.exec(s);
  if (tool) s = s.slice(tool[0].length);
  const relay = marker === null ? RELAY_RE.exec(s) : null;
  if (relay) {
    marker = RELAY_MARKER[relay[1] ?? ''] ?? null;
    s = s.slice(relay[0].length);
  }
  return { ts, marker, job, step, text: s.trimEnd() };
}

/** Strips BOM, leading timestamp(s), ANSI/VT escapes, control bytes and `##[error]`-style prefixes. */
export function cleanLine(raw: string): string {
  return parseLine(raw, false).text;
}

const GHA_LINE_RE = /^\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/;
const GH_CLI_LINE_RE = /^[^\t]*\t[^\t]*\t\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** Detects the format from the first non-empty lines (at most 20 are read). */
export function detectFormat(text: string): LogFormat {
  let pos = 0;
  let seen = 0;
  let gha = 0;
  let ghCli = 0;
  while (pos < text.length && seen < 20) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, Math.min(end, pos + 512)).replace(/^\uFEFF/, '');
    pos = end + 1;
    if (line.trim() === '') continue;
    seen++;
    if (GH_CLI_LINE_RE.test(line)) ghCli++;
    else if (GHA_LINE_RE.test(line)) gha++;
    if (seen >= 5 && (gha > 0 || ghCli > 0)) break;
  }
  if (seen === 0) return 'plain';
  if (ghCli * 2 >= seen) return 'gh-cli';
  if (gha * 2 >= seen) return 'gha';
  return 'plain';
}
