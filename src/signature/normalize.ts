// The versioned normalizer: turns a failure line into a signature that is equal for two
// occurrences of one failure and different for two different failures. Bump NORMALIZER_VERSION
// whenever the output for some input changes: fingerprints embed the version, so old and new
// fingerprints never collide silently.
//
// Every pattern is precompiled, anchored on a literal or a word boundary, and free of nested
// quantifiers, so a line is normalized in linear time. Values replaced early are parked behind
// private-use sentinels so that later passes (numbers, paths) cannot rewrite them.
import { redactSecrets } from '../redact/index.js';

export const NORMALIZER_VERSION = 1;

/** A normalized line never exceeds this many characters. */
export const MAX_SIGNATURE_LENGTH = 1000;

const S_OPEN = '\uE000';
const S_CLOSE = '\uE001';
const SENTINEL_RE = /\uE000([g-z]+)\uE001/g;
const SENTINEL_CHARS_RE = /[\uE000\uE001]/g;

function encodeIndex(i: number): string {
  // Letters g–z only: never hex digits, never numbers, so no later pass can match inside.
  let n = i;
  let s = '';
  do {
    s = String.fromCharCode(103 + (n % 20)) + s;
    n = Math.floor(n / 20);
  } while (n > 0);
  return s;
}

function decodeIndex(s: string): number {
  let n = 0;
  for (const ch of s) n = n * 20 + (ch.charCodeAt(0) - 103);
  return n;
}

class Parking {
  private readonly values: string[] = [];
  park(value: string): string {
    this.values.push(value);
    return S_OPEN + encodeIndex(this.values.length - 1) + S_CLOSE;
  }
  restore(text: string): string {
    // Parked values never contain sentinels themselves, so one pass restores everything.
    return text.replace(SENTINEL_RE, (_m, code: string) => this.values[decodeIndex(code)] ?? '');
  }
}

const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/g;
const GHA_MARKER_RE = /^\s*##\[[a-z]+\]/i;

// Timestamps are dropped: they differ on every run and say nothing about the cause.
const TS_BRACKETED_RE = /\[\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?\]/g;
const TS_ISO_RE = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z\b|[+-]\d{2}:?\d{2}\b| ?UTC\b)?/g;
const TS_CLOCK_RE = /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g;
const DATE_RE = /\b\d{4}-\d{2}-\d{2}\b/g;

