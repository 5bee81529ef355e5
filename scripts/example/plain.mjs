// Jobs of the repository's ordinary workflows: CI (build + test), Smoke CI, Nightly Integration,
// and the investigator's own workflow. Lines written for this example.
import { A, runHeader, usesHeader, setupJob, checkout, setupNode, npmCi, uploadArtifact, postCheckout, postJob, completeJob } from './steps.mjs';

const NODE_ACTIONS = ['actions/checkout@v5', 'actions/setup-node@v4'];

const UNIT_FILES = [
  ['test/compiler/frontmatter.test.ts', 42],
  ['test/compiler/lockfile.test.ts', 27],
  ['test/compiler/imports.test.ts', 19],
  ['test/compiler/safe-outputs.test.ts', 31],
  ['test/engines/codex.test.ts', 17],
  ['test/engines/copilot.test.ts', 15],
  ['test/engines/claude.test.ts', 14],
  ['test/engines/gemini.test.ts', 8],
  ['test/engines/opencode.test.ts', 7],
  ['test/sandbox/awf-args.test.ts', 22],
  ['test/sandbox/domains.test.ts', 12],
  ['test/mcp/gateway-config.test.ts', 16],
  ['test/mcp/safeoutputs-server.test.ts', 24],
  ['test/api/client.test.ts', 9],
  ['test/api/pagination.test.ts', 6],
  ['test/cli/compile.test.ts', 11],
  ['test/cli/logs.test.ts', 13],
  ['test/cli/audit.test.ts', 10],
  ['test/shell/history.test.ts', 12],
  ['test/shell/quote.test.ts', 9],
  ['test/util/duration.test.ts', 5],
  ['test/util/glob.test.ts', 7],
  ['test/util/redact.test.ts', 8],
  ['test/workflows/schema.test.ts', 4],
];

