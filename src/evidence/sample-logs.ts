// Job logs written for the tests (not copied from anywhere), as the lines after the runner's
// timestamp; testkit.ghaLog adds the timestamps. Line numbers in comments are 1-based.

const reconnect = (n: number, reason: string, ray: string): string =>
  `ERROR: Reconnecting... ${n}/5 (unexpected status 401 Unauthorized: ${reason}, url: wss://api.openai.com/v1/responses, cf-ray: ${ray}-IAD, request id: req_${ray.slice(0, 12)})`;

/** A Codex engine step looping on 401 through the proxy; the 5/5 line is line 24. */
export function codexLoop(reason = 'Incorrect API key provided: sk-place****************roxy.'): string[] {
  return [
    "Current runner version: '2.323.0'", // 1
    '##[group]Runner Image',
    'Image: ubuntu-24.04',
    '##[endgroup]',
    '##[group]Run actions/checkout@v4', // 5
    'with:',
    '  repository: octo/widgets',
    '##[endgroup]',
    'Syncing repository: octo/widgets',
    '##[group]Run set -o pipefail', // 10
    '\x1b[36;1mset -o pipefail\x1b[0m',
    '\x1b[36;1mcodex exec --full-auto "$(cat /tmp/prompt.txt)" | tee /tmp/agent.log\x1b[0m',
    'shell: /usr/bin/bash -e {0}',
    'env:',
    '  OPENAI_API_KEY: ***', // 15
    '##[endgroup]',
    '[2026-04-22T09:46:16] OpenAI Codex v0.121.0 (research preview)',
    '--------',
    'model: gpt-5.3-codex',
    reconnect(1, reason, '9c1a2b3c4d5e6f71'), // 20
    reconnect(2, reason, '9c1a2b3c4d5e6f72'),
    reconnect(3, reason, '9c1a2b3c4d5e6f73'),
    reconnect(4, reason, '9c1a2b3c4d5e6f74'),
    reconnect(5, reason, '9c1a2b3c4d5e6f75'), // 24
    `ERROR: unexpected status 401 Unauthorized: ${reason}`, // 25
    '##[error]Process completed with exit code 1.',
    'Post job cleanup.',
    '[command]/usr/bin/git version',
    'git version 2.49.0',
    'Cleaning up orphan processes', // 30
  ];
}

/** docker compose sidecar failing its health check; the cause is line 15. */
export function sidecarUnhealthy(container = 'awf-api-proxy'): string[] {
  return [
    '##[group]Run sudo -E awf --enable-api-proxy -- /bin/bash -c "gemini -p prompt"', // 1
    '\x1b[36;1msudo -E awf --enable-api-proxy -- /bin/bash -c "gemini -p prompt"\x1b[0m',
    'shell: /usr/bin/bash -e {0}',
    '##[endgroup]',
    '[INFO] Starting containers...', // 5
    ' Container awf-squid  Creating',
    ' Container awf-squid  Created',
    ` Container ${container}  Creating`,
    ` Container ${container}  Created`,
    ' Container awf-squid  Started', // 10
    ' Container awf-squid  Waiting',
    ` Container ${container}  Waiting`,
    ' Container awf-squid  Healthy',
    ` Container ${container}  Error`,
    `dependency failed to start: container ${container} is unhealthy`, // 15
    '[ERROR] Failed to start containers: Error: Command failed with exit code 1: docker compose up -d --pull never',
    '##[error]Process completed with exit code 1.',
  ];
}

/** A sandboxed engine that cannot find its runtime; the cause is line 5. */
export function commandNotFound(command = 'node'): string[] {
  return [
    `##[group]Run sudo -E awf -- /bin/bash -c '${command} /opt/copilot/index.js'`, // 1
    `\x1b[36;1msudo -E awf -- /bin/bash -c '${command} /opt/copilot/index.js'\x1b[0m`,
    '##[endgroup]',
    '[entrypoint] Starting agent',
    `/bin/bash: line 1: ${command}: command not found`, // 5
    '[entrypoint][ERROR] Agent exited with code 127',
    '##[error]Process completed with exit code 127.',
  ];
}

/** pytest with two failing tests; the first summary line is line 31. */
export const PYTEST_TWO_FAILURES: string[] = [
  '##[group]Run pytest -q', // 1
  '\x1b[36;1mpytest -q\x1b[0m',
  '##[endgroup]',
  '============================= test session starts ==============================',
  'platform linux -- Python 3.12.3, pytest-8.3.5, pluggy-1.5.0', // 5
  'collected 14 items',
  '',
  'tests/test_api.py ..F.....                                               [ 57%]',
  'tests/test_db.py .....F                                                  [100%]',
  '', // 10
  '=================================== FAILURES ===================================',
  '_____________________________ test_create_widget ______________________________',
  '',
  '    def test_create_widget():',
  '        resp = client.post("/widgets", json={"name": "a"})', // 15
  '>       assert resp.status_code == 201',
  'E       assert 500 == 201',
  'E        +  where 500 = <Response [500]>.status_code',
  '',
  'tests/test_api.py:42: AssertionError', // 20
  '______________________________ test_migrations ________________________________',
  '',
  '    def test_migrations():',
  '>       run_migrations(engine)',
  'E       sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table: widgets', // 25
  '',
  'tests/test_db.py:88: OperationalError',
  'Error: could not connect to the metrics sink (ignored)',
  '=========================== short test summary info ============================',
  'FAILED tests/test_api.py::test_create_widget - assert 500 == 201', // 30
  'FAILED tests/test_db.py::test_migrations - sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table: widgets',
  '========================= 2 failed, 12 passed in 3.21s =========================',
  '##[error]Process completed with exit code 1.',
];