const URL_RE = /\b([a-zA-Z][a-zA-Z0-9+.-]{1,15}):\/\/([^\s/?#'"<>()[\]{}|\\^`]+)([^\s?#'"<>()[\]{}|\\^`]*)(\?[^\s#'"<>()[\]{}|\\^`]*)?(#[^\s'"<>()[\]{}|\\^`]*)?/g;
const IPV4_HOST_RE = /^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?$/;
const EMAIL_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const QUOTED_ASSIGN_RE = /=(\s*)(?:"[^"\n]*"|'[^'\n]*')/g;

const UUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const SHA_FULL_RE = /\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b/gi;
// A short SHA only where the words around it say it is one: `commit abc1234`, `abc1234..def5678`,
// `@abc1234`, `HEAD is now at abc1234`.
const SHA_CONTEXT_RE = /\b(commit|sha1?|revision|rev|hash|tree|parent|checkout|head|HEAD is now at|object)(\s*[:=#]?\s*)[0-9a-f]{7,12}\b/gi;
const SHA_RANGE_RE = /\b[0-9a-f]{7,12}(\.\.\.?)[0-9a-f]{7,12}\b/gi;
const SHA_AT_RE = /@[0-9a-f]{7,12}\b/gi;
const HEX_0X_RE = /\b0x[0-9a-f]+\b/gi;
const HEX_LONG_RE = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi;
const GH_REQUEST_ID_RE = /\b[0-9A-F]{3,5}:[0-9A-F]{4,6}:[0-9A-F]{5,8}:[0-9A-F]{5,8}(?::[0-9A-F]{6,8})?\b/g;
const IPV4_RE = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g;

const PREFIXED_ID_RE = /\b(?:req|chatcmpl|msg|resp|sess|call|toolu|run|evt)_[A-Za-z0-9]{8,}\b/g;
const KEYED_ID_RE =
  /\b(run|job|workflow run|check run|check suite|pid|process|request[ _-]?id|x-request-id|x-github-request-id|cf-ray|trace[ _-]?id|span[ _-]?id|session[ _-]?id|correlation[ _-]?id)(\s*[:=#]?\s*)([A-Za-z0-9][\w-]*)/gi;

// Workspace and temp paths differ per repository and runner, not per failure.
const WS_RE = /(?:\/home\/runner\/work|\/Users\/runner\/work|\/__w)\/([^/\s]+)\/\1(?=[/\s:'")\]]|$)/g;
const WS_WIN_RE = /\b[A-Z]:\\a\\([^\\\s]+)\\\1(?=[\\\s:'")\]]|$)/g;
const TMP_RE = /(?<![\w/.~-])(?:\/home\/runner\/work\/_temp|\/tmp|\/private\/var\/folders|\/var\/folders)(?:\/[^\s'"`:,;)\]}>]*)?/g;
const TMP_WIN_RE = /\b[A-Z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp(?:\\[^\s'"`:,;)\]}>]*)?/gi;

const DURATION_RE = /\b(?:\d+(?:\.\d+)?(?:ms|us|µs|ns|h|m|s))+\b/g;
const DURATION_WORDS_RE = /\b\d+(?:\.\d+)? ?(?:milliseconds?|seconds?|secs?|minutes?|mins?|hours?)\b/gi;

// HTTP status codes and exit codes are KEPT as they are: they are few, stable across runs, and
// name the cause (401 vs 403 are different problems, exit 137 is a kill, 127 a missing command),
// whereas every other number (ids, counts, sizes, line numbers) varies from run to run.
const HTTP_STATUS_KEYED_RE =
  /\b(status(?:[ _]?code)?|statusCode|HTTP(?:\/\d(?:\.\d)?)?|response code|API Error|CAPIError|code)(["']?[:=\s]+["']?)([1-5]\d\d)\b/gi;
const HTTP_STATUS_PHRASE_RE =
  /\b([1-5]\d\d) (Unauthorized|Forbidden|Not Found|Too Many Requests|Bad Request|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out|Conflict|Unprocessable Entity|Method Not Allowed|Request Timeout|Payload Too Large|Precondition Failed|Gone|Not Implemented)\b/gi;
const EXIT_CODE_RE =
  /\b(exit(?:ed)?(?: with)?(?: exit)? (?:code|status)|exit_code|exitCode|exitcode|returncode|return code|returned|signal|Error|code)([:=\s]+)(-?\d{1,3})\b/gi;

const NUMBER_RE = /\b\d+(?:\.\d+)*\b/g;
const WS_COLLAPSE_RE = /\s+/g;

function normalizeUrl(match: string, park: Parking): string {
  // Leave sentence punctuation that trails a URL outside it.
  const trail = /[.,;:!]+$/.exec(match);
  const body = trail ? match.slice(0, match.length - trail[0].length) : match;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(body);
  if (!m) return match;
  const scheme = m[1] ?? '';
  let host = m[2] ?? '';
  if (IPV4_HOST_RE.test(host)) host = '<ip>';
  const path = (m[3] ?? '')
    .split('/')
    .map((seg) => maskPathSegment(seg))
    .join('/');
  const query = m[4] && m[4].length > 1 ? '?<query>' : '';
  return park.park(`${scheme}://${host}${path}${query}`) + (trail ? trail[0] : '');
}

function maskPathSegment(seg: string): string {
  if (seg === '') return seg;
  if (/^\d+$/.test(seg)) return '<n>';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg)) return '<uuid>';
  if (/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(seg)) return '<sha>';
  if (/^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}$/i.test(seg)) return '<hex>';
  return seg;
}

/**
 * Normalizer v1. Order matters: secrets are masked first so they never reach a signature, then
 * timestamps are dropped, then values are replaced with typed placeholders, most specific first.
 * The result is a fixed point: normalizeLine(normalizeLine(x)) === normalizeLine(x).
 */
export function normalizeLine(line: string): string {
  const park = new Parking();
  let s = line.length > 8192 ? line.slice(0, 8192) : line;
  s = s.replace(SENTINEL_CHARS_RE, '').replace(ANSI_RE, '').replace(CONTROL_RE, ' ').replace(/\uFEFF/g, '');
  s = s.replace(GHA_MARKER_RE, '');
  s = redactSecrets(s);

  s = s.replace(TS_BRACKETED_RE, ' ').replace(TS_ISO_RE, ' ');
  s = s.replace(URL_RE, (m) => normalizeUrl(m, park));
  s = s.replace(EMAIL_RE, () => park.park('<email>'));
  s = s.replace(QUOTED_ASSIGN_RE, (_m, sp: string) => `=${sp}${park.park('"<val>"')}`);

  // Paths before numbers and hex, so `<ws>` swallows the repository name whatever it holds.
  s = s.replace(WS_RE, () => park.park('<ws>'));
  s = s.replace(WS_WIN_RE, () => park.park('<ws>'));
  s = s.replace(TMP_RE, () => park.park('<tmp>'));
  s = s.replace(TMP_WIN_RE, () => park.park('<tmp>'));

  s = s.replace(TS_CLOCK_RE, ' ').replace(DATE_RE, '<date>');
  s = s.replace(UUID_RE, '<uuid>');
  s = s.replace(SHA_FULL_RE, '<sha>');
  s = s.replace(SHA_CONTEXT_RE, (_m, word: string, sep: string) => `${word}${sep}<sha>`);
  s = s.replace(SHA_RANGE_RE, (_m, dots: string) => `<sha>${dots}<sha>`);
  s = s.replace(SHA_AT_RE, '@<sha>');
  s = s.replace(GH_REQUEST_ID_RE, '<id>');
  s = s.replace(PREFIXED_ID_RE, '<id>');
  s = s.replace(KEYED_ID_RE, (m, key: string, sep: string, value: string) =>
    /\d/.test(value) && value.length >= 5 ? `${key}${sep}<id>` : m,
  );
  s = s.replace(HEX_0X_RE, '<hex>');
  s = s.replace(HEX_LONG_RE, '<hex>');
  s = s.replace(IPV4_RE, '<ip>');

  s = s.replace(HTTP_STATUS_KEYED_RE, (m) => park.park(m));
  s = s.replace(HTTP_STATUS_PHRASE_RE, (m) => park.park(m));
  s = s.replace(EXIT_CODE_RE, (m) => park.park(m));

  s = s.replace(DURATION_WORDS_RE, '<dur>');
  s = s.replace(DURATION_RE, '<dur>');
  s = s.replace(NUMBER_RE, '<n>');

  s = park.restore(s);
  s = s.replace(WS_COLLAPSE_RE, ' ').trim();
  if (s.length > MAX_SIGNATURE_LENGTH) s = s.slice(0, MAX_SIGNATURE_LENGTH);
  return s;
}