function jwt(r) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: '1187234', iat: 1776848400, exp: 1776849000, installation_id: 58123344 })}.${r.b64url(86)}`;
}

function stepsCommon(sim, ctx, name, { permissions, actions = NODE_ACTIONS, pad = true } = {}) {
  sim.step('Set up job', () => setupJob(sim, { name, runnerName: ctx.runnerName, image: ctx.image, permissions, actions }));
  sim.step('Checkout repository', () => checkout(sim, ctx));
  sim.step('Setup Node.js', () => setupNode(sim));
  sim.step('Install dependencies', () => npmCi(sim, { pad }));
}

function stepsPost(sim, ctx, orphans = []) {
  sim.step('Post Setup Node.js', () => postJob(sim));
  sim.step('Post Checkout repository', () => postCheckout(sim, ctx));
  sim.step('Complete job', () => completeJob(sim, orphans));
}

function buildOutput(sim) {
  const r = sim.rng;
  runHeader(sim, 'npm run build');
  sim.out('');
  sim.out('> agent-factory@0.9.0 build', 400);
  sim.out('> tsc -p tsconfig.build.json && node scripts/bundle.mjs');
  sim.out('');
  sim.wait(r.range(9000, 14000));
  for (const f of ['dist/cli.js', 'dist/compiler.js', 'dist/mcp/safeoutputs.js', 'dist/sandbox/awf.js']) {
    sim.out(`  ${f.padEnd(28)} ${(r.range(40, 900)).toFixed(1)}kb`, r.range(50, 300));
  }
  sim.out('');
  sim.out(`${A.green}⚡${A.reset} ${A.green}Done in ${r.int(180, 420)}ms${A.reset}`);
}

/** CI / build: typecheck, build, upload dist. */
export function ciBuildJob(sim, ctx) {
  stepsCommon(sim, ctx, 'build');
  sim.step('Typecheck', () => {
    runHeader(sim, 'npm run typecheck');
    sim.out('> agent-factory@0.9.0 typecheck', 400);
    sim.out('> tsc --noEmit');
    sim.wait(sim.rng.range(12000, 18000));
  });
  sim.step('Build', () => buildOutput(sim));
  sim.step('Upload dist', () => uploadArtifact(sim, ctx, 'dist', 'dist/', sim.rng.int(20, 40)));
  stepsPost(sim, ctx);
  return 'success';
}

/**
 * CI / test: vitest. With failing set, one test of test/shell/history.test.ts fails (the PR broke
 * escaping of `!!`). The log also shows a token pasted into the workflow's env and a JWT a test
 * printed, so that redaction has something to do.
 */
export function ciTestJob(sim, ctx, { failing = false } = {}) {
  const r = sim.rng;
  stepsCommon(sim, ctx, 'test');
  const pat = `ghp_${r.alnum(36)}`;
  sim.step('Show environment', () => {
    runHeader(sim, "env | sort | grep -E '^(CI|NODE_|GITHUB_(REF|SHA|EVENT_NAME)|E2E_|FORCE_COLOR)'", { env: { E2E_GITHUB_PAT: pat } });
    sim.burst([
      'CI=true',
      `E2E_GITHUB_PAT=${pat}`,
      'FORCE_COLOR=1',
      `GITHUB_EVENT_NAME=${ctx.event}`,
      `GITHUB_REF=${ctx.event === 'pull_request' ? `refs/pull/${ctx.prNumber}/merge` : `refs/heads/${ctx.branch}`}`,
      `GITHUB_SHA=${ctx.event === 'pull_request' ? ctx.mergeSha : ctx.sha}`,
      'NODE_OPTIONS=--max-old-space-size=4096',
    ]);
  });
  const conclusion = sim.step('Run unit tests', () => {
    runHeader(sim, 'npm test -- --reporter=default', { env: { FORCE_COLOR: '1', GITHUB_TOKEN: '***', E2E_GITHUB_PAT: pat } });
    sim.out('');
    sim.out('> agent-factory@0.9.0 test', 400);
    sim.out('> vitest run --reporter=default');
    sim.out('');
    sim.out(` ${A.bold}${A.cyan}RUN${A.reset} ${A.cyan}v4.1.2 ${A.reset}${A.gray}/home/runner/work/${ctx.repoName}/${ctx.repoName}${A.reset}`, 900);
    sim.out('');
    const startAt = new Date(sim.nowMs).toISOString().slice(11, 19);
    let passed = 0;
    let total = 0;
    for (const [file, n] of UNIT_FILES) {
      const isFailing = failing && file === 'test/shell/history.test.ts';
      if (file === 'test/api/client.test.ts') {
        sim.out(`${A.bold}stdout${A.unbold} | test/api/client.test.ts${A.gray} > GitHubClient > sends the installation token${A.reset}`, r.range(50, 300));
        sim.out(`request headers { accept: 'application/vnd.github+json', authorization: 'Bearer ${jwt(r)}', 'user-agent': 'agent-factory/0.9.0' }`);
        sim.out('');
      }
      total += n;
      const ms = r.int(12, 240);
      if (!isFailing) {
        passed += n;
        sim.out(` ${A.green}✓${A.reset} ${file} ${A.gray}(${n} tests)${A.reset} ${A.gray}${ms}ms${A.reset}`, r.range(40, 400));
        continue;
      }
      passed += n - 1;
      sim.out(` ${A.yellow}❯${A.reset} ${file} ${A.gray}(${n} tests | ${A.red}1 failed${A.gray})${A.reset} ${A.gray}${ms}ms${A.reset}`, r.range(40, 400));
      const names = [
        'shellEscape > leaves single-quoted strings alone',
        'shellEscape > escapes $ inside double quotes',
        'shellEscape > escapes !! inside double quotes',
        'shellEscape > escapes history expansion in heredocs',
        'disableHistoryExpansion > prefixes set +H once',
        'disableHistoryExpansion > keeps the shebang first',
      ];
      for (const t of names) {
        if (t.includes('!!')) {
          sim.out(`   ${A.red}×${A.reset} ${t} ${A.gray}6ms${A.reset}`, 2);
          sim.out(`     ${A.red}→ expected 'echo "!!"' to be 'echo "\\!\\!"' // Object.is equality${A.reset}`, 1);
        } else sim.out(`   ${A.green}✓${A.reset} ${t} ${A.gray}${r.int(1, 4)}ms${A.reset}`, 1);
      }
    }
    if (failing) {
      const bar = '⎯'.repeat(7);
      sim.out('');
      sim.out(`${A.red}${bar} Failed Tests 1 ${bar}${A.reset}`, 30);
      sim.out('');
      sim.out(` ${A.red}${A.bold} FAIL ${A.reset} test/shell/history.test.ts${A.gray} > ${A.reset}shellEscape${A.gray} > ${A.reset}escapes !! inside double quotes`);
      sim.out(`${A.red}${A.bold}AssertionError${A.reset}${A.red}: expected 'echo "!!"' to be 'echo "\\!\\!"' // Object.is equality${A.reset}`);
      sim.out('');
      sim.out(`${A.green}Expected: "echo \\"\\\\!\\\\!\\""${A.reset}`);
      sim.out(`${A.red}Received: "echo \\"!!\\""${A.reset}`);
      sim.out('');
      sim.out(`${A.cyan} ❯ test/shell/history.test.ts:48:17${A.reset}`);
      sim.burst([
        `    ${A.gray}46|${A.reset}   it('escapes !! inside double quotes', () => {`,
        `    ${A.gray}47|${A.reset}     const out = shellEscape('echo "!!"', { historyExpansion: false });`,
        `    ${A.gray}48|${A.reset}     expect(out).toBe('echo "\\\\!\\\\!"');`,
        `      ${A.gray}|${A.reset}                 ${A.red}^${A.reset}`,
        `    ${A.gray}49|${A.reset}   });`,
        `    ${A.gray}50|${A.reset}`,
        '',
        `${A.red}${'⎯'.repeat(53)}[1/1]⎯${A.reset}`,
        '',
      ]);
    }
    sim.out('');
    const files = UNIT_FILES.length;
    sim.out(
      failing
        ? `${A.gray} Test Files ${A.reset} ${A.bold}${A.red}1 failed${A.reset}${A.gray} | ${A.reset}${A.bold}${A.green}${files - 1} passed${A.reset}${A.gray} (${files})${A.reset}`
        : `${A.gray} Test Files ${A.reset} ${A.bold}${A.green}${files} passed${A.reset}${A.gray} (${files})${A.reset}`,
    );
    sim.out(
      failing
        ? `${A.gray}      Tests ${A.reset} ${A.bold}${A.red}1 failed${A.reset}${A.gray} | ${A.reset}${A.bold}${A.green}${passed} passed${A.reset}${A.gray} (${total})${A.reset}`
        : `${A.gray}      Tests ${A.reset} ${A.bold}${A.green}${passed} passed${A.reset}${A.gray} (${total})${A.reset}`,
    );
    sim.out(`${A.gray}   Start at ${A.reset} ${startAt}`);
    sim.out(`${A.gray}   Duration ${A.reset} ${r.range(6.5, 9.5).toFixed(2)}s${A.gray} (transform 1.31s, setup 0ms, import 4.02s, tests 2.11s, environment 6ms)${A.reset}`);
    sim.out('');
    if (failing) {
      sim.out('##[error]Process completed with exit code 1.', 60);
      return 'failure';
    }
    return 'success';
  });
  if (conclusion === 'failure') sim.skip('Upload coverage');
  else sim.step('Upload coverage', () => uploadArtifact(sim, ctx, 'coverage', 'coverage/', r.int(60, 90)));
  stepsPost(sim, ctx);
  return conclusion;
}

