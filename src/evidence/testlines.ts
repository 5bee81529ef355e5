// Lines where a test runner says a test failed, as regex sources (shared with the rule catalog's
// `test-failure` rule, whose key is the `test` group). `rank` orders them inside the test tier
// of the failure-line ranking: lower is more telling. `names` marks test-level patterns whose
// `test` group is a failed test's name (file- or package-level lines are ranked but not named);
// 'fallback' names count only when no other line of the job names a test.

export interface TestLinePattern {
  runner: string;
  source: string;
  rank: number;
  names: boolean | 'fallback';
}

export const TEST_LINE_PATTERNS: readonly TestLinePattern[] = [
  // A final verdict after reruns: `FAILED CONSISTENTLY: tests/x.py::test_y`
  { runner: 'any', source: '^FAILED (?:CONSISTENTLY|PERMANENTLY|REPEATEDLY|AFTER \\d+ (?:RETRIES|RERUNS|ATTEMPTS|RUNS)):? (?<test>[^\\s:[]+(?:::[^\\s:[]+)*(?:\\[[^\\]]*\\])?)', rank: 20, names: true },
  // pytest short test summary: `FAILED tests/x.py::test_y - AssertionError: …`
  { runner: 'pytest', source: '^FAILED (?:\\[[^\\]]*\\] )?(?<test>[^\\s:[]+(?:::[^\\s:[]+)+(?:\\[[^\\]]*\\])?)(?: - .*)?$', rank: 20, names: true },
  { runner: 'pytest', source: '^ERROR (?<test>\\S+\\.py(?:::\\S+)?)(?: - .*)?$', rank: 21, names: true },
  // unittest: `FAIL: test_x (pkg.TestCase)` / `ERROR: test_x (pkg.TestCase.test_x)`
  { runner: 'unittest', source: '^(?:FAIL|ERROR): (?<test>[^\\s(]+ \\([\\w.]+\\))', rank: 21, names: true },
  // nose: `FAIL: test.module_test.test_name`
  { runner: 'nose', source: '^(?:FAIL|ERROR): (?<test>(?:\\w+\\.)+\\w*test\\w*)\\s*$', rank: 21, names: true },
  // jest: `  ● Suite › test`. Jest indents the header by two spaces or nests it with ` › `; agent
  // CLIs print `● Tool call (MCP: …) · arg` bullets at column 0, which are not tests.
  { runner: 'jest', source: '^ {2}● (?!Console$|Test suite failed to run$|(?:Deprecation|Validation) (?:Warning|Error):?$)(?<test>\\S(?:.*\\S)?)\\s*$', rank: 21, names: true },
  { runner: 'jest', source: '^\\s*● (?<test>\\S[^·]* › [^·]*\\S)\\s*$', rank: 21, names: true },
  { runner: 'jest', source: '^\\s*● (?<test>Test suite failed to run)\\s*$', rank: 21, names: false },
  // vitest: `FAIL  src/x.test.ts > suite > name`
  { runner: 'vitest', source: '^\\s*(?:FAIL|×|✗|✕)\\s+(?<test>\\S+\\.\\w+ > .+?)(?: \\d+ ?ms)?\\s*$', rank: 21, names: true },
  // go test: `--- FAIL: TestX (0.00s)`
  { runner: 'go', source: '^\\s*--- FAIL: (?<test>\\S+)', rank: 21, names: true },
  // surefire: `[ERROR]   FooTest.testBar:42 expected…`, `[ERROR] testBar(com.x.FooTest)  Time elapsed: … <<< FAILURE!`
  { runner: 'maven', source: '^\\[ERROR\\]\\s{2,}(?<test>[\\w$]+(?:\\.[\\w$]+)+)(?::\\d+)?\\s', rank: 21, names: true },
  { runner: 'maven', source: '^(?:\\[ERROR\\] )?(?<test>[\\w$]+\\([\\w.$]+\\)|[\\w$]+(?:\\.[\\w$]+)+)\\s+Time elapsed:.*<<< (?:FAILURE|ERROR)!', rank: 21, names: true },
  // gradle: `com.x.FooTest > testBar() FAILED`
  { runner: 'gradle', source: '^(?<test>[\\w.$]+ > .+?) FAILED$', rank: 21, names: true },
  // gradle with a plain test logger: `com.x.FooTest.testBar FAILED`
  { runner: 'gradle', source: '^(?<test>[a-z][\\w$]*(?:\\.[\\w$]+)+)\\s+FAILED$', rank: 21, names: true },
  // JUnit Platform console summary, under `Failures (N):`: `JUnit Jupiter:FooTest:testBar()`
  { runner: 'junit', source: '^\\s*(?:\\[\\w+\\]\\s+)?JUnit (?:Jupiter|Vintage):(?<test>[^\\s:]+:\\S+)\\s*$', rank: 21, names: true },
  // sbt / junit-interface: `[error] Test com.x.FooTest.testBar failed: java.lang.AssertionError: …`
  { runner: 'sbt', source: '^(?:\\[\\w+\\]\\s*)*Test (?<test>[\\w$]+(?:\\.[\\w$]+)+) failed: ', rank: 21, names: true },
  // Mozilla harnesses: `TEST-UNEXPECTED-FAIL | dom/tests/test_x.html | message`
  { runner: 'mozilla', source: '^(?:\\d+ INFO )?TEST-UNEXPECTED-[A-Z-]+ \\| (?<test>[^|]*?\\S) \\|', rank: 21, names: true },
  // Bazel: `//pkg/foo:bar_test   FAILED in 3 out of 3 in 12.1s`
  { runner: 'bazel', source: '^(?<test>//\\S*:\\S+)\\s+(?:FAILED|TIMEOUT)\\b', rank: 21, names: true },
  // ant junit: `[junit] Testcase: testX(com.Foo):	FAILED`
  { runner: 'junit', source: '^\\s*\\[junit\\] Testcase: (?<test>\\S+?):?\\s+(?:FAILED|Caused an ERROR)', rank: 21, names: true },
  // rspec: `rspec ./spec/x_spec.rb:12 # Thing does it`
  { runner: 'rspec', source: '^rspec \\./\\S+ # (?<test>.+)$', rank: 21, names: true },
  // dotnet: `  Failed Namespace.Class.Test [12 ms]`
  { runner: 'dotnet', source: '^\\s*Failed (?<test>[\\w.]+(?:\\(.*\\))?) \\[', rank: 21, names: true },
  // pytest -v progress line, vitest `×` line, cargo test
  { runner: 'pytest', source: '^(?<test>[^\\s:[]+(?:::[^\\s:[]+)+(?:\\[[^\\]]*\\])?) FAILED\\b', rank: 22, names: true },
  { runner: 'cargo', source: '^test (?<test>\\S+) \\.\\.\\. FAILED$', rank: 22, names: true },
  // file/package/class level
  // pytest section header `____ test_name ____` (named by the summary line, when there is one)
  { runner: 'pytest', source: '^_{3,} (?!summary )(?<test>\\S.*?) _{3,}$', rank: 23, names: 'fallback' },
  { runner: 'jest', source: '^\\s*FAIL\\s+(?<test>\\S+\\.(?:[cm]?[jt]sx?))\\s*(?:\\(.*\\))?$', rank: 23, names: false },
  { runner: 'go', source: '^FAIL\\s+(?<test>\\S+)\\s+\\d+(?:\\.\\d+)?s$', rank: 23, names: false },
  { runner: 'maven', source: 'Tests run: \\d+, Failures: \\d+, Errors: \\d+.*<<< (?:FAILURE|ERROR)!(?: - in (?<test>[\\w.$]+))?', rank: 23, names: false },
  { runner: 'junit', source: '^\\s*\\[junit\\] Test (?<test>\\S+) FAILED', rank: 23, names: false },
  // pytest assertion detail: `E   AssertionError: assert 1 == 2`
  { runner: 'pytest', source: '^E\\s{2,}\\S', rank: 24, names: false },
  // pytest's banner when the session was interrupted: `!!!!! KeyboardInterrupt !!!!!`
  { runner: 'pytest', source: '^!{3,} (?:KeyboardInterrupt|Interrupted: .+?) !{3,}$', rank: 24, names: false },
  // summaries
  { runner: 'any', source: '^=+ .*\\b\\d+ (?:failed|errors?)\\b.*=+$', rank: 25, names: false },
  { runner: 'any', source: '^\\s*Tests?:\\s+\\d+ failed', rank: 25, names: false },
  { runner: 'any', source: '^\\s*Test Suites:\\s+\\d+ failed', rank: 25, names: false },
];

