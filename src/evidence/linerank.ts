// Ordered line rules: how strongly does one cleaned line say *why* a job failed? A lower rank is
// more specific. The analyzer keeps the best-ranked line of the failed step (first occurrence,
// or the last repetition of the same message, e.g. the give-up line of a retry loop).
//
//   10–16  named causes: runner cancel/timeout, limits, auth, sidecars, missing commands, OOM,
//          disk, rate limits, image/action downloads, network
//   19–25  test runners            26  a named cause inside an application's log record
//   30–31  compilers               40–42  exceptions, panics
//   44     the message a script printed right before it exited non-zero (see analyze.ts)
//   45     npm   46  weak auth     50–55  `##[error]`, `Error:`, `FATAL`, …   56  lint verdicts
//   69     `LABEL: … failed` verdict lines      70  fallback: the last error-looking line
//   75     wrappers that only repeat an exit status
import { matchTestLine } from './testlines.js';
import { G, HIT, triggerGroups } from './trigger.js';

export const RANK = {
  runner: 10,
  /** A named cause (network, auth…) quoted inside an application's log record. */
  logged: 26,
  traceback: 40,
  /** The message a script printed right before `exit 1`, or before a wrapper's exit-status line. */
  exitMessage: 44,
  /** From here on, the last occurrence wins (see Scope.offer). */
  fallback: 70,
  /** Wrappers that only repeat an exit status: chosen only when nothing else says more. */
  wrapper: 75,
} as const;

export interface LineVerdict {
  rank: number;
  kind: string;
  /** The failed test's name, for a test-level runner line. */
  test: string | null;
  /** The test name is only a fallback (see TestLinePattern.names). */
  weakTest?: boolean;
}

interface LineRule {
  rank: number;
  kind: string;
  re: RegExp;
  /** Trigger-word groups (trigger.ts) one of which every match of `re` holds; HIT: any. */
  groups: number;
}

const rule = (rank: number, kind: string, groups: number, source: string, flags = 'i'): LineRule => ({ rank, kind, groups, re: new RegExp(source, flags) });

/** `E   …` (pytest detail) and `e: …` (kotlinc): a trigger by its position, not by a word. */
const ANCHOR = 1 << 15;

/** Never the failure line: the runner's own bookkeeping around every failed step. */
const BOILERPLATE_RE =
  /^(?:(?:Error: )?Process completed with exit code -?\d+\.?|Post job cleanup\.|Cleaning up orphan processes|Terminate orphan process: .*|Complete job|shell: \S.*|env:|with:)$/;

/** Lines that report, trace or warn: never the failure line. */
const QUIET_RE =
  /^\s*(?:\++ |\[(?:INFO|DEBUG|TRACE|NOTICE|WARN|WARNING)\]|(?:INFO|DEBUG|TRACE|NOTICE|WARN|WARNING)(?::|\s{1,8}\S)|npm (?:WARN|warn|notice|info|verb|http|timing) |warning:|Warning:|\[command\]|[IWD]\d{4} \d{2}:\d{2}:\d{2}|[✓✔√]\s|ok \d+ |[^\s:]+(?:::[^\s:]+)+ PASSED\b)/;

