import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../evidence/index.js';
import { JEST_FAILURE, PYTEST_TWO_FAILURES, PYTHON_TRACEBACK, TSC_FAILURE, codexLoop, commandNotFound, sidecarUnhealthy } from '../evidence/sample-logs.js';
import { ghaLog } from '../evidence/testkit.js';
import { classify, factsOf, type FailureFacts, type Rule } from './index.js';

const facts = (line: string, context: string[] = [line], conclusion: string | null = 'failure'): FailureFacts => ({ line, context, failedStep: null, conclusion });
const of = (lines: string[]) => classify(factsOf(analyzeLog(ghaLog(lines)), 'failure'));

describe('classify: which rule names a line', () => {
  it.each([
    ['{"error":{"code":"token_revoked","message":"Encountered invalidated oauth token"}} 401 Unauthorized', 'token-revoked'],
    ["You've reached your workspace credit limit.", 'credit-limit'],
    ['API Error: 403 Maximum AI credits exceeded (302.111025 / 300).', 'credit-limit'],
    ["You've hit your usage limit. Try again at 3:05 PM.", 'usage-limit'],
    ['The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 30 minutes.', 'job-timeout'],
    ["The action 'Test' has timed out after 360 minutes.", 'job-timeout'],
    ['The operation was canceled.', 'job-cancelled'],
    ['The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.', 'runner-lost'],
    ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'oom'],
    ['/home/runner/work/_temp/a1b2.sh: line 3:  4123 Killed                  python train.py', 'oom'],
    ['OSError: [Errno 28] No space left on device', 'disk-full'],
    ['dependency failed to start: container awf-api-proxy is unhealthy', 'sidecar-unhealthy'],
    ['/bin/bash: line 1: node: command not found', 'command-not-found'],
    ["[entrypoint][ERROR] Copilot CLI requires Node.js, but 'node' is not available inside AWF chroot.", 'command-not-found'],
    ["/usr/bin/env: 'python': No such file or directory", 'command-not-found'],
    ['failed to determine base repo: unable to find git executable in PATH', 'command-not-found'],
    ['error: /opt/tools/bin/widgetc is not executable', 'command-not-found'],
    ['Cannot create pull request: the patch modifies protected files: .github/workflows/ci.lock.yml', 'protected-files'],
    ['refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission', 'protected-files'],
    ['FAILED tests/test_api.py::test_auth - assert 401 == 200', 'test-failure'],
    ['Error response from daemon: manifest for ghcr.io/octo/widgets:sha-1a2b3c4 not found: manifest unknown', 'docker-pull'],
    ['Error: Unable to resolve action `actions/chekout@v4`, repository not found', 'action-download'],
    ['Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', 'auth-401'],
    ['remote: Invalid username or password. fatal: Authentication failed for https://github.com/octo/widgets/', 'auth-401'],
    ['CAPIError: 429 429 quota exceeded', 'rate-limit'],
    ['gh: API rate limit exceeded for user ID 1234.', 'rate-limit'],
    ["fatal: unable to access 'https://github.com/octo/widgets/': Could not resolve host: github.com", 'dns-network'],
    ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'dns-network'],
    ['fatal: could not read Username for https://github.com: terminal prompts disabled', 'checkout-failed'],
    ['[copilot-harness] attempt 1: process closed exitCode=1 signal=SIGTERM', 'engine-exit-code'],
    ["src/api/client.ts(14,7): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.", 'compile-error'],
    ['error[E0308]: mismatched types', 'compile-error'],
    ['npm error ERESOLVE unable to resolve dependency tree', 'npm-error'],
    ["KeyError: 'WIDGETS_TOKEN'", 'python-exception'],
    ['Segmentation fault (core dumped)', null],
  ])('%s → %s', (line, ruleId) => {
    expect(classify(facts(line)).ruleId).toBe(ruleId);
  });

  it('needs the reconnect loop in the context to call a 401 the Codex proxy loop', () => {
    const line = 'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided';
    expect(classify(facts(line, ['ERROR: Reconnecting... 4/5 (stream closed)', line])).ruleId).toBe('codex-proxy-401-loop');
    expect(classify(facts(line)).ruleId).toBe('auth-401');
  });
});

