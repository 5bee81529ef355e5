import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../evidence/index.js';
import { JEST_FAILURE, PYTEST_TWO_FAILURES, PYTHON_TRACEBACK, TSC_FAILURE, codexLoop, commandNotFound, sidecarUnhealthy } from '../evidence/sample-logs.js';
import { ghaLog } from '../evidence/testkit.js';
import { BUILTIN_RULES, classify, factsOf, type FailureFacts, type Rule } from './index.js';

const facts = (line: string, context: string[] = [line], conclusion: string | null = 'failure', more: Partial<FailureFacts> = {}): FailureFacts => ({
  line,
  context,
  failedStep: null,
  conclusion,
  ...more,
});
const of = (lines: string[]) => classify(factsOf(analyzeLog(ghaLog(lines)), 'failure'));

// Lines written for these tests: [line, rule id, category]. Every built-in rule is named at least once.
const LINES: Array<[line: string, ruleId: string | null, category: string]> = [
  ['{"error":{"code":"token_revoked","message":"Encountered invalidated oauth token"}} 401 Unauthorized', 'token-revoked', 'auth'],
  ["You've reached your workspace credit limit.", 'credit-limit', 'limits'],
  ['API Error: 403 Maximum AI credits exceeded (302.111025 / 300).', 'credit-limit', 'limits'],
  ["You've hit your usage limit. Try again at 3:05 PM.", 'usage-limit', 'limits'],
  ['{"type":"result","subtype":"error_max_turns"}', 'max-turns', 'limits'],
  ["This model's maximum context length is 128000 tokens, however you requested 131072 tokens", 'context-length', 'limits'],
  ['Lock File Out of Sync: The workflow could not start because its compiled lock file no longer matches the source markdown.', 'stale-lock-file', 'config'],
  ['Invalid workflow file: .github/workflows/ci.yml#L12: unexpected value "runs-on"', 'startup-failure', 'config'],
  ['The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 30 minutes.', 'job-timeout', 'timeout'],
  ["The action 'Test' has timed out after 360 minutes.", 'job-timeout', 'timeout'],
  ['The operation was canceled.', 'job-cancelled', 'cancelled'],
  ['received SIGINT', 'job-cancelled', 'cancelled'],
  ['The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.', 'runner-lost', 'infra'],
  ['Error: pod failed to come online with error: Error: Pod widget-runner-x9k2p is unhealthy with phase status Pending', 'runner-lost', 'infra'],
  ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'oom', 'infra'],
  ['/home/runner/work/_temp/a1b2.sh: line 3:  4123 Killed                  python train.py', 'oom', 'infra'],
  ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 4.39 GiB.', 'oom', 'infra'],
  ['OSError: [Errno 28] No space left on device', 'disk-full', 'infra'],
  ['dependency failed to start: container awf-api-proxy is unhealthy', 'sidecar-unhealthy', 'infra'],
  ['[TCP_DENIED/403] CONNECT registry.npmjs.org:443 blocked', 'firewall-blocked', 'policy'],
  ["Domain 'pypi.org' is not in the allowed list", 'firewall-blocked', 'policy'],
  ["An error occurred trying to start process '/usr/bin/bash' with working directory '/home/runner/work/w/w/site'. No such file or directory", 'cwd-missing', 'config'],
  ['/home/runner/work/_temp/x.sh: line 2: cd: packages/web: No such file or directory', 'cwd-missing', 'config'],
  ['/bin/bash: line 1: node: command not found', 'command-not-found', 'toolchain'],
  ["[entrypoint][ERROR] Copilot CLI requires Node.js, but 'node' is not available inside AWF chroot.", 'command-not-found', 'toolchain'],
  ["/usr/bin/env: 'python': No such file or directory", 'command-not-found', 'toolchain'],
  ['failed to determine base repo: unable to find git executable in PATH', 'command-not-found', 'toolchain'],
  ['Error: spawn codex ENOENT', 'command-not-found', 'toolchain'],
  ['error: /opt/tools/bin/widgetc is not executable', 'not-executable', 'toolchain'],
  ['/bin/sh: 1: ./gradlew: Permission denied', 'not-executable', 'toolchain'],
  ['Cannot create pull request: the patch modifies protected files: .github/workflows/ci.lock.yml', 'protected-files', 'policy'],
  ['refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission', 'protected-files', 'policy'],
  ['ERROR: stream disconnected before completion: ... cyber_policy_violation', 'provider-safety-block', 'policy'],
  ['Access denied by policy settings', 'inference-access-denied', 'auth'],
  ["MCP servers were blocked by policy: 'github', 'safeoutputs'", 'policy-blocked', 'policy'],
  ['write to /etc/hosts denied by the sandbox', 'policy-blocked', 'policy'],
  ['Execution failed: CAPIError: 400 The requested model is not supported.', 'model-not-supported', 'config'],
  ['Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages: text content blocks must be non-empty"}}', 'invalid-payload', 'config'],
  ['{"type":"system","subtype":"init","mcp_servers":[{"name":"github","status":"connected"},{"name":"safeoutputs","status":"failed"}]}', 'mcp-server-failed', 'toolchain'],
  ['[copilot-harness] attempt 1: process closed exitCode=1 signal=SIGTERM', 'engine-timeout', 'timeout'],
  ['[sdk-driver] error: Timeout after 870000ms waiting for session.idle', 'engine-timeout', 'timeout'],
  ['FAILED tests/test_api.py::test_auth - assert 401 == 200', 'test-failure', 'test'],
  ['FAILED CONSISTENTLY: test/dynamo/test_shapes.py::ReproTests::test_vars', 'test-failure', 'test'],
  ['--- FAIL: TestWidgetCount (0.02s)', 'test-failure', 'test'],
  ['>>> Lint for benchmarks/bench_gather.py:', 'lint-failure', 'lint'],
  ['  Error (CLANGTIDY_COMPAT) Linter failed', 'lint-failure', 'lint'],
  ['src/widgets/api.py:12:1: E501 line too long (120 > 100 characters)', 'lint-failure', 'lint'],
  ['✖ 3 problems (3 errors, 0 warnings)', 'lint-failure', 'lint'],
  ["src/api/client.ts(14,7): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.", 'compile-error', 'build'],
  ['error[E0308]: mismatched types', 'compile-error', 'build'],
  ['/__w/torch/torch/csrc/profiler/meta.cpp:128:26: error: no matching function for call to ‘add(int)’', 'compile-error', 'build'],
  ['FAILED: [code=127] third_party/fmt/CMakeFiles/fmt.dir/src/format.cc.o.ddi', 'build-failure', 'build'],
  ['  ERROR: Failed building wheel for widgetlib', 'build-failure', 'build'],
  ["Execution failed for task ':app:compileReleaseKotlin'.", 'build-failure', 'build'],
  ['npm error ERESOLVE unable to resolve dependency tree', 'npm-error', 'toolchain'],
  ['Error response from daemon: manifest for ghcr.io/octo/widgets:sha-1a2b3c4 not found: manifest unknown', 'docker-pull', 'infra'],
  ['Error: Unable to resolve action `actions/chekout@v4`, repository not found', 'action-download', 'config'],
  ["Failed to download archive 'https://codeload.github.com/octo/widgets/tar.gz/050ce9e1226b' after 3 attempts.", 'action-download', 'config'],
  ['Unable to download artifact(s): Artifact not found for name: wheels-py3_12', 'artifact-missing', 'config'],
  ['Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers', 'credentials-missing', 'auth'],
  ['Input required and not supplied: token', 'credentials-missing', 'auth'],
  ['gh: API rate limit exceeded for user ID 1234.', 'github-api-rate-limit', 'rate-limit'],
  ['Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', 'auth-401', 'auth'],
  ['remote: Invalid username or password. fatal: Authentication failed for https://github.com/octo/widgets/', 'auth-401', 'auth'],
  ['User: arn:aws:sts::1234:assumed-role/ci is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::bucket/x"', 'permission-denied', 'auth'],
  ['HttpError: Resource not accessible by integration', 'permission-denied', 'auth'],
  ['CAPIError: 429 429 quota exceeded', 'rate-limit', 'rate-limit'],
  ["fatal: unable to access 'https://github.com/octo/widgets/': Could not resolve host: github.com", 'dns', 'network'],
  ['Error: getaddrinfo EAI_AGAIN registry.npmjs.org', 'dns', 'network'],
  ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'network', 'network'],
  ['fatal: could not read Username for https://github.com: terminal prompts disabled', 'checkout-failed', 'config'],
  ['fatal: couldn\'t find remote ref refs/tags/ciflow/trunk/12345', 'checkout-failed', 'config'],
  ['Segmentation fault (core dumped)', 'crash', 'build'],
  ['nn/test_pruning 1/1 failed! Received signal: SIGBUS', 'crash', 'build'],
  ["KeyError: 'WIDGETS_TOKEN'", 'uncaught-exception', 'build'],
  ['panic: runtime error: index out of range [3] with length 3', 'uncaught-exception', 'build'],
  ['codex_dispatch_failed: codex_exit_1', 'engine-exit-code', 'unknown'],
  ['Codex CLI exited with code 2', 'engine-exit-code', 'unknown'],
  ['Process completed with exit code 1.', 'unknown-exit', 'unknown'],
  ['Error: Command failed with exit code 2', 'unknown-exit', 'unknown'],
  ['Build left local git repository checkout dirty', null, 'unknown'],
  ['Error: Cannot read properties of undefined (reading \'content\')', null, 'unknown'],
  ['1773003472.027 ::1:52010 - -:- 0.0 - 0 NONE_NONE:HIER_NONE error:transaction-end-before-headers "-"', null, 'unknown'],
];