const CAUSE_RULES: readonly LineRule[] = [
  rule(10, 'runner', G.stop, 'has exceeded the maximum execution time|\\bhas timed out after \\d+ minutes?|^The (?:operation|run|job) was cancell?ed\\.?$|The runner has received a shutdown signal|lost communication with the server|Canceling since a higher priority waiting request|The job was not acquired by Runner'),
  rule(11, 'revoked', G.access, 'token_revoked|token (?:has been|was) revoked|\\brevoked token'),
  rule(11, 'limits', G.rate, 'credit limit|credits? (?:exhausted|exceeded)|Maximum AI credits|insufficient[_ ]quota|exceeded your current quota|billing hard limit|out of credits|usage[ _]limit|hit your (?:usage )?limit|(?<!disk )quota exceeded'),
  rule(12, 'auth', G.access | G.invalid, '\\b401\\b[^\\n]{0,40}\\bUnauthori[sz]ed|\\bUnauthori[sz]ed\\b[^\\n]{0,40}\\b401\\b|\\bstatus(?: code)?:? ?401\\b|\\bHTTP(?:/[\\d.]+)? 401\\b|\\b403 Forbidden|invalid[_ ]api[_ ]key|incorrect api key|Invalid bearer token|Missing bearer or basic authentication|Failed to authenticate|Bad credentials|authentication (?:failed|required)|Authentication failed for|Permission denied \\(publickey|\\binvalid_grant\\b|Resource not accessible by integration|Requires authentication'),
  rule(12, 'sidecar', G.missing | G.fail, 'container [\\w.-]+ is unhealthy|dependency failed to start'),
  rule(12, 'command', G.missing | G.access | G.invalid, ': command not found\\b|^\\S*\\b(?:ba|z|da)?sh(?:\\[\\d+\\])?: (?:line )?(?:\\d+: )?[\\w./+-]+: (?:not found|No such file or directory|Permission denied)$|executable file not found in \\$PATH|is not recognized as an internal or external command|The term \'[^\']+\' is not recognized|^(?:\\S*/)?env: \'?[^\':]+\'?: No such file or directory|cannot execute binary file|unable to find [\\w.-]+ executable in PATH|/[\\w./+-]+(?::| is) not executable|requires [\\w. ]+, but \'[^\']+\' is not available'),
  rule(12, 'protected', G.access, 'protected[- ]files?\\b|refusing to allow an? .{1,60} to create or update workflow|modif(?:y|ies|ying|ied) (?:a )?protected'),
  rule(13, 'oom', G.resource | G.exit, '\\bout of memory\\b|\\bOutOfMemoryError\\b|OOMKilled|\\bOOM[- ]?kill|heap out of memory|^Killed\\b|\\bline \\d+:\\s+\\d+\\s+Killed\\b|exit(?:ed with)? code 137\\b|\\bMemoryError\\b|Cannot allocate memory|std::bad_alloc|signal: killed'),
  rule(13, 'disk', G.resource | G.rate, 'No space left on device|\\bENOSPC\\b|Disk quota exceeded|not enough (?:free )?(?:disk )?space|running out of disk space'),
  rule(14, 'rate-limit', G.rate, '\\bstatus(?: code)?:? ?429\\b|\\bHTTP(?:/[\\d.]+)? 429\\b|\\b429 Too Many|Too Many Requests|\\brate[ -]?limit(?:ed|s)?\\b|RateLimitError|\\bthrottl(?:ed|ing)\\b|(?:Error|CAPIError):? 429\\b'),
  rule(14, 'docker-pull', G.missing | G.access | G.err | G.fail | G.network, 'Error response from daemon: .*(?:manifest|not found|pull access denied|toomanyrequests)|manifest unknown|failed to pull image|ErrImagePull|ImagePullBackOff|pull access denied|failed to resolve reference'),
  rule(14, 'action-download', G.fail | G.invalid | G.missing, 'Failed to download action|Unable to resolve action|An action could not be found at the URI|Can\'t find \'action\\.ya?ml\'|Failed to download archive|Unable to download artifact|Artifact not found for name|Missing download info for'),
  rule(15, 'network', G.network | G.stop, 'Could not resolve host|Temporary failure in name resolution|Name or service not known|getaddrinfo|\\bEAI_AGAIN\\b|\\bENOTFOUND\\b|\\bECONNREFUSED\\b|\\bECONNRESET\\b|\\bETIMEDOUT\\b|\\bEHOSTUNREACH\\b|\\bENETUNREACH\\b|Connection refused|Connection reset by peer|Connection timed out|Network is unreachable|TLS handshake timeout|\\bi/o timeout\\b|Failed to connect to|socket hang up|\\bdns error\\b'),
  rule(16, 'sidecar', G.err, '^\\s*Container [\\w.-]+\\s+Error\\s*$'),
];

// Access errors that are often noise (an optional upload, a probe): below exceptions, above
// generic `Error:` lines.
const WEAK_AUTH_RE =
  /\bstatus(?: code)?:? ?403\b|\bHTTP(?:\/[\d.]+)? 403\b|\bAccessDenied\b|\bAccess Denied\b|not authorized to perform|\binvalid[_ ]token\b|Could not load credentials|Credentials could not be loaded|Unable to locate credentials/i;

