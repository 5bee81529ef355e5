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