describe('classify: which rule names a line', () => {
  it.each(LINES)('%s → %s (%s)', (line, ruleId, category) => {
    const c = classify(facts(line));
    expect(c.ruleId).toBe(ruleId);
    expect(c.category).toBe(category);
  });

  it('names every built-in rule at least once in the table above (or in the tests below)', () => {
    const named = new Set(LINES.map(([, id]) => id));
    const elsewhere = ['codex-proxy-401-loop', 'engine-auth-before-start', 'network-blocked-domain'];
    for (const r of BUILTIN_RULES) expect(named.has(r.id) || elsewhere.includes(r.id), r.id).toBe(true);
  });

  it('needs the reconnect loop in the context (within 40 lines) to call a 401 the Codex proxy loop', () => {
    const line = 'ERROR: unexpected status 401 Unauthorized: Incorrect API key provided';
    const loop = 'ERROR: Reconnecting... 4/5 (stream closed)';
    expect(classify(facts(line, [loop, line])).ruleId).toBe('codex-proxy-401-loop');
    expect(classify(facts(line)).ruleId).toBe('auth-401');
    const far = [loop, ...Array.from({ length: 41 }, (_, i) => `step ${i}`), line];
    expect(classify(facts(line, far)).ruleId).toBe('auth-401');
  });

  it('names by the job conclusion when the line does not (timed_out, cancelled, startup_failure)', () => {
    expect(classify(facts('Tests: 14 passed, 0 failed, still running widgets', undefined, 'timed_out')).ruleId).toBe('job-timeout');
    expect(classify(facts('some unrelated line', undefined, 'cancelled')).ruleId).toBe('job-cancelled');
    expect(classify(facts('startup_failure: the workflow could not start, no job ran', undefined, 'startup_failure')).ruleId).toBe('startup-failure');
    // An earlier rule still wins on its line.
    expect(classify(facts('OSError: [Errno 28] No space left on device', undefined, 'timed_out')).ruleId).toBe('job-timeout');
    expect(classify(facts('token_revoked', undefined, 'timed_out')).ruleId).toBe('token-revoked');
  });

  it('tries catch-alls after every other rule: a specific line wins over an exit code in the same line', () => {
    expect(classify(facts('[copilot-harness] process closed exitCode=1 signal=SIGTERM')).ruleId).toBe('engine-timeout');
    expect(classify(facts('Error: Process completed with exit code 1.')).ruleId).toBe('unknown-exit');
  });
});