const COMPILE_RULES: readonly LineRule[] = [
  rule(30, 'compile', G.err, '^(?:[A-Za-z]:)?[^\\s:()]+\\.[A-Za-z0-9+]+:\\d+(?::\\d+)?:?\\s+(?:-\\s+)?(?:fatal\\s+)?error\\b', ''),
  rule(30, 'compile', G.err, '^[^\\s(][^(]*?\\(\\d+(?:,\\d+)?\\)\\s*:\\s*(?:fatal\\s+)?error\\s+[A-Z]+\\d+:', ''),
  rule(30, 'compile', G.err | ANCHOR, '\\berror TS\\d+:|^error\\[E\\d{4}\\]:|^e: (?:file://)?\\S+\\.kts?:|^\\[ERROR\\] \\S+\\.(?:java|kt|scala):\\[\\d+,\\d+\\] ', ''),
  rule(31, 'compile', G.compile, '\\bundefined reference to\\b', ''),
  rule(31, 'compile', HIT, '^\\S+\\.go:\\d+:\\d+: \\S', ''),
];

const EXCEPTION_RULES: readonly LineRule[] = [
  rule(41, 'exception', G.err | G.exception, '^(?:[a-z_]\\w*\\.)*[A-Z]\\w*(?:Error|Exception)(?: \\[\\w+\\])?: \\S', ''),
  rule(41, 'panic', G.fatal | G.exception | G.err, '^panic: |^thread \'.*\' panicked at|^Exception in thread |^Segmentation fault|\\(core dumped\\)|^fatal error: |^Unhandled exception|^Uncaught \\w*Error'),
  rule(42, 'exception', G.exception | G.err, '^\\s*Caused by: [\\w.$]+(?:Exception|Error)\\b', ''),
];

const NPM_RE = /^npm (?:ERR!|error) (?!\s*\S*[/\\]_logs[/\\]|code\b|errno\b|syscall\b|path\b|command\b|cwd\b|signal\b|location\b|workspace\b|A complete log|Log files were not written|Lifecycle script|Failed at the|This is probably not a problem|Exit status|Test failed\.|[\w@/.-]+@\S+ [\w:-]+: |\s*$)/;

const GENERIC_RULES: readonly LineRule[] = [
  rule(51, 'error', HIT, '^(?:Error|ERROR|error)(?:\\s*\\[[^\\]]*\\])?\\s*[:!]\\s*\\S|^(?:FATAL|Fatal|fatal)\\b[:\\s]|^\\S+: (?:fatal )?error: ', ''),
  rule(52, 'error', HIT, '^(?:\\[[\\w.-]+\\])*\\[(?:ERROR|FATAL|CRITICAL)\\](?!\\s*(?:$|->|Re-run Maven|To see the full|For more information|After correcting|\\s+mvn ))|^(?:ERROR|FATAL|CRITICAL)\\b', ''),
  rule(55, 'error', G.fail, '^FAILED: |Execution failed for task'),
];

// Lint and format checkers: the checker's own verdict on a file (lintrunner, black, ruff format,
// prettier, rustfmt). Below error lines, above the fallback.
const LINT_RE =
  /^\s*(?:>>> )?Lint for \S.*:$|^\s*(?:Error|ERROR) \([\w./-]+\) \S|^(?:would reformat|Would reformat:) \S|^(?:Oh no! .*)?\d+ files? would be reformatted\b|^\[warn\] Code style issues\b|^Diff in \S+ at line \d+:$/;

/**
 * An application's log record (`[worker-1] ERROR com.example.Client - …`, `ERROR a.b.c: …`): a cause
 * quoted in one is weaker than a test runner's verdict, as apps log connection errors in passing tests.
 */
const LOG_RECORD_RE = /^\s*(?:\[[^\]]*\]\s*)?(?:ERROR|SEVERE|FATAL|CRITICAL)\s+(?:\[[^\]]*\]\s*)?[\w$]+(?:\.[\w$]+){2,}\s*(?:-|:)\s/;

/** `REGRESSION: benchmark x failed, …`: an all-caps verdict label before a failure sentence. */
const VERDICT_LABEL_RE = /^[A-Z]{3,}(?: [A-Z]{2,})*: \S/;

/** An exception whose message only repeats a status (`RuntimeError: test_x 1/1 failed!`). */
const STATUS_ONLY_RE = /^(?:[A-Za-z_][\w.]*(?:Error|Exception|Failure)): \S+(?: \d+\/\d+)? (?:failed|FAILED)[!.]?$/;

