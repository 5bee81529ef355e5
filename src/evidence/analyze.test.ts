import { describe, expect, it } from 'vitest';
import { analyzeLog, isBoilerplate } from './index.js';
import {
  CANCELLED,
  GO_TEST_FAILURE,
  JENKINS_PLAIN,
  JEST_FAILURE,
  PYTEST_TWO_FAILURES,
  PYTHON_TRACEBACK,
  TIMED_OUT,
  TSC_FAILURE,
  codexLoop,
  commandNotFound,
  sidecarUnhealthy,
} from './sample-logs.js';
import { ghaLog } from './testkit.js';
import type { StepTiming } from './types.js';

const at = (s: number): string => `2026-04-22T09:46:${String(s).padStart(2, '0')}Z`;
const step = (number: number, name: string, conclusion: string, from: number, to: number): StepTiming => ({
  number,
  name,
  conclusion,
  started_at: at(from),
  completed_at: at(to),
});

describe('analyzeLog: the failure line of real-looking jobs', () => {
  it.each([
    ['Codex 401 retry loop: the give-up line of the loop', codexLoop(), 24, /^ERROR: Reconnecting\.\.\. 5\/5 \(unexpected status 401 Unauthorized/, 'set -o pipefail'],
    ['unhealthy sidecar', sidecarUnhealthy(), 15, /^dependency failed to start: container awf-api-proxy is unhealthy$/, 'sudo -E awf --enable-api-proxy -- /bin/bash -c "gemini -p prompt"'],
    ['command not found', commandNotFound(), 5, /^\/bin\/bash: line 1: node: command not found$/, "sudo -E awf -- /bin/bash -c 'node /opt/copilot/index.js'"],
    ['pytest: first summary line', PYTEST_TWO_FAILURES, 30, /^FAILED tests\/test_api\.py::test_create_widget - assert 500 == 201$/, 'pytest -q'],
    ['jest', JEST_FAILURE, 6, /^ {2}● Cart › applies discount codes$/, 'npx jest --ci'],
    ['go test', GO_TEST_FAILURE, 6, /^--- FAIL: TestParseConfig \(0\.00s\)$/, 'go test ./...'],
    ['tsc: first error', TSC_FAILURE, 4, /^src\/api\/client\.ts\(14,7\): error TS2345/, 'npx tsc --noEmit'],
    ['chained traceback: the exception that propagated', PYTHON_TRACEBACK, 18, /^ReleaseError: cannot read release\.toml$/, 'python scripts/release.py'],
    ['timed out job', TIMED_OUT, 6, /has exceeded the maximum execution time of 30 minutes\.$/, './scripts/e2e.sh'],
  ])('%s', (_name, lines, number, text, failedStep) => {
    const ev = analyzeLog(ghaLog(lines));
    expect(ev.format).toBe('gha');
    expect(ev.failureLine?.number).toBe(number);
    expect(ev.failureLine?.text).toMatch(text);
    expect(ev.failedStep).toBe(failedStep);
    expect(ev.lineCount).toBe(lines.length);
  });

  it('takes the give-up line of a retried error, not its first try', () => {
    const attempt = (wait: number | null): string[] => [
      '[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune origin +refs/heads/feature-x:refs/remotes/origin/feature-x',
      "##[error]fatal: couldn't find remote ref refs/heads/feature-x",
      ...(wait === null ? [] : ["The process '/usr/bin/git' failed with exit code 128", `Waiting ${wait} seconds before trying again`]),
    ];
    const lines = ['##[group]Run actions/checkout@v4', '##[endgroup]', '##[group]Fetching the repository', ...attempt(13), ...attempt(19), ...attempt(null), "##[error]The process '/usr/bin/git' failed with exit code 128", '##[endgroup]'];
    const ev = analyzeLog(ghaLog(lines));
    expect(ev.failureLine).toEqual({ number: 13, text: "fatal: couldn't find remote ref refs/heads/feature-x" });
    expect(ev.failedStep).toBe('actions/checkout@v4');
  });

  it('masks secrets in what it returns', () => {
    const ev = analyzeLog(ghaLog(codexLoop()));
    expect(ev.failureLine?.text).toContain('Incorrect API key provided: sk-***.');
    expect(ev.context.map((l) => l.text).join('\n')).not.toContain('sk-place');
  });

  it('keeps 20 lines before and 5 after by default, and honours before/after', () => {
    const log = ghaLog(codexLoop());
    const ev = analyzeLog(log);
    expect(ev.context.map((l) => l.number)).toEqual(Array.from({ length: 26 }, (_, i) => i + 4)); // lines 4–29
    expect(ev.context[20]).toEqual(ev.failureLine);
    expect(ev.context[0]).toEqual({ number: 4, text: '' }); // `##[endgroup]`, cleaned
    expect(ev.context[25]).toEqual({ number: 29, text: 'git version 2.49.0' });
    const small = analyzeLog(log, { before: 2, after: 1 });
    expect(small.context.map((l) => l.number)).toEqual([22, 23, 24, 25]);
    expect(analyzeLog(log, { before: 0, after: 0 }).context.map((l) => l.number)).toEqual([24]);
  });

  it('collects failed test names', () => {
    expect(analyzeLog(ghaLog(PYTEST_TWO_FAILURES)).testNames).toEqual(['tests/test_api.py::test_create_widget', 'tests/test_db.py::test_migrations']);
    expect(analyzeLog(ghaLog(JEST_FAILURE)).testNames).toEqual(['Cart › applies discount codes']);
    expect(analyzeLog(ghaLog(GO_TEST_FAILURE)).testNames).toEqual(['TestParseConfig', 'TestParseConfig/empty']);
    expect(analyzeLog(ghaLog(TSC_FAILURE)).testNames).toEqual([]);
  });

  it('names tests from pytest section headers only when there is no summary', () => {
    const noSummary = PYTEST_TWO_FAILURES.filter((l) => !/^FAILED |short test summary/.test(l));
    const ev = analyzeLog(ghaLog(noSummary));
    expect(ev.testNames).toEqual(['test_create_widget', 'test_migrations']);
    expect(ev.failureLine?.text).toMatch(/^_+ test_create_widget _+$/);
  });

  it('reads the exit code of the failed step', () => {
    expect(analyzeLog(ghaLog(commandNotFound())).exitCode).toBe(127);
    expect(analyzeLog(ghaLog(TSC_FAILURE)).exitCode).toBe(2);
    expect(analyzeLog(ghaLog(CANCELLED)).exitCode).toBeNull();
  });
});

describe('analyzeLog: steps', () => {
  const codexSteps = [
    step(1, 'Set up job', 'success', 0, 3),
    step(2, 'Run actions/checkout@v4', 'success', 4, 8),
    step(3, 'Execute Codex CLI', 'failure', 9, 25),
    step(4, 'Post Run actions/checkout@v4', 'success', 26, 29),
    step(5, 'Complete job', 'success', 29, 29),
  ];

  it('names the failed step from the step timings when given, else from the Run header', () => {
    const log = ghaLog(codexLoop());
    expect(analyzeLog(log, { steps: codexSteps }).failedStep).toBe('Execute Codex CLI');
    expect(analyzeLog(log).failedStep).toBe('set -o pipefail');
  });

  const recovered = [
    '##[group]Run ./scripts/fetch-mirrors.sh', // 1
    '##[endgroup]',
    'Could not resolve host: mirror.example.com',
    'using the fallback mirror',
    '##[group]Run pytest', // 5
    '##[endgroup]',
    'FAILED tests/test_x.py::test_y - assert 1 == 2',
    '========================= 1 failed in 0.10s =========================',
  ];

  it('prefers the failed step of the timings over a stronger line in a step that passed', () => {
    const ev = analyzeLog(ghaLog(recovered), { steps: [step(1, 'Fetch mirrors', 'success', 0, 3), step(2, 'Run tests', 'failure', 4, 7)] });
    expect(ev.failureLine?.number).toBe(7);
    expect(ev.failedStep).toBe('Run tests');
  });

  it('without timings, uses the step that reported an error', () => {
    const lines = [...recovered, '##[error]Process completed with exit code 1.'];
    const ev = analyzeLog(ghaLog(lines));
    expect(ev.failureLine?.number).toBe(7);
    expect(ev.failedStep).toBe('pytest');
    // and with no error report at all, the strongest line of the job
    expect(analyzeLog(ghaLog(recovered)).failureLine?.number).toBe(3);
  });

  it('names steps from the timings even when no step failed, and for logs without timestamps', () => {
    const cancelled = analyzeLog(ghaLog(CANCELLED), { steps: [step(1, 'Run tests', 'cancelled', 0, 7), step(2, 'Post Run actions/checkout@v4', 'success', 8, 8)] });
    expect(cancelled.failedStep).toBe('Run tests');
    const plain = analyzeLog(JENKINS_PLAIN.join('\n'), { steps: [step(1, 'Build', 'failure', 0, 9)] });
    expect(plain.failureLine?.number).toBe(7);
    expect(plain.failedStep).toBe('Build');
  });

  it('ignores post-job steps when looking for the cause', () => {
    const lines = [...TSC_FAILURE, 'Post job cleanup.', 'Error: Cache save failed: Could not resolve host: cache.example.com'];
    expect(analyzeLog(ghaLog(lines)).failureLine?.number).toBe(4);
  });
});

describe('analyzeLog: cancelled and timed-out jobs', () => {
  it('answers with the cancellation line for a cancelled job', () => {
    const ev = analyzeLog(ghaLog(CANCELLED), { conclusion: 'cancelled' });
    expect(ev.failureLine).toEqual({ number: 8, text: 'The operation was canceled.' });
    expect(ev.failedStep).toBe('npm test');
  });

  it('answers with the timeout line for a timed-out job, not the later cancel line', () => {
    const ev = analyzeLog(ghaLog(TIMED_OUT), { conclusion: 'timed_out' });
    expect(ev.failureLine?.number).toBe(6);
    expect(ev.failureLine?.text).toMatch(/^The job running on runner/);
  });
});

describe('analyzeLog: boilerplate is never the failure line', () => {
  const ALL = [codexLoop(), sidecarUnhealthy(), commandNotFound(), PYTEST_TWO_FAILURES, JEST_FAILURE, GO_TEST_FAILURE, TSC_FAILURE, PYTHON_TRACEBACK, CANCELLED, TIMED_OUT];

  it.each(ALL.map((l, i) => [i, l] as const))('sample %i', (_i, lines) => {
    const ev = analyzeLog(ghaLog(lines));
    const text = ev.failureLine?.text ?? '';
    expect(isBoilerplate(text)).toBe(false);
    expect(text).not.toMatch(/^(?:Process completed with exit code|Post job cleanup|Cleaning up orphan|shell: |env:$|Run )/);
  });

  it('falls back to the last message of the failed step, never to the exit line or the command echo', () => {
    const lines = [
      '##[group]Run ./scripts/check-size.sh', // 1
      '\x1b[36;1m./scripts/check-size.sh\x1b[0m',
      'shell: /usr/bin/bash -e {0}',
      '##[endgroup]',
      'Checking 12 files', // 5
      '',
      'Your PR changes 3174 lines, more than the 2000 allowed.',
      'Split it into smaller PRs.',
      '##[error]Process completed with exit code 1.',
      'Post job cleanup.', // 10
      'Cleaning up orphan processes',
    ];
    const ev = analyzeLog(ghaLog(lines));
    expect(ev.failureLine).toEqual({ number: 7, text: 'Your PR changes 3174 lines, more than the 2000 allowed.' });
    expect(ev.failedStep).toBe('./scripts/check-size.sh');
  });

  it('returns no failure line when the failed step printed nothing but boilerplate', () => {
    const ev = analyzeLog(ghaLog(['##[group]Run ./check.sh', './check.sh', 'shell: /usr/bin/bash -e {0}', '##[endgroup]', '##[error]Process completed with exit code 1.', 'Post job cleanup.']));
    expect(ev.failureLine).toBeNull();
    expect(ev.context).toEqual([]);
    expect(ev.failedStep).toBe('./check.sh');
    expect(ev.exitCode).toBe(1);
  });
});

describe('analyzeLog: other formats and hostile input', () => {
  it('reads a plain Jenkins-style log', () => {
    const ev = analyzeLog(JENKINS_PLAIN.join('\n'));
    expect(ev.format).toBe('plain');
    expect(ev.failureLine?.number).toBe(7);
    expect(ev.failedStep).toBeNull();
  });

  it('gives the same answer for CRLF line ends', () => {
    const lf = analyzeLog(ghaLog(JEST_FAILURE));
    const crlf = analyzeLog(ghaLog(JEST_FAILURE, { crlf: true }));
    expect(crlf.failureLine).toEqual(lf.failureLine);
    expect(crlf.context).toEqual(lf.context);
  });

  it('handles an empty file', () => {
    expect(analyzeLog('')).toEqual({ format: 'plain', failureLine: null, context: [], failedStep: null, testNames: [], lineCount: 0, exitCode: null });
  });

  it('does not crash on binary junk, and still finds a real line after it', () => {
    let seed = 7;
    const bytes = Buffer.alloc(50_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = seed = (seed * 1103515245 + 12345) & 0xff;
    const junk = bytes.toString('latin1');
    expect(() => analyzeLog(junk)).not.toThrow();
    const ev = analyzeLog(`${junk.replace(/error|fail|fatal|panic|denied|kill/gi, '')}\nError: ENOSPC: no space left on device, write`);
    expect(ev.failureLine?.text).toBe('Error: ENOSPC: no space left on device, write');
  });

  it('reads a 10 MB single line quickly, cutting it for analysis', () => {
    const t0 = Date.now();
    const ev = analyzeLog(`Error: ${'x'.repeat(10_000_000)}\nok`);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(ev.lineCount).toBe(2);
    expect(ev.failureLine?.number).toBe(1);
    expect(ev.failureLine?.text.length).toBeLessThanOrEqual(4096);
  });

  it('reads a long, noisy log in one quick pass', () => {
    const lines: string[] = ['##[group]Run ./gradlew build', '##[endgroup]'];
    for (let i = 0; i < 100_000; i++) lines.push(i % 2 ? `[ERROR] worker ${i} failed to report, retrying` : `compiling module ${i}`);
    lines.push('FAILURE: Build failed with an exception.', '##[error]Process completed with exit code 1.');
    const t0 = Date.now();
    const ev = analyzeLog(ghaLog(lines));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(ev.lineCount).toBe(lines.length);
    expect(ev.failureLine?.text).toBe('[ERROR] worker 99999 failed to report, retrying');
  });

  it('reads mocha failures with the full test title', () => {
    const lines = ['  2 passing (1s)', '  1 failing', '', '  1) Widgets API', '       GET /widgets', '         returns 200:', '     AssertionError [ERR_ASSERTION]: 500 == 200', '      at Context.<anonymous> (test/api.test.js:12:14)'];
    const ev = analyzeLog(lines.join('\n'), { conclusion: 'failure' });
    expect(ev.failureLine?.number).toBe(4);
    expect(ev.testNames).toEqual(['Widgets API GET /widgets returns 200']);
  });

  it('reads maven surefire failures, preferring the summary line that says why the test failed', () => {
    const lines = [
      '[INFO] Running com.octo.widgets.CartTest',
      '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.045 s <<< FAILURE! - in com.octo.widgets.CartTest',
      '[ERROR] com.octo.widgets.CartTest.appliesDiscount  Time elapsed: 0.012 s  <<< FAILURE!',
      'org.opentest4j.AssertionFailedError: expected: <90> but was: <100>',
      '[ERROR] Failures: ',
      '[ERROR]   CartTest.appliesDiscount:27 expected: <90> but was: <100>',
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test) on project widgets: There are test failures.',
    ];
    const ev = analyzeLog(lines.join('\n'));
    // Surefire names the test twice: when it fails (line 3) and in its final summary (line 6),
    // which also says why; the later line about the same test wins.
    expect(ev.failureLine).toEqual({ number: 6, text: '[ERROR]   CartTest.appliesDiscount:27 expected: <90> but was: <100>' });
    expect(ev.testNames).toEqual(['com.octo.widgets.CartTest.appliesDiscount', 'CartTest.appliesDiscount']);
  });
});

describe('agent CLI bullets are not test failures', () => {
  it('picks the error after a Copilot tool-call bullet, not the bullet', () => {
    const log = [
      '2026-04-22T12:50:16.2082106Z \x1b[32m●\x1b[0m \x1b[1mGet issue\x1b[22m \x1b[90m(MCP: github)\x1b[0m · issue_number: 27840',
      '2026-04-22T12:52:14.8881028Z \x1b[31mError: Cannot read properties of undefined (reading \'content\')\x1b[0m',
      '2026-04-22T12:52:15.1608137Z Error: Copilot CLI exited with code 1',
      '2026-04-22T12:52:18.4597276Z ##[error]Process completed with exit code 1.',
    ].join('\n');
    const ev = analyzeLog(log);
    expect(ev.failureLine?.text).toBe("Error: Cannot read properties of undefined (reading 'content')");
    expect(ev.testNames).toEqual([]);
  });
});
