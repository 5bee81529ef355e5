// The failure line an expert would quote, in logs of many kinds: generic rules only (no rule
// names a project). Each case is a short log written for the test in a real format.
import { describe, expect, it } from 'vitest';
import { analyzeLog } from './index.js';
import { ghaLog } from './testkit.js';

interface Case {
  name: string;
  lines: string[];
  /** 1-based line number of the expected failure line. */
  line: number;
  tests?: string[];
}

const CASES: Case[] = [
  {
    name: 'a shell script: the message it echoed before `exit 1`, not an earlier tolerated error',
    lines: [
      '##[group]Run .ci/check-tree.sh',
      '##[endgroup]',
      '+ upload_reports',
      'Failed to upload test reports: An error occurred (AccessDenied) when calling the PutObject operation',
      '+ git status --porcelain',
      '+ [[ -n ?? build/ ]]',
      "+ echo 'Build left the checkout dirty'",
      'Build left the checkout dirty', // 8
      "+ echo 'git status:'",
      'git status:',
      "+ echo '?? build/'",
      '?? build/',
      '+ exit 1',
      '##[error]Process completed with exit code 1.',
    ],
    line: 8,
  },
  {
    name: "a test wrapper: the child's last line before `Got exit code`, not the wrapper's status-only exception",
    lines: [
      '##[group]Run python run_tests.py',
      '##[endgroup]',
      'Running test_widgets 1/1 ...',
      'Failed to upload metrics: Unable to locate credentials',
      '',
      'Output of test_widgets.py:',
      'Command took >30min, returning 124', // 7
      'Got exit code 124',
      'test_widgets 1/1 failed!',
      'Traceback (most recent call last):',
      '  File "run_tests.py", line 12, in <module>',
      '    raise RuntimeError(msg)',
      'RuntimeError: test_widgets 1/1 failed!',
      '##[error]Process completed with exit code 1.',
    ],
    line: 7,
  },
  {
    name: 'a shell script whose message is itself an error line: still its last words',
    lines: [
      '##[group]Run .ci/check-generated.sh',
      '##[endgroup]',
      '+ aws s3 cp report.json s3://reports/',
      'upload failed: An error occurred (AccessDenied) when calling the PutObject operation',
      '+ git diff --quiet -- gen/',
      "+ echo 'ERROR: generated files are stale, run make gen'",
      'ERROR: generated files are stale, run make gen', // 7
      '+ exit 1',
      '##[error]Process completed with exit code 1.',
    ],
    line: 7,
  },
  {
    name: "a shell script that says `see above`: the error above stays the answer",
    lines: [
      '##[group]Run .ci/deploy.sh',
      '##[endgroup]',
      '+ ./deploy.sh staging',
      'Error: rollout of deployment/web timed out waiting for 3 replicas', // 4
      "+ echo 'Deploy failed, see above'",
      'Deploy failed, see above',
      '+ exit 1',
      '##[error]Process completed with exit code 1.',
    ],
    line: 4,
  },
  {
    name: "a test wrapper after a stack trace: the error, not the trace's last line",
    lines: [
      '##[group]Run python run_tests.py',
      '##[endgroup]',
      "Error: Cannot find module 'widgets'", // 3
      'Require stack:',
      '- /home/runner/work/app/app/test/cart.test.js',
      'Got exit code 1',
      '##[error]Process completed with exit code 1.',
    ],
    line: 3,
  },
  {
    name: "a test wrapper: the child's exception stays the answer",
    lines: [
      '##[group]Run python run_tests.py',
      '##[endgroup]',
      'Traceback (most recent call last):',
      '  File "test_widgets.py", line 3, in <module>',
      '    import widgets.cart',
      "AttributeError: module 'widgets' has no attribute 'cart'", // 6
      'Got exit code 1',
      'RuntimeError: test_widgets 1/1 failed!',
      '##[error]Process completed with exit code 1.',
    ],
    line: 6,
  },
  {
    name: 'an error chain (uv, anyhow): the head line, ranked by its most specific cause',
    lines: [
      '##[group]Run .ci/setup-python.sh',
      '##[endgroup]',
      'Failed to parse and upload json test reports: Unable to locate credentials',
      '++ uv python find 3.13',
      "error: Error while fetching remote python downloads json from 'https://downloads.example.test/python.json'", // 5
      '  Caused by: Failed to download https://downloads.example.test/python.json',
      '  Caused by: error sending request for url (https://downloads.example.test/python.json)',
      '  Caused by: dns error',
      '  Caused by: failed to lookup address information: nodename nor servname provided, or not known',
      '+ py_bin=',
      '##[error]Process completed with exit code 2.',
    ],
    line: 5,
  },
  {
    name: 'an error chain (cargo): the head line across blank lines and `Caused by:` headers',
    lines: [
      '##[group]Run cargo build --locked',
      '##[endgroup]',
      '    Updating crates.io index',
      'warning: spurious network error (2 tries remaining): [6] Could not resolve hostname',
      'error: failed to get `widgets` as a dependency of package `app v0.1.0 (/home/runner/work/app/app)`', // 5
      '',
      'Caused by:',
      '  failed to load source for dependency `widgets`',
      '',
      'Caused by:',
      '  Unable to update registry `crates-io`',
      '',
      'Caused by:',
      '  network failure seems to have happened',
      '  Connection reset by peer (os error 104)',
      '##[error]Process completed with exit code 101.',
    ],
    line: 5,
  },
  {
    name: "pytest without a summary: the failure report's header, not the progress line",
    lines: [
      '##[group]Run pytest -v',
      '##[endgroup]',
      'tests/test_cart.py::TestCart::test_total PASSED [ 50%]',
      'tests/test_cart.py::TestCart::test_discount FAILED [100%]',
      '',
      '=================================== FAILURES ===================================',
      '___________________________ TestCart.test_discount ____________________________', // 7
      '',
      'self = <tests.test_cart.TestCart object at 0x7f>',
      '',
      '    def test_discount(self):',
      '>       assert total(90) == 81',
      'E       assert 90 == 81',
      '',
      'tests/test_cart.py:12: AssertionError',
      '##[error]Process completed with exit code 1.',
    ],
    line: 7,
    tests: ['tests/test_cart.py::TestCart::test_discount'],
  },
  {
    name: "reruns: the runner's final verdict on the test, not one attempt's summary",
    lines: [
      '##[group]Run python run_tests.py --reruns=2',
      '##[endgroup]',
      'FAILED [0.3790s] tests/test_shapes.py::ReproTests::test_vars - RuntimeError: graph break',
      '=========== 1 failed, 1107 deselected, 2 rerun in 1.66s ===========',
      'Got exit code 1',
      'FAILED CONSISTENTLY: test/tests/test_shapes.py::ReproTests::test_vars', // 6
      'Test failed consistently, continuing with the rest of the tests',
      '============================= test session starts ==============================',
      'collected 12 items',
      '##[error]Process completed with exit code 1.',
    ],
    line: 6,
  },
  {
    name: "a lint checker: its verdict on the file in the run that failed",
    lines: [
      '##[group]Run lintrunner --take RUFF,PYFMT',
      '##[endgroup]',
      '>>> Lint for src/bench.py:',
      '',
      '  Advice (RUFF) S101',
      '    Use of `assert` detected.',
      '',
      '$ lintrunner --take PYFMT',
      '>>> Lint for src/bench.py:', // 9
      '',
      '  Warning (PYFMT) format',
      '    Run `lintrunner -a` to apply this patch.',
      '',
      'Lint failed!',
      '##[error]Process completed with exit code 1.',
    ],
    line: 9,
  },
  {
    name: "a linter's own failure: the error diagnostic, not the prose under it",
    lines: [
      '##[group]Run lintrunner',
      '##[endgroup]',
      '>>> General linter failure:',
      '',
      '  Error (CLANGTIDY) Linter failed', // 5
      '    Linter failed. This a bug, please file an issue against the linter',
      '    maintainer.',
      '##[error]Process completed with exit code 1.',
    ],
    line: 5,
  },
  {
    name: 'a benchmark gate: the all-caps verdict, not prose that mentions failures',
    lines: [
      '##[group]Run python check_benchmarks.py',
      '##[endgroup]',
      "PASS: benchmark ('cart_total', 'instructions') pass, within 10% of the expected value",
      '',
      "REGRESSION: benchmark ('cart_checkout', 'instructions') failed, 12% above the expected value", // 5
      '',
      'please update all results that changed significantly, and not only the failed ones',
      "MISSING TEST: benchmark ('cart_cache', 'instructions') has no regression test",
      '##[error]Process completed with exit code 1.',
    ],
    line: 5,
  },
  {
    name: "gradle: the failed test, not a connection error logged by a passing test",
    lines: [
      '##[group]Run ./gradlew check',
      '##[endgroup]',
      '> Task :sampler:test',
      'SamplerTest > readsConfig() STANDARD_ERROR',
      '    [sampler-1] ERROR io.example.sampler.GrpcService - Failed to execute request: Failed to connect to localhost/127.0.0.1:14250',
      '> Task :exporter:test',
      'RetryTest > connectTimeout() FAILED', // 7
      '    org.mockito.exceptions.verification.TooFewActualInvocations: object.apply(<any>);',
      '40 tests completed, 1 failed',
      '> Task :exporter:test FAILED',
      'FAILURE: Build failed with an exception.',
      '##[error]Process completed with exit code 1.',
    ],
    line: 7,
    tests: ['RetryTest > connectTimeout()'],
  },
  {
    name: 'unittest: a test name with commas',
    lines: [
      '##[group]Run python -m unittest',
      '##[endgroup]',
      'test_watch (test_streams.TestStreams) ... ok',
      '======================================================================',
      'ERROR: test_watch_raises,_not_a_custom_error (test_streams.TestStreams)', // 5
      '----------------------------------------------------------------------',
      'Traceback (most recent call last):',
      '  File "test_streams.py", line 9, in test_watch_raises',
      "AttributeError: 'TypeError' object has no attribute 'details'",
      'Ran 12 tests in 0.1s',
      'FAILED (errors=1)',
      '##[error]Process completed with exit code 1.',
    ],
    line: 5,
    tests: ['test_watch_raises,_not_a_custom_error (test_streams.TestStreams)'],
  },
  {
    name: 'gradle with a plain test logger',
    lines: ['> Task :test', '', 'com.example.CartTest.appliesDiscount FAILED', '    java.lang.NullPointerException: total is null', '12 tests completed, 1 failed', '##[error]Process completed with exit code 1.'],
    line: 3,
    tests: ['com.example.CartTest.appliesDiscount'],
  },
  {
    name: 'JUnit Platform console summary (through ant)',
    lines: ['    [junit] Failures (1):', '    [junit]   JUnit Jupiter:CartTest:appliesDiscount()', "    [junit]     MethodSource [className = 'com.example.CartTest', methodName = 'appliesDiscount']", '    [junit]     => java.lang.AssertionError: expected 90', 'BUILD FAILED', '##[error]Process completed with exit code 1.'],
    line: 2,
    tests: ['CartTest:appliesDiscount()'],
  },
  {
    name: 'sbt with junit-interface',
    lines: ['[info] Test run started', '[error] Test com.example.CartTest.appliesDiscount failed: java.lang.AssertionError: expected 90, took 0.002s', '[error] Failed: Total 3, Failed 1, Errors 0, Passed 2', '[info] Passed: Total 6, Failed 0, Errors 0, Passed 6', '##[error]Process completed with exit code 1.'],
    line: 2,
    tests: ['com.example.CartTest.appliesDiscount'],
  },
  {
    name: 'Bazel',
    lines: ['INFO: Build completed, 1 test FAILED, 12 total actions', '//widgets:cart_test                                                      FAILED in 3 out of 3 in 12.1s', 'Executed 1 out of 1 test: 1 fails locally.', '##[error]Process completed with exit code 3.'],
    line: 2,
    tests: ['//widgets:cart_test'],
  },
];