/** True for an exception line that says nothing but that something failed. */
export function isStatusOnly(text: string): boolean {
  return STATUS_ONLY_RE.test(text.trim());
}

const WRAPPER_RE =
  /The process '.*' failed with exit code|Command failed with exit code|(?:exited|exiting) with (?:exit )?code:? -?\d+|returned non-zero exit status|non-zero exit ?(?:code|status)|exit status \d+$|^make(?:\[\d+\])?: \*\*\*|^ninja: build stopped|BUILD FAILED|BUILD FAILURE|FAILURE: Build failed|ELIFECYCLE|Executing the custom container implementation failed|^error Command failed|Got exit code \d+|collect2: error: ld returned|failed with exit code|^\s*Error: Process completed/i;

const FALLBACK_RE =
  /\b(?:errors?|failed|failure|fatal|exception|denied|refused|refus(?:e|es|ing) to|abort(?:ed)?|cannot|can't|could not|couldn't|unable to|invalid|crash(?:ed)?|segfault)\b/i;
const FALLBACK_UPPER_RE = /\bFAIL(?:ED|URE)?\b/;
const FALLBACK_EXCLUDE_RE =
  /\b0 (?:errors?|failures?|failed)\b|\b(?:errors?|failures?|failed)(?:[:=]\s*| )0\b|\bno errors?\b|\bwithout errors?\b|continue-on-error|fail-fast|if-no-files-found|--no-fail|ignore[_-]?errors?/i;

/** True for the runner's bookkeeping lines, which are never the failure line. */
export function isBoilerplate(text: string): boolean {
  return BOILERPLATE_RE.test(text.trim());
}

/** A log level word near the start of a line (`12:00:01 [main] WARN …`, `INFO  x.y - …`). */
const LEVEL_RE = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE)\b/;
const LOW_LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'WARNING']);

