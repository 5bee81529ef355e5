import { describe, expect, it } from 'vitest';
import { isBoilerplate, rankLine } from './index.js';

describe('rankLine', () => {
  it.each([
    ['The operation was canceled.', 'error', 'runner'],
    ['The runner has received a shutdown signal. This can happen when the runner service is stopped.', 'error', 'runner'],
    ['{"error":{"code":"token_revoked","message":"Encountered invalidated oauth token"}}', null, 'revoked'],
    ["You've reached your workspace credit limit.", null, 'limits'],
    ['ERROR: Reconnecting... 2/5 (unexpected status 401 Unauthorized: Missing bearer or basic authentication in header)', null, 'auth'],
    ['dependency failed to start: container awf-api-proxy is unhealthy', null, 'sidecar'],
    ['/bin/bash: line 1: node: command not found', null, 'command'],
    ['/bin/sh: 1: python3: not found', null, 'command'],
    ['Cannot create pull request: the patch modifies protected files: .github/workflows/ci.lock.yml', null, 'protected'],
    ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', null, 'oom'],
    ['OSError: [Errno 28] No space left on device', null, 'disk'],
    ['gh: API rate limit exceeded for user ID 1234.', null, 'rate-limit'],
    ['curl: (6) Could not resolve host: registry.example.com', null, 'network'],
    ['FAILED tests/test_api.py::test_create_widget - assert 500 == 201', null, 'test'],
    ["src/main.c:42:5: error: implicit declaration of function 'widget_init'", null, 'compile'],
    ['panic: runtime error: index out of range [3] with length 3', null, 'panic'],
    ['npm ERR! ERESOLVE unable to resolve dependency tree', null, 'npm'],
    ['Unable to upload: not authorized to perform: s3:PutObject', null, 'auth'],
    ['Something broke in the deploy hook', 'error', 'annotation'],
    ['Error: Input required and not supplied: token', null, 'error'],
    ["The process '/usr/bin/git' failed with exit code 128", null, 'wrapper'],
    ['Could not write the summary file', null, 'fallback'],
  ])('%s → %s', (text, marker, kind) => {
    expect(rankLine(text, marker)?.kind).toBe(kind);
  });

  it('orders causes before tests before compilers before generic errors before wrappers', () => {
    const rank = (t: string): number => rankLine(t, null)?.rank ?? Infinity;
    expect(rank('/bin/bash: line 1: node: command not found')).toBeLessThan(rank('FAILED tests/a.py::test_b - x'));
    expect(rank('FAILED tests/a.py::test_b - x')).toBeLessThan(rank('src/a.c:1:2: error: x'));
    expect(rank('src/a.c:1:2: error: x')).toBeLessThan(rank('ValueError: bad value'));
    expect(rank('ValueError: bad value')).toBeLessThan(rank('Error: something'));
    expect(rank('Error: something')).toBeLessThan(rank('Could not write the summary file'));
    expect(rank('Could not write the summary file')).toBeLessThan(rank('make: *** [all] Error 2'));
  });

  it.each([
    ['Process completed with exit code 1.', 'error'],
    ['Error: Process completed with exit code 2.', null],
    ['Post job cleanup.', null],
    ['Cleaning up orphan processes', null],
    ['shell: /usr/bin/bash -e {0}', null],
    ['Run npm test', 'group'],
    ['Node 20 is deprecated, failing soon', 'warning'],
    ['/usr/bin/git fetch --depth=1 origin failed-branch', 'command'],
    ['+ echo "build failed"', null],
    ['[INFO] BUILD FAILURE', null],
    ['12:00:01.123 [main] WARN  c.e.Uploader - upload failed, retrying', null],
    ['    infos = socket.getaddrinfo(address, port)', null],
    [' ✓ rejects invalid tokens (3 ms)', null],
    ['Compiled 120 files', null],
    ['', null],
  ])('never a candidate: %j', (text, marker) => {
    expect(rankLine(text, marker)).toBeNull();
  });

  it('knows the boilerplate lines', () => {
    expect(isBoilerplate('Process completed with exit code 1.')).toBe(true);
    expect(isBoilerplate('  Post job cleanup.')).toBe(true);
    expect(isBoilerplate('Process failed with exit code 1 because of X')).toBe(false);
  });
});

