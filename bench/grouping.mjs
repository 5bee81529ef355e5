// Grouping accuracy (issue 5): no two different causes may share a cluster.
//  - pytorch-log-classifier: 41 real failing job logs, 39 distinct causes (labels.jsonl); each log
//    is analysed alone, exactly like `analyze`, and its cluster id compared across logs.
//  - the seeds: failure lines of real incident reports, picked out of ../shared/seeds at run time
//    by the cause they belong to; lines of one cause should share a cluster, causes should not.
// Reads the corpus when it exists and says so when not. Prints a markdown table.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLib } from './lib.mjs';
import { CORPUS } from './corpus.mjs';

const SEEDS = join(CORPUS, '..', 'seeds');

export async function main() {
  const { analyzeFiles } = await loadLib();
  console.log('## Grouping accuracy\n');
  const py = join(CORPUS, 'pytorch-log-classifier');
  if (!existsSync(py)) console.log(`_${py} not found: pytorch grouping not measured._\n`);
  else {
    const labels = readFileSync(join(py, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const byCluster = new Map();
    let named = 0;
    for (const row of labels) {
      const raw = readFileSync(join(py, 'fixtures', 'classify', row.fixture), 'utf8');
      const text = raw.split('\n').filter((l) => !l.startsWith('#=SOURCE=#')).map((l) => l.replace(/^#=MATCH=# /, '').replace(/[‹›]/g, '')).join('\n');
      const [log] = analyzeFiles([{ path: row.fixture, text }]).logs;
      const cause = row.match.rule_candidates_python_re?.[0] ?? row.match.group_key;
      if (log?.ruleId) named++;
      const id = log?.clusterId ?? `none:${row.fixture}`;
      if (!byCluster.has(id)) byCluster.set(id, new Set());
      byCluster.get(id).add(cause);
    }
    const causes = new Set(labels.map((r) => r.match.rule_candidates_python_re?.[0] ?? r.match.group_key));
    const mixed = [...byCluster.entries()].filter(([, s]) => s.size > 1);
    console.log('| corpus | logs | causes | clusters | clusters mixing causes | logs named by a rule |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| pytorch-log-classifier | ${labels.length} | ${causes.size} | ${byCluster.size} | **${mixed.length}** | ${named} |`);
    for (const [id, s] of mixed) console.log(`\n- mixed: \`${id}\` ← ${[...s].join(' + ')}`);
    console.log('');
  }
  if (!existsSync(SEEDS)) {
    console.log(`_${SEEDS} not found: seed grouping not measured._\n`);
    return;
  }
  // Each cause: how its lines are recognised in the seeds' prose (read at run time, not copied).
  const CAUSES = [
    ['codex 401 through the proxy', /(?:ERROR: )?(?:Reconnecting\.\.\. \d\/\d|startup websocket prewarm setup failed)[^\n]*401 Unauthorized[^\n]*/g, (l) => [l, 'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized)']],
    ['sidecar unhealthy', /dependency failed to start: container [\w-]+ is unhealthy/g, (l) => [l]],
    ['node not found', /(?:\/bin\/\w+: line \d+: )?node: command not found/g, (l) => [l]],
    ['credit limit', /You've reached your workspace credit limit/g, (l) => [l]],
    ['token revoked', /401 Unauthorized with token_revoked/g, (l) => [`Error: ${l} errors`]],
    ['provider auth (401 invalid api key)', /Failed to authenticate\. API Error: 401 invalid api key/g, (l) => [l]],
  ];
  const text = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n');
  const files = [];
  for (const [cause, re, lineOf] of CAUSES) {
    const found = [...new Set(text.match(re) ?? [])];
    for (const [i, m] of found.entries()) {
      const context = lineOf(m);
      files.push({ cause, path: `${cause} #${i + 1}`, text: context.join('\n') });
    }
  }
  const result = analyzeFiles(files.map((f) => ({ path: f.path, text: f.text })));
  const clusterOf = new Map(result.logs.map((l) => [l.path, l.clusterId]));
  const perCause = new Map();
  const perCluster = new Map();
  for (const f of files) {
    const id = clusterOf.get(f.path);
    if (!perCause.has(f.cause)) perCause.set(f.cause, new Set());
    perCause.get(f.cause).add(id);
    if (!perCluster.has(id)) perCluster.set(id, new Set());
    perCluster.get(id).add(f.cause);
  }
  console.log('| seed cause | lines found | clusters | shares a cluster with another cause |');
  console.log('|---|---|---|---|');
  for (const [cause] of CAUSES) {
    const ids = perCause.get(cause) ?? new Set();
    const n = files.filter((f) => f.cause === cause).length;
    const shared = [...ids].some((id) => perCluster.get(id).size > 1);
    console.log(`| ${cause} | ${n} | ${ids.size} | ${shared ? '**yes**' : 'no'} |`);
  }
  console.log('');
}

if (process.argv[1]?.endsWith('grouping.mjs')) await main();