const SMOKE = [
  'compile all workflows',
  'lock files are in sync',
  'mcp gateway starts',
  'safe-outputs server answers tools/list',
  'awf dry run (squid + api-proxy)',
  'engine matrix resolves',
  'codex config renders',
  'copilot config renders',
  'claude config renders',
  'docs links',
  'schema validation',
  'cli --help for every command',
];

/** Smoke CI / smoke. With deadlineMs, a newer push cancels it while the smoke tests run. */
export function smokeJob(sim, ctx, { cancelAtMs = null } = {}) {
  const r = sim.rng;
  stepsCommon(sim, ctx, 'smoke');
  sim.step('Build', () => buildOutput(sim));
  const conclusion = sim.step('Run smoke tests', () => {
    runHeader(sim, 'npm run smoke', { env: { FORCE_COLOR: '1' } });
    sim.out('> agent-factory@0.9.0 smoke', 400);
    sim.out('> node scripts/smoke.mjs');
    for (const s of SMOKE) {
      const dt = r.range(7000, 17000);
      if (cancelAtMs && sim.nowMs + dt >= cancelAtMs) break;
      sim.wait(dt);
      sim.out(`${A.green}ok${A.reset} ${s} ${A.gray}(${(dt / 1000).toFixed(1)}s)${A.reset}`);
    }
    if (cancelAtMs) {
      sim.waitUntil(cancelAtMs);
      sim.out('##[error]The operation was canceled.', 1);
      return 'cancelled';
    }
    sim.out(`${A.green}${SMOKE.length} smoke checks passed${A.reset}`);
    return 'success';
  });
  stepsPost(sim, ctx, conclusion === 'cancelled' ? [[String(r.int(2400, 3900)), 'node']] : []);
  return conclusion;
}