// Every alternative of every cause rule, so that the trigger-word gating (trigger.ts) can never
// hide one: a rule is tried only on lines holding a word of its groups.
describe('rankLine: each alternative of the cause rules is reachable', () => {
  it.each([
    ['The job running on runner hosted-7 has exceeded the maximum execution time of 360 minutes.', 'runner'],
    ["The action 'Test' has timed out after 360 minutes.", 'runner'],
    ['The run was cancelled.', 'runner'],
    ['The runner has received a shutdown signal. This can happen when the runner service is stopped.', 'runner'],
    ['The self-hosted runner: build-7 lost communication with the server.', 'runner'],
    ['Canceling since a higher priority waiting request for deploy-main exists', 'runner'],
    ['The job was not acquired by Runner of type hosted even after multiple attempts', 'runner'],
    ['Error: token has been revoked', 'revoked'],
    ['gh: revoked token for app 42', 'revoked'],
    ['Credits exhausted for this billing period', 'limits'],
    ['Maximum AI credits reached for this month', 'limits'],
    ['{"code":"insufficient_quota","message":"no more"}', 'limits'],
    ['You exceeded your current quota, please check your plan', 'limits'],
    ['Billing hard limit has been reached', 'limits'],
    ['Sorry, you are out of credits', 'limits'],
    ['usage_limit_reached for model gpt-x', 'limits'],
    ["You've hit your usage limit. Try again later.", 'limits'],
    ['Quota exceeded for quota metric generate-requests', 'limits'],
    ['401 Unauthorized: key rejected', 'auth'],
    ['Unauthorized (401)', 'auth'],
    ['request failed with status code 401', 'auth'],
    ['< HTTP/1.1 401', 'auth'],
    ['403 Forbidden', 'auth'],
    ['{"error":"invalid_api_key"}', 'auth'],
    ['Incorrect API key provided: sk-***', 'auth'],
    ['Invalid bearer token', 'auth'],
    ['Failed to authenticate with registry.example.com', 'auth'],
    ['Bad credentials', 'auth'],
    ['authentication required', 'auth'],
    ['remote: Authentication failed for https://github.com/o/r.git/', 'auth'],
    ['git@github.com: Permission denied (publickey).', 'auth'],
    ['invalid_grant: the refresh token expired', 'auth'],
    ['HttpError: Resource not accessible by integration', 'auth'],
    ['Requires authentication', 'auth'],
    ['Error: dependency failed to start', 'sidecar'],
    ['exec: "docker": executable file not found in $PATH', 'command'],
    ["'node' is not recognized as an internal or external command,", 'command'],
    ["The term 'pwsh' is not recognized as a name of a cmdlet", 'command'],
    ["/usr/bin/env: 'python': No such file or directory", 'command'],
    ['bash: ./tool: cannot execute binary file: Exec format error', 'command'],
    ['unable to find bun executable in PATH', 'command'],
    ['/usr/local/bin/tool: not executable', 'command'],
    ["requires Python 3.11, but 'python3.11' is not available", 'command'],
    ['bash: line 1: ./run.sh: Permission denied', 'command'],
    ['refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission', 'protected'],
    ['The patch modifies a protected path', 'protected'],
    ['fatal: Out of memory, malloc failed', 'oom'],
    ['java.lang.OutOfMemoryError: Java heap space', 'oom'],
    ['Reason: OOMKilled', 'oom'],
    ['kernel: oom-kill event in container', 'oom'],
    ['Killed', 'oom'],
    ['./run.sh: line 12:  4242 Killed  python train.py', 'oom'],
    ['Process exited with code 137', 'oom'],
    ['MemoryError', 'oom'],
    ['Cannot allocate memory', 'oom'],
    ["terminate called after throwing an instance of 'std::bad_alloc'", 'oom'],
    ['signal: killed', 'oom'],
    ['npm ERR! code ENOSPC', 'disk'],
    ['Disk quota exceeded', 'disk'],
    ['not enough free disk space on /tmp', 'disk'],
    ['You are running out of disk space.', 'disk'],
    ['upstream answered status 429', 'rate-limit'],
    ['HTTP 429', 'rate-limit'],
    ['429 Too Many Requests', 'rate-limit'],
    ['openai.RateLimitError: slow down', 'rate-limit'],
    ['Request was throttled', 'rate-limit'],
    ['CAPIError: 429', 'rate-limit'],
    ['Error response from daemon: manifest for python:3.14t not found: manifest unknown', 'docker-pull'],
    ['Error response from daemon: Get "https://registry-1.docker.io/v2/": toomanyrequests', 'docker-pull'],
    ['manifest unknown', 'docker-pull'],
    ['failed to pull image "ghcr.io/o/x:1"', 'docker-pull'],
    ['Warning  Failed  ErrImagePull', 'docker-pull'],
    ['Back-off pulling image: ImagePullBackOff', 'docker-pull'],
    ['pull access denied for foo, repository does not exist', 'docker-pull'],
    ['failed to resolve reference "docker.io/x:1"', 'docker-pull'],
    ['Failed to download action https://api.github.com/repos/o/a/tarball/v1', 'action-download'],
    ['Unable to resolve action `o/a@v9`, unable to find version `v9`', 'action-download'],
    ['An action could not be found at the URI https://api.github.com/repos/o/a', 'action-download'],
    ["Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '/home/runner/work/_actions/o/a'", 'action-download'],
    ['Failed to download archive https://codeload.github.com/o/r/tar.gz/abc after 3 attempts.', 'action-download'],
    ['Unable to download artifact(s): Artifact not found for name: wheels', 'action-download'],
    ['Artifact not found for name: wheels', 'action-download'],
    ['Missing download info for actions/cache@v4', 'action-download'],
    ['Temporary failure in name resolution', 'network'],
    ['Name or service not known', 'network'],
    ['getaddrinfo EAI_AGAIN registry.npmjs.org', 'network'],
    ['npm error errno EAI_AGAIN', 'network'],
    ['Error: connect ECONNREFUSED 127.0.0.1:5432', 'network'],
    ['read ECONNRESET', 'network'],
    ['connect ETIMEDOUT 10.0.0.1:443', 'network'],
    ['connect EHOSTUNREACH 10.0.0.1:443', 'network'],
    ['connect ENETUNREACH 10.0.0.1:443', 'network'],
    ['Connection refused', 'network'],
    ['Connection reset by peer', 'network'],
    ['ssh: connect to host x port 22: Connection timed out', 'network'],
    ['Network is unreachable', 'network'],
    ['net/http: TLS handshake timeout', 'network'],
    ['dial tcp 10.0.0.1:443: i/o timeout', 'network'],
    ['Failed to connect to github.com port 443 after 2 ms', 'network'],
    ['socket hang up', 'network'],
    ['Caused by: dns error', 'network'],
    [' Container awf-agent  Error', 'sidecar'],
  ])('%s → %s', (text, kind) => {
    expect(rankLine(text, null)?.kind).toBe(kind);
  });
});

