import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_LENGTH, NORMALIZER_VERSION, clusterIdOf, fingerprintOf, isGenericSignature, normalizeLine, rehydrateSignature } from './index.js';

const TABLE: Array<[name: string, input: string, expected: string]> = [
  ['runner timestamp', '2026-04-22T09:46:12.4412345Z Error: boom', 'Error: boom'],
  ['bracketed timestamp', '[2026-04-22T09:46:12] ERROR: stream closed', 'ERROR: stream closed'],
  ['clock time', '12:04:33.120 worker stopped', 'worker stopped'],
  ['date', 'cache from 2026-04-21 is stale', 'cache from <date> is stale'],
  ['uuid', 'session 123e4567-e89b-12d3-a456-426614174000 lost', 'session <uuid> lost'],
  ['full sha', 'checkout 0123456789abcdef0123456789abcdef01234567 failed', 'checkout <sha> failed'],
  ['sha256 digest', 'pull sha256:' + 'ab12'.repeat(16) + ' failed', 'pull sha256:<sha> failed'],
  ['short sha after commit', 'HEAD is now at 4b1c9e0 Bump codex', 'HEAD is now at <sha> Bump codex'],
  ['short sha range', 'compare 4b1c9e0..28d8df1 shows 2 commits', 'compare <sha:1>..<sha:2> shows <n> commits'],
  ['short sha after @', 'uses octo/setup@a1b2c3d4e5', 'uses octo/setup@<sha>'],
  ['0x hex', 'at <function exit at 0x7fea0d9b9480>', 'at <function exit at <hex>>'],
  ['long hex', 'blob 9f86d081884c7d65 missing', 'blob <hex> missing'],
  ['ip and ephemeral port', 'connect ECONNREFUSED 172.30.0.30:10000', 'connect ECONNREFUSED <ip>:<port>'],
  ['ip and service port kept', 'connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED <ip>:5432'],
  ['localhost ports', 'GET http://localhost:43121/health failed; localhost:6379 refused; localhost:51234 refused', 'GET http://localhost:<port>/health failed; localhost:6379 refused; localhost:<port> refused'],
  ['ipv6', 'bind [2001:db8::8a2e:370:7334]:443 failed, then fe80::1ff:fe23:4567:890a', 'bind <ip:1>:443 failed, then <ip:2>'],
  ['ipv6 loopback', 'peer ::1 closed', 'peer <ip> closed'],
  ['C++ scopes are not ipv6', 'no matching function for call to torch::autograd::profiler', 'no matching function for call to torch::autograd::profiler'],
  [
    'url: path ids and query masked, host kept',
    'GET https://api.github.com/repos/octo/widgets/actions/runs/24771662916/jobs?per_page=100&page=2 failed',
    'GET https://api.github.com/repos/octo/widgets/actions/runs/<n>/jobs?<query> failed',
  ],
  ['url with ip host and trailing comma', 'url: http://172.30.0.30:10000/v1/responses, retrying', 'url: http://<ip>:<port>/v1/responses, retrying'],
  ['url keeps a service port', 'fetch https://registry.example.com:8443/v2/x failed', 'fetch https://registry.example.com:8443/v2/x failed'],
  ['url hex segment', 'download https://codeload.github.com/o/r/tar.gz/050ce9e1226b', 'download https://codeload.github.com/o/r/tar.gz/<hex>'],
  ['email', 'commit by dev.one+ci@example.com rejected', 'commit by <email> rejected'],
  ['workspace path', "open '/home/runner/work/widgets/widgets/src/a.ts' failed at 12:5", "open '<ws>/src/a.ts' failed at <n>:<n>"],
  ['container workspace path', '/__w/widgets/widgets/build/out.o: error', '<ws>/build/out.o: error'],
  ['self-hosted runner workspace (windows)', 'C:\\actions-runner\\_work\\torch\\torch\\src\\a.h(89): error C2143', '<ws>\\src\\a.h(<n>): error C2143'],
  ['self-hosted runner workspace (linux)', '/opt/runner/_work/widgets/widgets/src/a.ts:3:7 error', '<ws>/src/a.ts:<n>:<n> error'],
  ['windows runner temp', 'D:\\a\\_temp\\0a1b2c.ps1: failed', '<tmp>: failed'],
  ['runner temp script', '/home/runner/work/_temp/0a1b2c.sh: line 3: node: command not found', '<tmp>: line <n>: node: command not found'],
  ['tmp path', 'wrote /tmp/tmp.Xa12Bc/out.log', 'wrote <tmp>'],
  ['absolute path keeps shape, numbers masked', 'missing /var/lib/builds/12345/out.bin', 'missing /var/lib/builds/<n>/out.bin'],
  ['durations', 'took 12.3s, then 5m3s, then 250ms, then after 360 minutes', 'took <dur>, then <dur>, then <dur>, then after <dur>'],
  ['numbers', 'retry 3 of 5 with 1,024 items', 'retry <n> of <n> with <n>,<n> items'],
  ['numbers inside identifiers stay', 'test_case_2 in python3 on x86_64', 'test_case_2 in python3 on x86_64'],
  ['HTTP status kept', 'unexpected status 401 Unauthorized: Missing bearer', 'unexpected status 401 Unauthorized: Missing bearer'],
  ['HTTP status after HTTP', 'HTTP 403 on upload of 12 files', 'HTTP 403 on upload of <n> files'],
  ['JSON status kept', '"message": "Forbidden", "status": "403"', '"message": "Forbidden", "status": "403"'],
  ['exit code kept', 'Process completed with exit code 137.', 'Process completed with exit code 137.'],
  ['run id', 'run 24771662916 failed', 'run <id> failed'],
  ['run and job ids keep apart', 'job 72576201883 of run 24771662916 lost', 'job <id:1> of run <id:2> lost'],
  ['identity: one value twice is one placeholder', 'copy 123e4567-e89b-12d3-a456-426614174000 onto 123e4567-e89b-12d3-a456-426614174000', 'copy <uuid> onto <uuid>'],
  ['identity: two values are numbered by first appearance', 'copy 123e4567-e89b-12d3-a456-426614174000 onto 123e4567-e89b-12d3-a456-426614174001, not 123e4567-e89b-12d3-a456-426614174000', 'copy <uuid:1> onto <uuid:2>, not <uuid:1>'],
  ['identity is per type', 'expected sha 0123456789abcdef0123456789abcdef01234567 from 10.0.0.1, got 10.0.0.2', 'expected sha <sha> from <ip:1>, got <ip:2>'],
  ['identity of emails ignores case', 'a@Example.com pushed as A@example.com', '<email> pushed as <email>'],
  ['request ids', 'cf-ray: 9c1a2b3c4d5e6f70-IAD, request id: req_0123abcd4567', 'cf-ray: <id:1>, request id: <id:2>'],
  ['GitHub request id', 'include the request ID 93C2:95E39:1954C51:58FD1F0:6A693F59', 'include the request ID <id>'],
  ['quoted value after =', 'widget name="blue one" rejected', 'widget name="<val>" rejected'],
  ['whitespace collapsed', '  too    many\tspaces  ', 'too many spaces'],
  ['ANSI and GHA marker', '##[error]\x1b[31mError: boom\x1b[0m', 'Error: boom'],
];