interface Compiled extends TestLinePattern {
  re: RegExp;
}

const COMPILED: readonly Compiled[] = TEST_LINE_PATTERNS.map((p) => ({ ...p, re: new RegExp(p.source) }));

export interface TestLineMatch {
  rank: number;
  runner: string;
  /** The failed test's name, for test-level lines. */
  test: string | null;
  /** The name is a fallback (a pytest section header, for a run without a summary). */
  weak: boolean;
}

/** Cheap pre-check: can this line be a test-runner failure line at all? */
const MAYBE_TEST_RE = /FAIL|ERROR|TIMEOUT|TEST-UNEXPECTED|JUnit |●|×|✗|✕|^E\s|failed|Failed|_{3}|Tests run:|!{3}/;

export function matchTestLine(text: string): TestLineMatch | null {
  if (!MAYBE_TEST_RE.test(text)) return null;
  for (const p of COMPILED) {
    const m = p.re.exec(text);
    if (!m) continue;
    const test = p.names ? (m.groups?.['test'] ?? '').trim().replace(/^ERROR collecting /, '') : '';
    return { rank: p.rank, runner: p.runner, test: test === '' ? null : test, weak: p.names === 'fallback' };
  }
  return null;
}

// mocha prints its failures after `N failing` as `  1) Suite` with the test title on the
// following, deeper-indented lines, the last one ending in `:`.
export const MOCHA_FAILING_RE = /^\s*\d+ failing\s*$/;
export const MOCHA_ITEM_RE = /^(\s+)\d+\) (\S.*?)\s*$/;
