// Failure-line accuracy on the shared corpus (../shared/corpus, or CFI_CORPUS):
//   pytorch-log-classifier  top-1 hit rate: the chosen line is exactly the marked line
//   bugswarm-gha            share of logs whose excerpt names a labelled failing test
//   treeherder              recall of the labelled error lines in the excerpts
// Prints markdown tables and the misses. `node bench/failure-line.mjs [--quiet]`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { loadBenchLib } from './build.mjs';
import { corpusDir, extractBugswarm, listFiles, table } from './corpus.mjs';

const cut = (s, n = 110) => {
  const t = String(s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
const cell = (s, n) => `\`${cut(s, n).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
const pct = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(3));

/** Every job section of a log file, analyzed as `analyze` does; line numbers in file lines. */
function analyzeText(lib, text) {
  const out = [];
  for (const section of lib.splitLogFile(text)) {
    const ev = lib.analyzeSection(section);
    const shift = (l) => ({ number: l.number + section.lineOffset, text: l.text });
    out.push({ ...ev, failureLine: ev.failureLine ? shift(ev.failureLine) : null, context: ev.context.map(shift) });
  }
  return out;
}

function primary(evs) {
  return evs.find((e) => e.failureLine) ?? evs[0];
}

// ---------------------------------------------------------------------------------------------
export function pytorch(lib) {
  const dir = corpusDir('pytorch-log-classifier');
  if (!dir) return null;
  const labels = readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const misses = [];
  let hits = 0;
  for (const label of labels) {
    let lines = readFileSync(join(dir, 'fixtures', 'classify', label.fixture), 'utf8').split('\n');
    if (lines[0]?.startsWith('#=SOURCE=#')) lines = lines.slice(1);
    const text = lines.map((l) => l.replace(/^#=MATCH=# /, '').replace(/[‹›]/g, '')).join('\n');
    const ev = primary(analyzeText(lib, text));
    const want = label.match?.line_no ?? null;
    const got = ev.failureLine?.number ?? null;
    if (got === want) hits++;
    else misses.push({ fixture: label.fixture, want, wantText: label.match ? lib.cleanLine(label.match.clean_line) : '(none)', got, gotText: ev.failureLine?.text ?? '(none)' });
  }
  return { total: labels.length, hits, misses };
}

// ---------------------------------------------------------------------------------------------
/** The most specific part of a labelled test name, as a log would print it. */
export function testLeaf(label) {
  const s = label.trim().replace(/:$/, '').trim();
  let m;
  if ((m = /^([\w$]+)\s*\(([\w.$]+)\)$/.exec(s))) return m[1]; // junit4 / unittest: name(Class)
  if ((m = /^\(([\w.-]+)\)$/.exec(s))) return m[1].split('.').pop(); // collection error: (pkg.module)
  if (s.includes('::')) return s.split('::').pop().replace(/\[.*$/, ''); // pytest node id
  if ((m = /^[\w.$]+\.([\w$]+)\(.*\)$/.exec(s))) return m[1]; // Class.method(args)
  if ((m = /^[\w.$]+\.([\w$]+)(?:\[.*\])?$/.exec(s))) return m[1]; // pkg.Class.method[param]
  if ((m = /^([\w$]+)\[.*\]$/.exec(s))) return m[1]; // name[param]
  return s; // a display name (mocha, junit5, gradle): the whole title
}

const squash = (s) => s.replace(/\s+/g, ' ');

export function bugswarm(lib) {
  const dir = corpusDir('bugswarm-gha');
  if (!dir) return null;
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
  const byPath = new Map();
  for (const l of labels) {
    const e = l.expected ?? {};
    const names = [
      ...(typeof e.tr_t_failed === 'string' ? e.tr_t_failed.split('#') : []),
      ...(Array.isArray(e.tests_failed_contains) ? e.tests_failed_contains : []),
    ].map((n) => n.trim()).filter(Boolean);
    const cur = byPath.get(l.log_path) ?? { path: l.log_path, names: new Set(), status: e.status ?? null };
    for (const n of names) cur.names.add(n);
    cur.status ??= e.status ?? null;
    byPath.set(l.log_path, cur);
  }
  const { root, cleanup } = extractBugswarm(dir);
  try {
    const rows = [];
    const missing = [];
    for (const entry of byPath.values()) {
      if (entry.names.size === 0) continue;
      if (!existsSync(join(root, entry.path))) {
        missing.push(entry.path);
        continue;
      }
      const text = readFileSync(join(root, entry.path), 'utf8');
      const ev = primary(analyzeText(lib, text));
      const excerpt = squash(ev.context.map((l) => l.text).join(' '));
      const listed = squash(ev.testNames.join(' '));
      const leaves = [...entry.names].map(testLeaf);
      const inExcerpt = leaves.some((leaf) => excerpt.includes(squash(leaf)));
      const inNames = leaves.some((leaf) => listed.includes(squash(leaf)));
      rows.push({ path: entry.path, kind: entry.path.split('/')[1], names: [...entry.names], inExcerpt, inNames, line: ev.failureLine });
    }
    return { rows, missing, logs: listFiles(root).filter((f) => f.endsWith('.log')).length };
  } finally {
    cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
export function treeherder(lib) {
  const dir = corpusDir('treeherder');
  if (!dir) return null;
  const logsDir = join(dir, 'logs');
  const norm = (s) => squash(lib.cleanLine(s)).trim();
  const rows = [];
  for (const name of readdirSync(logsDir).filter((n) => n.endsWith('.logview.json')).sort()) {
    const view = JSON.parse(readFileSync(join(logsDir, name), 'utf8'));
    const text = gunzipSync(readFileSync(join(logsDir, name.replace(/\.logview\.json$/, '.log.gz')))).toString('utf8');
    const evs = analyzeText(lib, text);
    const excerpt = new Set(evs.flatMap((e) => e.context.map((l) => squash(l.text).trim())));
    const chosen = new Set(evs.filter((e) => e.failureLine).map((e) => squash(e.failureLine.text).trim()));
    const wanted = view.errors.map((e) => norm(e.line));
    const found = wanted.filter((w) => excerpt.has(w)).length;
    rows.push({ log: name.replace(/\.logview\.json$/, ''), labelled: wanted.length, found, lineIsLabelled: wanted.some((w) => chosen.has(w)), line: primary(evs).failureLine });
  }
  // Line-level cases: does the line ranker flag Treeherder's error lines and leave its non-errors?
  const cases = JSON.parse(readFileSync(join(dir, 'error_line_cases.json'), 'utf8'));
  const flag = (raw) => {
    const p = lib.parseLine(String(raw).replace(/\r?\n$/, ''));
    return lib.rankLine(p.text, p.marker) !== null;
  };
  const errs = cases['error_parser.ERROR_TEST_CASES'] ?? [];
  const non = cases['error_parser.NON_ERROR_TEST_CASES'] ?? [];
  return { rows, lineCases: { errors: errs.length, flagged: errs.filter(flag).length, nonErrors: non.length, nonFlagged: non.filter(flag).length } };
}

// ---------------------------------------------------------------------------------------------
export async function main(argv = process.argv.slice(2)) {
  const quiet = argv.includes('--quiet');
  const lib = await loadBenchLib();
  const out = [];
  const summary = [];
  console.log('## Failure-line accuracy\n');

  const pt = pytorch(lib);
  if (pt) {
    summary.push(['pytorch-log-classifier: top-1 exact line', `${pt.hits}/${pt.total}`, pct(pt.hits, pt.total), '≥ 0.9']);
    if (!quiet && pt.misses.length) {
      out.push(`### pytorch-log-classifier misses (${pt.misses.length})`, '');
      out.push(table(['fixture', 'marked line', 'chosen line'], pt.misses.map((m) => [m.fixture, `${m.want}: ${cell(m.wantText, 90)}`, `${m.got ?? '–'}: ${cell(m.gotText, 90)}`])), '');
    }
  }
  const bs = bugswarm(lib);
  if (bs) {
    const n = bs.rows.length;
    const ex = bs.rows.filter((r) => r.inExcerpt).length;
    const nm = bs.rows.filter((r) => r.inNames).length;
    summary.push([`bugswarm-gha: excerpt names a labelled failing test (${n} of ${bs.logs} logs have names${bs.missing.length ? `, ${bs.missing.length} labelled logs absent from the archive` : ''})`, `${ex}/${n}`, pct(ex, n), '≥ 0.85']);
    summary.push(['bugswarm-gha: failed-test list names one', `${nm}/${n}`, pct(nm, n), '–']);
    const misses = bs.rows.filter((r) => !r.inExcerpt);
    if (!quiet && misses.length) {
      out.push(`### bugswarm-gha misses (${misses.length})`, '');
      out.push(table(['log', 'labelled (first)', 'chosen line'], misses.map((m) => [basename(m.path), cell(m.names[0], 60), m.line ? `${m.line.number}: ${cell(m.line.text, 80)}` : '–'])), '');
    }
  }
  const th = treeherder(lib);
  if (th) {
    const labelled = th.rows.reduce((a, r) => a + r.labelled, 0);
    const found = th.rows.reduce((a, r) => a + r.found, 0);
    const anyLog = th.rows.filter((r) => r.found > 0).length;
    const lineLog = th.rows.filter((r) => r.lineIsLabelled).length;
    summary.push(['treeherder: labelled error lines in the excerpts (recall)', `${found}/${labelled}`, pct(found, labelled), '–']);
    summary.push(['treeherder: logs whose excerpt holds ≥ 1 labelled line', `${anyLog}/${th.rows.length}`, pct(anyLog, th.rows.length), '–']);
    summary.push(['treeherder: logs whose failure line is a labelled line', `${lineLog}/${th.rows.length}`, pct(lineLog, th.rows.length), '–']);
    const lc = th.lineCases;
    summary.push(['treeherder line cases: error lines ranked as candidates', `${lc.flagged}/${lc.errors}`, pct(lc.flagged, lc.errors), '–']);
    summary.push(['treeherder line cases: non-error lines ranked (lower is better)', `${lc.nonFlagged}/${lc.nonErrors}`, pct(lc.nonFlagged, lc.nonErrors), '–']);
    if (!quiet) {
      out.push('### treeherder per log', '');
      out.push(table(['log', 'labelled lines in excerpt', 'chosen line'], th.rows.map((r) => [r.log, `${r.found}/${r.labelled}`, r.line ? `${r.line.number}: ${cell(r.line.text, 90)}` : '–'])), '');
    }
  }
  if (summary.length) console.log(table(['measure', 'count', 'rate', 'goal'], summary.map((r) => [r[0], r[1], `**${r[2]}**`, r[3]])) + '\n');
  if (out.length) console.log(out.join('\n'));
  return { pytorch: pt, bugswarm: bs, treeherder: th };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