describe('classify: grouping keys', () => {
  it('gives both wordings of the Codex 401 loop one key', () => {
    const a = of(codexLoop('Incorrect API key provided: sk-place****************roxy.'));
    const b = of(codexLoop('Missing bearer or basic authentication in header'));
    expect(a).toMatchObject({ ruleId: 'codex-proxy-401-loop', category: 'auth', key: 'rule:codex-proxy-401-loop', retry: 'never' });
    expect(b.key).toBe(a.key);
  });

  it('keys a missing command by the command', () => {
    expect(of(commandNotFound('node')).key).toBe('rule:command-not-found|node');
    expect(of(commandNotFound('python3')).key).toBe('rule:command-not-found|python3');
    expect(of(commandNotFound('node')).title).toBe('`node`: command not found');
  });

  it('keys an unhealthy sidecar by the container', () => {
    const proxy = of(sidecarUnhealthy('awf-api-proxy'));
    expect(proxy).toMatchObject({ ruleId: 'sidecar-unhealthy', category: 'infra', key: 'rule:sidecar-unhealthy|awf-api-proxy' });
    expect(of(sidecarUnhealthy('awf-squid')).key).toBe('rule:sidecar-unhealthy|awf-squid');
  });

  it('keys a test failure by the test: different tests differ, reruns of one test agree', () => {
    const first = classify(facts('FAILED tests/test_api.py::test_create_widget - assert 500 == 201'));
    const second = classify(facts('FAILED tests/test_db.py::test_migrations - OperationalError: no such table: widgets'));
    const rerun = classify(facts('FAILED [2.31s] tests/test_api.py::test_create_widget - assert 502 == 201'));
    expect(first.key).toBe('rule:test-failure|tests/test_api.py::test_create_widget');
    expect(second.key).not.toBe(first.key);
    expect(rerun.key).toBe(first.key);
    expect(of(PYTEST_TWO_FAILURES).key).toBe(first.key);
    expect(of(JEST_FAILURE).key).toBe('rule:test-failure|cart › applies discount codes');
  });

  it('finds the test of a pytest assertion line in its context, else uses the line', () => {
    const ctx = ['____ test_totals ____', '', '>       assert total == 90', 'E       assert 100 == 90'];
    expect(classify(facts('E       assert 100 == 90', ctx)).key).toBe('rule:test-failure|test_totals');
    expect(classify(facts('E       assert 100 == 90')).key).toBe('rule:test-failure|e assert <n> == <n>');
  });

  it('uses the evidence test name when the line has none (mocha)', () => {
    const ev = analyzeLog(['  1 failing', '', '  1) Widgets API', '       returns 200:', '     AssertionError: 500 == 200'].join('\n'));
    expect(classify(factsOf(ev, 'failure')).key).toBe('rule:test-failure|widgets api returns <n>');
  });

  it('keys compile errors by file, code and message', () => {
    const c = of(TSC_FAILURE);
    expect(c.ruleId).toBe('compile-error');
    expect(c.key).toBe("rule:compile-error|src/api/client.ts|ts2345|argument of type 'string' is not assignable to parameter of type 'number'.");
    expect(c.title).toBe('Compile error in src/api/client.ts');
  });

  it('keys exceptions by type and normalized message', () => {
    const c = of(PYTHON_TRACEBACK);
    expect(c).toMatchObject({ ruleId: 'python-exception', key: 'rule:python-exception|releaseerror|cannot read release.toml', title: 'Uncaught ReleaseError' });
    expect(classify(facts('KeyError: job 123456789 missing')).key).toBe(classify(facts('KeyError: job 987654321 missing')).key);
  });

  it('keys auth failures by status and host', () => {
    expect(classify(facts('HTTP 401 Unauthorized from https://api.githubcopilot.com/chat')).key).toBe('rule:auth-401|401|api.githubcopilot.com');
    expect(classify(facts('fatal: Authentication failed for https://github.com/o/r/')).key).toBe('rule:auth-401||github.com');
  });

  it('keys engine exits by engine and code, whatever the case', () => {
    expect(classify(facts('Codex CLI exited with code 2')).key).toBe('rule:engine-exit-code|codex|2');
    expect(classify(facts('codex exited with code 2')).key).toBe('rule:engine-exit-code|codex|2');
  });

  it('keys an unnamed failure by its normalized line, with a short title', () => {
    const a = classify(facts('Widget count mismatch for run 24771662916 at 2026-04-22T09:46:12Z after 12.5s'));
    const b = classify(facts('Widget count mismatch for run 24771700001 at 2026-04-22T10:01:40Z after 3.1s'));
    expect(a).toEqual({ ruleId: null, title: 'Widget count mismatch for run <id> at after <dur>', category: 'unknown', key: 'line:Widget count mismatch for run <id> at after <dur>', fixHint: null, retry: null });
    expect(b.key).toBe(a.key);
    expect(classify(facts(`Something odd happened: ${'very '.repeat(40)}odd`)).title.length).toBeLessThanOrEqual(80);
  });
});

describe('classify: custom rules', () => {
  const custom: Rule = {
    id: 'widget-quota',
    title: 'Widget quota for {team}',
    category: 'limits',
    patterns: [String.raw`widget quota exhausted for team (?<team>\w+)`],
    keyGroups: ['team'],
    step: 'deploy',
    fixHint: 'Ask the platform team to raise the widget quota.',
    retry: 'never',
  };

  it('tries the given rules in order and honours step and conclusion', () => {
    const f: FailureFacts = { line: 'Widget quota exhausted for team Blue', context: [], failedStep: 'Deploy widgets', conclusion: 'failure' };
    expect(classify(f, [custom])).toMatchObject({ ruleId: 'widget-quota', key: 'rule:widget-quota|blue', title: 'Widget quota for Blue' });
    expect(classify({ ...f, failedStep: 'Build' }, [custom]).ruleId).toBeNull();
    expect(classify(f, [{ ...custom, conclusion: ['cancelled'] }]).ruleId).toBeNull();
  });

  it('skips a rule whose regex does not compile', () => {
    const broken: Rule = { ...custom, id: 'broken', patterns: ['(unclosed'] };
    const f: FailureFacts = { line: 'Widget quota exhausted for team Blue', context: [], failedStep: 'deploy', conclusion: null };
    expect(classify(f, [broken, custom]).ruleId).toBe('widget-quota');
  });
});

describe('classify: cost', () => {
  it('stays linear on long hostile lines (no catastrophic backtracking)', () => {
    const pieces = [' ', 'x.', 'a(', '::', ': ', '● ', 'FAILED ', '/bin/bash: ', 'codex ', 'sk-', 'token=', 'https://', '"', "'", 'x@y.', '_ '];
    const lines = pieces.flatMap((p) => [p.repeat(4096).slice(0, 4096), `x${p.repeat(4096)}`.slice(0, 4095) + '!']);
    const t0 = Date.now();
    for (const l of lines) classify(facts(l, [l, l]));
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