/** jest (with its colours); the failing test is line 6. */
export const JEST_FAILURE: string[] = [
  '##[group]Run npx jest --ci', // 1
  '##[endgroup]',
  '\x1b[0m\x1b[7m\x1b[1m\x1b[32m PASS \x1b[39m\x1b[22m\x1b[27m\x1b[0m src/price.test.ts',
  '\x1b[0m\x1b[7m\x1b[1m\x1b[31m FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m src/cart.test.ts',
  '  \x1b[1m● \x1b[22mConsole', // 5
  '\x1b[1m\x1b[31m  \x1b[1m● \x1b[22m\x1b[1mCart › applies discount codes\x1b[39m\x1b[22m',
  '',
  '    expect(received).toBe(expected) // Object.is equality',
  '',
  '    Expected: 90', // 10
  '    Received: 100',
  '',
  '      at Object.<anonymous> (src/cart.test.ts:13:26)',
  '',
  'Test Suites: 1 failed, 3 passed, 4 total', // 15
  'Tests:       1 failed, 21 passed, 22 total',
  '##[error]Process completed with exit code 1.',
];

/** go test; the failing test is line 6. */
export const GO_TEST_FAILURE: string[] = [
  '##[group]Run go test ./...', // 1
  '##[endgroup]',
  '=== RUN   TestParseConfig',
  '=== RUN   TestParseConfig/empty',
  '    config_test.go:27: expected an error for empty input, got nil', // 5
  '--- FAIL: TestParseConfig (0.00s)',
  '    --- FAIL: TestParseConfig/empty (0.00s)',
  'FAIL',
  'FAIL\tgithub.com/octo/widgets/config\t0.012s',
  'ok  \tgithub.com/octo/widgets/server\t0.034s', // 10
  'FAIL',
  '##[error]Process completed with exit code 1.',
];

/** tsc; the first error is line 4. */
export const TSC_FAILURE: string[] = [
  '##[group]Run npx tsc --noEmit', // 1
  '\x1b[36;1mnpx tsc --noEmit\x1b[0m',
  '##[endgroup]',
  "src/api/client.ts(14,7): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.",
  "src/api/client.ts(30,3): error TS2322: Type 'undefined' is not assignable to type 'Widget'.", // 5
  '##[error]Process completed with exit code 2.',
];

/** A chained Python traceback; the exception that propagated is line 18. */
export const PYTHON_TRACEBACK: string[] = [
  '##[group]Run python scripts/release.py', // 1
  '##[endgroup]',
  'Error: manifest cache is cold, continuing',
  'Traceback (most recent call last):',
  '  File "/home/runner/work/widgets/widgets/scripts/release.py", line 12, in load', // 5
  '    return tomllib.loads(path.read_text())',
  '  File "/usr/lib/python3.12/tomllib/_parser.py", line 102, in loads',
  '    raise TOMLDecodeError("Invalid value", src, pos)',
  'tomllib.TOMLDecodeError: Invalid value (at line 3, column 9)',
  '', // 10
  'The above exception was the direct cause of the following exception:',
  '',
  'Traceback (most recent call last):',
  '  File "/home/runner/work/widgets/widgets/scripts/release.py", line 40, in <module>',
  '    main()', // 15
  '  File "/home/runner/work/widgets/widgets/scripts/release.py", line 31, in main',
  '    raise ReleaseError(f"cannot read {path}") from exc',
  'ReleaseError: cannot read release.toml', // 18
  '##[error]Process completed with exit code 1.',
];

/** A job cancelled while tests ran (superseded); the cancel line is line 8. */
export const CANCELLED: string[] = [
  '##[group]Run npm test', // 1
  '##[endgroup]',
  '> widgets@1.0.0 test',
  '> vitest run',
  ' ✓ src/a.test.ts (3 tests) 12ms', // 5
  'Error: worker exited unexpectedly (SIGTERM)',
  'Terminate orphan process: pid (4242) (node)',
  '##[error]The operation was canceled.',
  'Post job cleanup.',
];

/** A job that hit the job timeout; the timeout line is line 6. */
export const TIMED_OUT: string[] = [
  '##[group]Run ./scripts/e2e.sh', // 1
  '##[endgroup]',
  'Waiting for server on :8080 ...',
  'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused',
  'Waiting for server on :8080 ...', // 5
  '##[error]The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 30 minutes.',
  '##[error]The operation was canceled.',
];

/** A Jenkins-ish console log (plain text); the compiler error is line 7. */
export const JENKINS_PLAIN: string[] = [
  'Started by user admin', // 1
  '[Pipeline] stage',
  '[Pipeline] { (Build)',
  '[Pipeline] sh',
  '+ make build', // 5
  'gcc -O2 -c src/main.c -o build/main.o',
  "src/main.c:42:5: error: implicit declaration of function 'widget_init' [-Werror=implicit-function-declaration]",
  'make: *** [Makefile:12: build/main.o] Error 1',
  '[Pipeline] }',
  'ERROR: script returned exit code 2', // 10
  'Finished: FAILURE',
];