describe('classify: agent conditions', () => {
  const r401 = 'Error: 401 Unauthorized from https://api.anthropic.com/v1/messages';

  it.each<[string, Partial<FailureFacts>, string | null]>([
    ['401 and tokens == 0: the engine never started', { tokensZero: true }, 'engine-auth-before-start'],
    ['401 after the agent worked', { tokensZero: false }, 'auth-401'],
    ['401, tokens unknown', {}, 'auth-401'],
  ])('%s', (_name, more, ruleId) => {
    expect(classify(facts(r401, [r401], 'failure', more)).ruleId).toBe(ruleId);
  });

  it('calls a network error with a blocked domain a firewall problem', () => {
    const line = 'Error: getaddrinfo ENOTFOUND pypi.org';
    expect(classify(facts(line, [line], 'failure', { blockedDomain: true }))).toMatchObject({ ruleId: 'network-blocked-domain', category: 'policy', key: 'rule:network-blocked-domain|pypi.org' });
    expect(classify(facts(line, [line], 'failure', { blockedDomain: false })).ruleId).toBe('dns');
  });

  it('names a failure by an agent signal when no line rule does, before the catch-alls', () => {
    const generic = 'Process completed with exit code 1.';
    expect(classify(facts(generic, [generic], 'failure', { signals: ['credit-limit'] })).ruleId).toBe('credit-limit');
    expect(classify(facts(generic, [generic], 'failure', { signals: ['agent-completed', 'mcp-failed'] })).ruleId).toBe('mcp-server-failed');
    expect(classify(facts('codex exited with code 1', undefined, 'failure', { signals: ['token-revoked'] })).ruleId).toBe('token-revoked');
    // A line rule wins over a signal.
    expect(classify(facts('/bin/bash: line 1: node: command not found', undefined, 'failure', { signals: ['rate-limit'] })).ruleId).toBe('command-not-found');
    // A signal that names no rule leaves the catch-all.
    expect(classify(facts(generic, [generic], 'failure', { signals: ['zero-turns'] })).ruleId).toBe('unknown-exit');
  });

  it('requires every signal a rule lists under `signals`', () => {
    const rule: Rule = { id: 'loop-without-tokens', title: 'Loop', category: 'auth', patterns: ['boom'], signals: ['retry-loop', 'zero-tokens'], fixHint: 'Fix the loop.', retry: 'never' };
    expect(classify(facts('boom', ['boom'], 'failure', { signals: ['retry-loop'] }), [rule]).ruleId).toBeNull();
    expect(classify(facts('boom', ['boom'], 'failure', { signals: ['retry-loop', 'zero-tokens'] }), [rule]).ruleId).toBe('loop-without-tokens');
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
    expect(c).toMatchObject({ ruleId: 'uncaught-exception', key: 'rule:uncaught-exception|releaseerror|cannot read release.toml', title: 'Uncaught ReleaseError' });
    expect(classify(facts('KeyError: job 123456789 missing')).key).toBe(classify(facts('KeyError: job 987654321 missing')).key);
    expect(classify(facts("ImportError: cannot import name 'a' from 'm'")).key).not.toBe(classify(facts("ImportError: cannot import name 'b' from 'm'")).key);
  });

  it.each<[string, string, string]>([
    ['auth by status and host', 'HTTP 401 Unauthorized from https://api.githubcopilot.com/chat', 'rule:auth-401|401|api.githubcopilot.com'],
    ['auth without a status', 'fatal: Authentication failed for https://github.com/o/r/', 'rule:auth-401||github.com'],
    ['engine exit by engine and code, whatever the case', 'Codex CLI exited with code 2', 'rule:engine-exit-code|codex|2'],
    ['permission by the denied action', 'User: arn:aws:iam::1:user/ci is not authorized to perform: ecr:GetAuthorizationToken', 'rule:permission-denied|ecr:getauthorizationtoken|'],
    ['network by host and service port', 'Error: connect ECONNREFUSED 127.0.0.1:5432', 'rule:network|<ip>:5432'],
    ['network to another service', 'Error: connect ECONNREFUSED 127.0.0.1:6379', 'rule:network|<ip>:6379'],
    ['checkout by what failed', "fatal: couldn't find remote ref refs/heads/gone", "rule:checkout-failed|couldn't find remote ref"],
    ['build by target', 'make[2]: *** [src/CMakeFiles/widgets.dir/build.make:76: src/a.o] Error 1', 'rule:build-failure|src/cmakefiles/widgets.dir/build.make:<n>: src/a.o'],
    ['lint by linter', '  Error (MYPY) Linter failed', 'rule:lint-failure|mypy||'],
    ['crash by signal and program', 'nn/test_pruning 1/1 failed! Received signal: SIGBUS', 'rule:crash|sigbus|nn/test_pruning'],
    ['artifact by name', 'Artifact not found for name: wheels-linux', 'rule:artifact-missing|wheels-linux'],
    ['docker pull by image', 'Error response from daemon: manifest for python:3.14t not found: manifest unknown', 'rule:docker-pull|python:3.14t'],
  ])('keys %s', (_name, line, key) => {
    expect(classify(facts(line)).key).toBe(key);
  });

  it('keys an unexplained exit code by the code and the failed step (never one cluster for every exit 1)', () => {
    const line = 'Process completed with exit code 1.';
    const build = classify({ ...facts(line), failedStep: 'Build widgets' });
    const test = classify({ ...facts(line), failedStep: 'Run tests' });
    expect(build.key).toBe('rule:unknown-exit|1|step:build widgets');
    expect(test.key).toBe('rule:unknown-exit|1|step:run tests');
    expect(classify({ ...facts('Process completed with exit code 2.'), failedStep: 'Run tests' }).key).toBe('rule:unknown-exit|2|step:run tests');
    expect(build.title).toBe('Exit code 1, no more specific cause found');
  });

  it('keys an unnamed failure by its normalized line, with a short title; a generic one by line and step', () => {
    const a = classify(facts('Widget count mismatch for run 24771662916 at 2026-04-22T09:46:12Z after 12.5s'));
    const b = classify(facts('Widget count mismatch for run 24771700001 at 2026-04-22T10:01:40Z after 3.1s'));
    expect(a).toEqual({ ruleId: null, title: 'Widget count mismatch for run <id> at after <dur>', category: 'unknown', key: 'line:Widget count mismatch for run <id> at after <dur>', fixHint: null, retry: null });
    expect(b.key).toBe(a.key);
    expect(classify(facts(`Something odd happened: ${'very '.repeat(40)}odd`)).title.length).toBeLessThanOrEqual(80);
    const generic = classify({ ...facts('Error: something went wrong'), failedStep: 'Deploy' });
    expect(generic).toMatchObject({ ruleId: null, key: 'line:Error: something went wrong|step:deploy' });
  });

  it('masks the config’s extra secrets in keys', () => {
    const c = classify(facts('KeyError: ACME-AB12CD34EF56 missing'), BUILTIN_RULES, { mask: [/ACME-[A-Z0-9]{12}/g] });
    expect(c.key).toBe('rule:uncaught-exception|keyerror|*** missing');
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

  it('honours unless, keyStep and contextWindow', () => {
    const f: FailureFacts = { line: 'Widget quota exhausted for team Blue (dry run)', context: [], failedStep: 'Deploy widgets', conclusion: 'failure' };
    expect(classify(f, [{ ...custom, unless: [String.raw`\(dry run\)`] }]).ruleId).toBeNull();
    expect(classify(f, [{ ...custom, keyStep: true }]).key).toBe('rule:widget-quota|blue|step:deploy widgets');
    const ctx = ['quota service: region eu', 'x', 'y', f.line];
    const near: Rule = { ...custom, contextPatterns: ['quota service'], contextWindow: 2 };
    expect(classify({ ...f, context: ctx }, [near]).ruleId).toBeNull();
    expect(classify({ ...f, context: ctx }, [{ ...near, contextWindow: 3 }]).ruleId).toBe('widget-quota');
  });

  it('skips a rule whose regex does not compile', () => {
    const broken: Rule = { ...custom, id: 'broken', patterns: ['(unclosed'] };
    const f: FailureFacts = { line: 'Widget quota exhausted for team Blue', context: [], failedStep: 'deploy', conclusion: null };
    expect(classify(f, [broken, custom]).ruleId).toBe('widget-quota');
  });
});

describe('classify: cost', () => {
  it('stays linear on long hostile lines (no catastrophic backtracking)', () => {
    const pieces = [' ', 'x.', 'a(', '::', ': ', '● ', 'FAILED ', '/bin/bash: ', 'codex ', 'sk-', 'token=', 'https://', '"', "'", 'x@y.', '_ ', '_work/', 'a/', '{"name":"', '>>> ', 'model ', 'ECONNREFUSED '];
    const lines = pieces.flatMap((p) => [p.repeat(4096).slice(0, 4096), `x${p.repeat(4096)}`.slice(0, 4095) + '!']);
    const t0 = Date.now();
    for (const l of lines) classify(facts(l, [l, l], 'failure', { signals: ['zero-turns'] }));
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