/** Source excerpts in tracebacks (`    x = f(y)`, `>       return g()`): code, not a message. */
const CODE_EXCERPT_RE =
  /^(?:>\s{3,}|\s{4,}(?:[\w.[\]'"]+(?:, *[\w.[\]'"]+)* = [^=]|(?:return|raise|with|yield|await|def|class|import)\b|from \S+ import\b|(?:if|for|while|elif|else|try|except)\b.*:$))/;

/** `>` or four blanks at the start: the only lines CODE_EXCERPT_RE can match. */
function mayBeCode(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 62) return true;
  if (c !== 32 && c !== 9) return false;
  let i = 1;
  while (i < 4 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i === 4;
}

/** True for lines that log at info/debug/warning level, trace a shell command, or quote code. */
export function isQuiet(text: string): boolean {
  if (QUIET_RE.test(text) || (mayBeCode(text) && CODE_EXCERPT_RE.test(text))) return true;
  const level = LEVEL_RE.exec(text.length > 60 ? text.slice(0, 60) : text);
  return level !== null && LOW_LEVELS.has(level[1] ?? '');
}

const EXIT_CODE_RE = /^(?:Error: )?Process completed with exit code (-?\d+)\.?$/;

/** The N of `Process completed with exit code N.`, else null. */
export function exitCodeOf(text: string): number | null {
  const m = EXIT_CODE_RE.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** The rules of each family that a line with these trigger groups can match, cached by groups. */
interface Applicable {
  cause: LineRule[];
  compile: LineRule[];
  exception: LineRule[];
  generic: LineRule[];
}
const applicableCache = new Map<number, Applicable>();

function applicable(groups: number): Applicable {
  let a = applicableCache.get(groups);
  if (!a) {
    const pick = (rules: readonly LineRule[]): LineRule[] => rules.filter((r) => (r.groups & groups) !== 0);
    a = { cause: pick(CAUSE_RULES), compile: pick(COMPILE_RULES), exception: pick(EXCEPTION_RULES), generic: pick(GENERIC_RULES) };
    applicableCache.set(groups, a);
  }
  return a;
}

function first(rules: readonly LineRule[], text: string): LineRule | null {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.re.test(text)) return r;
  }
  return null;
}

/**
 * Ranks one cleaned line (`marker` is its `##[x]` prefix, if any). Returns null for lines that
 * cannot be the failure line: boilerplate, command echoes, info/debug/warning lines, and lines
 * without any failure word.
 */
export function rankLine(text: string, marker: string | null): LineVerdict | null {
  if (marker !== null && marker !== 'error') return null;
  const trimmed = text.trim();
  if (trimmed === '' || BOILERPLATE_RE.test(trimmed) || isQuiet(text)) return null;
  return rankWords(text, trimmed, marker, marker === 'error' ? HIT : triggerGroups(text) & HIT);
}

/**
 * rankLine for a line already known not to be blank, boilerplate or quiet, whose trigger-word
 * groups (triggerGroups) are `groups`.
 */
export function rankWords(text: string, trimmed: string, marker: string | null, groups: number): LineVerdict | null {
  // Which rules can match: those whose trigger words the line holds (an annotation: all).
  if (marker === 'error') groups = HIT | ANCHOR;
  else if (ANCHORED_TRIGGER_RE.test(text)) groups |= ANCHOR;
  if (groups === 0) return null;

  const rules = applicable(groups);
  const cause = first(rules.cause, trimmed);
  if (cause) return { rank: LOG_RECORD_RE.test(text) ? RANK.logged : cause.rank, kind: cause.kind, test: null };
  const test = (groups & TEST_GROUPS) !== 0 ? matchTestLine(text) : null;
  if (test) return { rank: test.rank, kind: 'test', test: test.test, weakTest: test.weak };
  const compile = first(rules.compile, trimmed);
  if (compile) return { rank: compile.rank, kind: compile.kind, test: null };
  const exc = first(rules.exception, text);
  if (exc) return STATUS_ONLY_RE.test(trimmed) ? { rank: RANK.wrapper, kind: 'wrapper', test: null } : { rank: exc.rank, kind: exc.kind, test: null };
  if ((groups & G.err) !== 0 && NPM_RE.test(trimmed)) return { rank: 45, kind: 'npm', test: null };
  if ((groups & (G.access | G.invalid)) !== 0 && WEAK_AUTH_RE.test(trimmed)) return { rank: 46, kind: 'auth', test: null };
  if ((groups & (G.fail | G.exit | G.err | G.stop)) !== 0 && WRAPPER_RE.test(trimmed)) return { rank: RANK.wrapper, kind: 'wrapper', test: null };
  if (marker === 'error') return { rank: 50, kind: 'annotation', test: null };
  if ((groups & (G.check | G.err)) !== 0 && LINT_RE.test(text)) return { rank: 56, kind: 'lint', test: null };
  const generic = first(rules.generic, trimmed);
  if (generic) return { rank: generic.rank, kind: generic.kind, test: null };
  if ((groups & FALLBACK_GROUPS) !== 0 && (FALLBACK_RE.test(trimmed) || FALLBACK_UPPER_RE.test(trimmed)) && !FALLBACK_EXCLUDE_RE.test(trimmed)) {
    return { rank: VERDICT_LABEL_RE.test(trimmed) ? RANK.fallback - 1 : RANK.fallback, kind: 'fallback', test: null };
  }
  return null;
}

/** Groups a test-runner line needs (MAYBE_TEST_RE of testlines.ts: FAIL, ERROR, TIMEOUT, ●, `___ `, …). */
const TEST_GROUPS = G.fail | G.err | G.stop | G.test | G.fatal | ANCHOR;
/** Groups of FALLBACK_RE's words. */
const FALLBACK_GROUPS = G.err | G.fail | G.fatal | G.exception | G.access | G.invalid;

/** Line starts that are triggers on their own (pytest's `E   …` detail, kotlinc's `e: …`). */
const ANCHORED_TRIGGER_RE = /^(?:E\s|e: )/;

/** `Traceback (most recent call last):` — its exception line is the last line of the block. */
export const TRACEBACK_START_RE = /^(\s*)Traceback \(most recent call last\):\s*$/;
/** Python's chaining sentences between two tracebacks of one error. */
export const TRACEBACK_CHAIN_RE = /^\s*(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** The exception line that ends a traceback: `KeyError: 'x'`, `pkg.mod.CustomError: …`, `KeyboardInterrupt`. */
export const TRACEBACK_EXCEPTION_RE = /^[A-Za-z_][\w.]*(?::\s.*|:)?$/;