const AREAS = ['compiler', 'engines', 'sandbox', 'mcp-gateway', 'safe-outputs', 'cli', 'github-api', 'workflows', 'firewall', 'redaction'];
const VERBS = ['handles', 'rejects', 'retries', 'streams', 'parses', 'renders', 'merges', 'caches', 'validates', 'resolves'];
const NOUNS = ['empty frontmatter', 'nested imports', 'a 401 from the provider', 'a slow MCP server', 'unicode paths', 'a missing lock file', 'two engines', 'expired tokens', 'a denied domain', 'large patches', 'concurrent runs', 'a renamed workflow'];

/**
 * Nightly Integration / integration: thousands of passing integration tests, then one hangs on a
 * webhook that never arrives, until the 60-minute job timeout.
 */
export function nightlyJob(sim, ctx, { timeoutAtMs = null } = {}) {
  const r = sim.rng;
  stepsCommon(sim, ctx, 'integration', { actions: [...NODE_ACTIONS, 'actions/upload-artifact@v4'], pad: false });
  sim.step('Build', () => buildOutput(sim));
  sim.step('Start services', () => {
    runHeader(sim, 'docker compose -f test/integration/compose.yml up -d --wait');
    for (const svc of ['postgres', 'redis', 'mock-github', 'mock-openai']) {
      sim.out(` Container integration-${svc}-1  Creating`, r.range(100, 300));
      sim.out(` Container integration-${svc}-1  Created`, r.range(200, 700));
    }
    for (const svc of ['postgres', 'redis', 'mock-github', 'mock-openai']) {
      sim.out(` Container integration-${svc}-1  Starting`, 20);
      sim.out(` Container integration-${svc}-1  Started`, r.range(300, 900));
      sim.out(` Container integration-${svc}-1  Healthy`, r.range(1500, 5000));
    }
  });
  const conclusion = sim.step('Run integration tests', () => {
    runHeader(sim, 'npm run test:integration -- --reporter=verbose', { env: { FORCE_COLOR: '1', INTEGRATION_DB_URL: 'postgres://postgres:***@localhost:5432/factory', MOCK_GITHUB_URL: 'http://localhost:8085' } });
    sim.out('> agent-factory@0.9.0 test:integration', 400);
    sim.out('> vitest run --config vitest.integration.config.ts --reporter=verbose');
    sim.out('');
    sim.out(` ${A.bold}${A.cyan}RUN${A.reset} ${A.cyan}v4.1.2 ${A.reset}${A.gray}/home/runner/work/${ctx.repoName}/${ctx.repoName}${A.reset}`, 1500);
    sim.out('');
    // ~5,400 passing tests over ~33 minutes
    const files = 96;
    for (let f = 0; f < files; f++) {
      const area = AREAS[f % AREAS.length];
      const file = `test/integration/${area}/${['basic', 'edge', 'auth', 'retry', 'stream', 'large', 'concurrency', 'regress', 'matrix', 'e2e'][Math.floor(f / AREAS.length) % 10]}.test.ts`;
      const n = r.int(48, 64);
      for (let i = 0; i < n; i++) {
        const name = `${area} ${r.pick(VERBS)} ${r.pick(NOUNS)} #${i + 1}`;
        const ms = r.int(3, 900);
        sim.out(` ${A.green}✓${A.reset} ${file}${A.gray} > ${A.reset}${name} ${A.gray}${ms}ms${A.reset}`, ms * 0.8);
      }
      if (f % 12 === 11) {
        sim.out(`${A.bold}stderr${A.unbold} | ${file}`, 20);
        sim.out(`[mock-github] ${r.int(900, 1400)} requests served, ${r.int(0, 3)} retried`, 2);
      }
    }
    // the hang
    sim.out(` ${A.yellow}❯${A.reset} test/integration/webhooks/delivery.test.ts ${A.gray}(7 tests)${A.reset}`, 500);
    sim.out(`${A.bold}stdout${A.unbold} | test/integration/webhooks/delivery.test.ts${A.gray} > webhooks > redelivers after a 502 from the receiver${A.reset}`, 300);
    sim.out('[mock-github] POST /app/hook/deliveries/91234567/attempts -> 202', 80);
    let attempt = 1;
    if (!timeoutAtMs) sim.pad();
    const until = timeoutAtMs ?? sim.nowMs + 60_000;
    while (sim.nowMs + 30_000 < until) {
      sim.wait(30_000);
      sim.out(`[receiver] waiting for delivery 91234567 (attempt ${attempt++}, last status: pending)`);
    }
    sim.waitUntil(until);
    if (!timeoutAtMs) {
      sim.out('[receiver] delivery 91234567 received');
      sim.out(` ${A.green}Test Files ${A.reset} ${files + 1} passed`);
      return 'success';
    }
    sim.out(`##[error]The job running on runner ${ctx.runnerName} has exceeded the maximum execution time of 60 minutes.`, 1);
    sim.out('##[error]The operation was canceled.', 2);
    return 'cancelled';
  });
  if (conclusion !== 'success') sim.skip('Upload test report');
  else sim.step('Upload test report', () => uploadArtifact(sim, ctx, 'integration-report', 'reports/', 3));
  stepsPost(sim, ctx, conclusion === 'success' ? [] : [[String(r.int(2400, 3900)), 'node'], [String(r.int(4000, 5200)), 'docker-proxy'], [String(r.int(5200, 6000)), 'docker-proxy']]);
  return conclusion === 'success' ? 'success' : 'timed_out';
}

/** CI Failure Investigator / investigate: the product itself, always green here. */
export function investigatorJob(sim, ctx) {
  sim.step('Set up job', () => setupJob(sim, { name: 'investigate', runnerName: ctx.runnerName, image: ctx.image, permissions: ['Actions: read', 'Contents: read', 'Issues: write', 'Metadata: read'], actions: ['actions/checkout@v5', 'octo-org/ci-failure-investigator@v0'] }));
  sim.step('Checkout repository', () => checkout(sim, ctx));
  sim.step('Run octo-org/ci-failure-investigator@v0', () => {
    usesHeader(sim, 'octo-org/ci-failure-investigator@v0', { 'github-token': '***', window: '6h', 'report-label': 'ci-failure-report' });
    sim.wait(sim.rng.range(25_000, 50_000));
    sim.pad();
  });
  sim.step('Post Checkout repository', () => postCheckout(sim, ctx));
  sim.step('Complete job', () => completeJob(sim));
  return 'success';
}