describe('rankLine: verdicts and demotions', () => {
  const rank = (t: string): number => rankLine(t, null)?.rank ?? Infinity;

  it.each([
    ['>>> Lint for src/module.py:', 'lint'],
    ['  Error (CLANGTIDY) Linter failed', 'lint'],
    ['would reformat src/app.py', 'lint'],
    ['Would reformat: src/app.py', 'lint'],
    ['Oh no! 💥 💔 💥 2 files would be reformatted, 10 files would be left unchanged.', 'lint'],
    ['[warn] Code style issues found in 2 files. Run Prettier with --write to fix.', 'lint'],
    ['Diff in /home/runner/work/r/r/src/main.rs at line 12:', 'lint'],
    ['FAILED CONSISTENTLY: tests/test_api.py::TestWidgets::test_create', 'test'],
    ['ERROR: test_a,_b (pkg.TestCase)', 'test'],
    ['com.example.CartTest.appliesDiscount FAILED', 'test'],
    ['    [junit]   JUnit Jupiter:CartTest:appliesDiscount()', 'test'],
    ['[error] Test com.example.CartTest.appliesDiscount failed: java.lang.AssertionError: expected 90', 'test'],
    ['TEST-UNEXPECTED-FAIL | dom/tests/test_widget.html | expected 1, got 2', 'test'],
    ['//pkg/widgets:cart_test     FAILED in 3 out of 3 in 12.1s', 'test'],
    ['RuntimeError: test_widgets 1/1 failed!', 'wrapper'],
    ['REGRESSION: benchmark cart_total failed, 12% slower than expected', 'fallback'],
  ])('%s → %s', (text, kind) => {
    expect(rankLine(text, null)?.kind).toBe(kind);
  });

  it('ranks an exception that only repeats a status like an exit-status wrapper', () => {
    expect(rank('RuntimeError: test_widgets 1/1 failed!')).toBe(rank("The process '/usr/bin/python' failed with exit code 1"));
    expect(rank('RuntimeError: widgets failed to load the fixture table')).toBeLessThan(rank('Error: something'));
  });

  it('prefers a final verdict after reruns to the summary line of one attempt', () => {
    expect(rank('FAILED CONSISTENTLY: tests/a.py::test_b')).toBeLessThanOrEqual(rank('FAILED tests/a.py::test_b - x'));
  });

  it('ranks a named cause inside an application log record below test-runner lines', () => {
    const logged = '    [sampler-1] ERROR io.example.sampler.GrpcService - Failed to execute request: Failed to connect to localhost/127.0.0.1:14250';
    expect(rankLine(logged, null)?.kind).toBe('network');
    expect(rank(logged)).toBeGreaterThan(rank('CartTest > appliesDiscount() FAILED'));
    expect(rank('Failed to connect to localhost/127.0.0.1:14250')).toBeLessThan(rank('CartTest > appliesDiscount() FAILED'));
  });

  it('ranks lint verdicts below error lines and above the fallback', () => {
    expect(rank('Error: something')).toBeLessThan(rank('>>> Lint for src/a.py:'));
    expect(rank('>>> Lint for src/a.py:')).toBeLessThan(rank('Could not write the summary file'));
  });

  it('prefers an all-caps verdict label to prose that mentions a failure', () => {
    expect(rank('REGRESSION: benchmark x failed, 12% slower')).toBeLessThan(rank('please update the results that changed, not only the failed ones'));
  });

  it.each([
    'Passed: Total 3, Failed 0, Errors 0, Passed 3',
    'Build finished with errors: 0',
  ])('never a candidate: %j', (text) => {
    expect(rankLine(text, null)).toBeNull();
  });
});