describe('normalizeLine (v2)', () => {
  it('is version 2', () => {
    expect(NORMALIZER_VERSION).toBe(2);
  });

  it.each(TABLE)('%s', (_name, input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });

  it.each(TABLE)('is idempotent: %s', (_name, input) => {
    const once = normalizeLine(input);
    expect(normalizeLine(once)).toBe(once);
  });

  it('gives one value one placeholder wherever it appears, and two values two', () => {
    expect(normalizeLine('expected 5 items, got 5 items from 10.0.0.1 and 10.0.0.1')).toBe('expected <n> items, got <n> items from <ip> and <ip>');
    expect(normalizeLine('expected 5 items, got 6 items from 10.0.0.1 and 10.0.0.9')).toBe('expected <n> items, got <n> items from <ip:1> and <ip:2>');
    // Counters are not identities: `1/5` and `5/5` are one failure.
    expect(normalizeLine('Reconnecting... 5/5')).toBe(normalizeLine('Reconnecting... 1/5'));
  });

  it('applies extra masks from the config before anything else', () => {
    const mask = [/ACME-[A-Z0-9]{12}/, /corp-secret-\w+/g];
    const out = normalizeLine('login ACME-AB12CD34EF56 failed for corp-secret-blue at https://ACME-AB12CD34EF56@x.example.com', { mask });
    expect(out).toBe('login *** failed for *** at https://***@x.example.com');
    expect(normalizeLine('login ACME-AB12CD34EF56 failed')).toContain('ACME-');
  });

  it('keeps 401 and 403 apart, and exit codes apart', () => {
    expect(normalizeLine('status 401 from proxy')).not.toBe(normalizeLine('status 403 from proxy'));
    expect(normalizeLine('exited with code 1')).not.toBe(normalizeLine('exited with code 137'));
  });

  it('makes two occurrences of one failure equal', () => {
    const a = 'ERROR: Reconnecting... 1/5 (unexpected status 401 Unauthorized: Incorrect API key provided: sk-place****************roxy., url: wss://api.openai.com/v1/responses, cf-ray: 9c1a2b3c4d5e6f70-IAD, request id: req_0123abcd4567)';
    const b = 'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized: Incorrect API key provided: sk-place****************roxy., url: wss://api.openai.com/v1/responses, cf-ray: 8d0e1f2a3b4c5d6e-FRA, request id: req_89efab012345)';
    expect(normalizeLine(a)).toBe(normalizeLine(b));
    expect(normalizeLine(a)).toBe(
      'ERROR: Reconnecting... <n>/<n> (unexpected status 401 Unauthorized: Incorrect API key provided: sk-***., url: wss://api.openai.com/v1/responses, cf-ray: <id:1>, request id: <id:2>)',
    );
  });

  it('never lets a secret through', () => {
    const out = normalizeLine('push https://x-access-token:ghs_Zz9Yy8Xx7WZz9Yy8Xx7W1234@github.com/o/r with token=abc123def and Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.eyJzdWIiOiIxMjM0NTY3ODkw.sig');
    expect(out).not.toMatch(/ghs_Z|abc123def|eyJ0eXAi/);
    expect(out).toContain('https://***@github.com/o/r');
  });

  it('caps its output and survives binary and huge input', () => {
    expect(normalizeLine('word '.repeat(5000)).length).toBeLessThanOrEqual(MAX_SIGNATURE_LENGTH);
    expect(normalizeLine('\x00\x01\x02 junk \uE000\uE001 \x7f')).toBe('junk');
    const t0 = Date.now();
    normalizeLine('a'.repeat(2_000_000));
    normalizeLine('0'.repeat(4096) + 'x');
    normalizeLine(`${'/a'.repeat(3000)} ${'x.y.'.repeat(1000)}`);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('isGenericSignature', () => {
  it.each([
    ['Error: Process completed with exit code 1.', true],
    ['make: *** [Makefile:12: all] Error 2', false],
    ['Error: Command failed with exit code 2', true],
    ['npm ERR! Test failed. See above for more details.', true],
    ['error: command failed with exit code 2', true],
    ['Error: boom', false],
    ['/bin/bash: line <n>: node: command not found', false],
    ['Segmentation fault (core dumped)', false],
    ['<tmp>: failed', true],
  ])('%s → %s', (sig, generic) => {
    expect(isGenericSignature(normalizeLine(sig))).toBe(generic);
  });
});

describe('rehydrateSignature', () => {
  it.each(TABLE)('turns a signature back into a line that normalizes to it: %s', (_name, input) => {
    const sig = normalizeLine(input);
    expect(normalizeLine(rehydrateSignature(sig))).toBe(sig);
  });

  it('keeps numbered identities apart', () => {
    const sig = 'copy <uuid:1> onto <uuid:2> via <ip:1>, <ip:2>, <sha:1>..<sha:2>, <id:1>/<id:2>, <email:1> <email:2>, <hex:1> <hex:2>';
    expect(normalizeLine(rehydrateSignature(sig))).toBe(sig);
  });
});

describe('fingerprintOf / clusterIdOf', () => {
  it('hashes the key with the normalizer version (golden values)', () => {
    expect(fingerprintOf('rule:codex-proxy-401-loop')).toBe('v2:714df021c7897b4a');
    expect(fingerprintOf('line:Error: boom')).toMatch(/^v2:[0-9a-f]{16}$/);
    expect(fingerprintOf('rule:command-not-found|node')).not.toBe(fingerprintOf('rule:command-not-found|python3'));
  });

  it('derives a short stable cluster id from the fingerprint', () => {
    const fp = fingerprintOf('rule:codex-proxy-401-loop');
    expect(clusterIdOf(fp)).toBe('c714df021c7');
    expect(clusterIdOf(fp)).toBe(clusterIdOf(fingerprintOf('rule:codex-proxy-401-loop')));
    expect(clusterIdOf('not a fingerprint')).toMatch(/^c[0-9a-f]{10}$/);
  });
});