describe('analyzeLog: the line an expert would quote', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ev = analyzeLog(ghaLog(c.lines));
    expect(ev.failureLine?.number).toBe(c.line);
    expect(ev.failureLine?.text).toBe(c.lines[c.line - 1]?.replace(/^##\[error\]/, '').trimEnd());
    if (c.tests) expect(ev.testNames).toEqual(c.tests);
  });

  it('reads a plain log of a log shipper around a test harness (tagged timestamps, relayed records)', () => {
    const log = [
      '[task 2026-04-22T11:00:27.833Z] 11:00:27     INFO - Running widgets/browser_cart.js',
      '[task 2026-04-22T11:00:27.837Z] 11:00:27     INFO - TEST-UNEXPECTED-FAIL | widgets/browser_cart.js | expected 1, got 2',
      '[task 2026-04-22T11:00:28.000Z] 11:00:28  WARNING - returning nonzero exit status 1',
      '[task 2026-04-22T11:00:28.100Z] + cp /builds/worker/.xsession-errors /builds/worker/artifacts/xsession-errors.log',
      '[task 2026-04-22T11:00:28.100Z] + exit 1',
      '[taskcluster 2026-04-22 11:00:28.566Z] === Task Finished ===',
      '[taskcluster 2026-04-22 11:00:28.900Z] Unsuccessful task run with exit code: 1 completed in 4035.289 seconds',
    ].join('\n');
    const ev = analyzeLog(log);
    expect(ev.format).toBe('plain');
    expect(ev.failureLine).toEqual({ number: 2, text: 'TEST-UNEXPECTED-FAIL | widgets/browser_cart.js | expected 1, got 2' });
    expect(ev.testNames).toEqual(['widgets/browser_cart.js']);
  });
});
