// The versioned normalizer: turns a failure line into a signature that is equal for two
// occurrences of one failure and different for two different failures. Bump NORMALIZER_VERSION
// whenever the output for some input changes: fingerprints embed the version, so old and new
// fingerprints never collide silently (see `reSignAliases` in src/rules for carrying history over).
//
// Every pattern is precompiled, anchored on a literal or a word boundary, and free of nested
// quantifiers, so a line is normalized in linear time. Values replaced early are parked behind
// private-use sentinels so that later passes (numbers, paths) cannot rewrite them.
//
// v2 (over v1): identity within one message (two different ids become `<id:1>`, `<id:2>`; one id
// repeated stays `<id>`), ports (`:<port>` for ephemeral ports ≥ 10000, well-known ports kept,
// also after `localhost`), IPv6 addresses, self-hosted runner workspaces (`…/_work/<r>/<r>`) and
// `D:\a\_temp`, extra masks from the repository's config, placeholders kept as they are.
import { redactSecrets } from '../redact/index.js';

export const NORMALIZER_VERSION = 2;

/** A normalized line never exceeds this many characters. */
export const MAX_SIGNATURE_LENGTH = 1000;

/** The typed placeholders a signature can hold (`<n>`, `<uuid>`, `<id:2>` …). */
export const PLACEHOLDER_TYPES = ['n', 'dur', 'date', 'uuid', 'sha', 'hex', 'ip', 'port', 'id', 'email', 'ws', 'tmp', 'val', 'query'] as const;
export type PlaceholderType = (typeof PLACEHOLDER_TYPES)[number];

/** Placeholder types whose values keep their identity within one message. */
const IDENTITY_TYPES: ReadonlySet<string> = new Set(['uuid', 'sha', 'hex', 'ip', 'id', 'email']);

export interface NormalizeOptions {
  /** Extra secrets to mask (the config's `mask:`), applied after the built-in redactions. */
  mask?: readonly RegExp[];
}

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

interface Parked {
  /** Restored verbatim when type is null; else becomes `<type>` or `<type:k>`. */
  text: string;
  type: string | null;
}

class Parking {
  private readonly values: Parked[] = [];
  private put(p: Parked): string {
    this.values.push(p);
    return S_OPEN + encodeIndex(this.values.length - 1) + S_CLOSE;
  }
  /** A literal that later passes must leave alone. */
  park(text: string): string {
    return this.put({ text, type: null });
  }
  /** A value replaced by a typed placeholder; equal values of one type share a number. */
  typed(type: string, value: string): string {
    return this.put({ text: value, type });
  }
  restore(text: string): string {
    // Identity: count the distinct values per type in text order; a type with one distinct value
    // is `<type>`, a type with several is numbered by first appearance.
    const numbers = new Map<string, Map<string, number>>();
    for (const m of text.matchAll(SENTINEL_RE)) {
      const p = this.values[decodeIndex(m[1] ?? '')];
      if (!p?.type || !IDENTITY_TYPES.has(p.type)) continue;
      let byValue = numbers.get(p.type);
      if (!byValue) numbers.set(p.type, (byValue = new Map()));
      if (!byValue.has(p.text)) byValue.set(p.text, byValue.size + 1);
    }
    // Parked values never contain sentinels themselves, so one pass restores everything.
    return text.replace(SENTINEL_RE, (_m, code: string) => {
      const p = this.values[decodeIndex(code)];
      if (!p) return '';
      if (p.type === null) return p.text;
      const byValue = numbers.get(p.type);
      if (!byValue || byValue.size < 2) return `<${p.type}>`;
      return `<${p.type}:${byValue.get(p.text) ?? 1}>`;
    });
  }
}

const ANSI_RE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f]/g;
const GHA_MARKER_RE = /^\s*##\[[a-z]+\]/i;
/** Placeholders of an already normalized line: kept, so that normalizing is a fixed point. */
const PLACEHOLDER_RE = new RegExp(`<ip(?::\\d{1,3})?>(?::\\d{1,5}\\b)?|<(?:${PLACEHOLDER_TYPES.join('|')})(?::\\d{1,3})?>`, 'g');

// Timestamps are dropped: they differ on every run and say nothing about the cause.
const TS_BRACKETED_RE = /\[\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?\]/g;
const TS_ISO_RE = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z\b|[+-]\d{2}:?\d{2}\b| ?UTC\b)?/g;
const TS_CLOCK_RE = /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g;
const DATE_RE = /\b\d{4}-\d{2}-\d{2}\b/g;

const URL_RE = /\b([a-zA-Z][a-zA-Z0-9+.-]{1,15}):\/\/([^\s/?#'"<>()[\]{}|\\^`]+)([^\s?#'"<>()[\]{}|\\^`]*)(\?[^\s#'"<>()[\]{}|\\^`]*)?(#[^\s'"<>()[\]{}|\\^`]*)?/g;
const IPV4_HOST_RE = /^((?:\d{1,3}\.){3}\d{1,3})(?::(\d{1,5}))?$/;
const NAMED_HOST_RE = /^([^:]+)(?::(\d{1,5}))?$/;
const EMAIL_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const QUOTED_ASSIGN_RE = /=(\s*)(?:"[^"\n]*"|'[^'\n]*')/g;

const UUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const SHA_FULL_RE = /\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b/gi;
// A short SHA only where the words around it say it is one: `commit abc1234`, `abc1234..def5678`,
// `@abc1234`, `HEAD is now at abc1234`.
const SHA_CONTEXT_RE = /\b(commit|sha1?|revision|rev|hash|tree|parent|checkout|head|HEAD is now at|object)(\s*[:=#]?\s*)([0-9a-f]{7,12})\b/gi;
const SHA_RANGE_RE = /\b([0-9a-f]{7,12})(\.\.\.?)([0-9a-f]{7,12})\b/gi;
const SHA_AT_RE = /@([0-9a-f]{7,12})\b/gi;
const HEX_0X_RE = /\b0x[0-9a-f]+\b/gi;
const HEX_LONG_RE = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi;
const GH_REQUEST_ID_RE = /\b[0-9A-F]{3,5}:[0-9A-F]{4,6}:[0-9A-F]{5,8}:[0-9A-F]{5,8}(?::[0-9A-F]{6,8})?\b/g;
const IPV4_RE = /\b((?:\d{1,3}\.){3}\d{1,3})(?::(\d{1,5}))?\b/g;
// IPv6: a full address, or a compressed one (`::`) holding a digit; `[…]:port` around it.
const IPV6_RE = /(?<![\w:.])\[?((?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?=[0-9a-f:]*\d)(?:[0-9a-f]{1,4}:){0,6}:(?::?[0-9a-f]{1,4}){1,6})\]?(?::(\d{1,5}))?(?![\w:])/gi;
const LOCALHOST_PORT_RE = /\blocalhost:(\d{1,5})\b/gi;

const PREFIXED_ID_RE = /\b(?:req|chatcmpl|msg|resp|sess|call|toolu|run|evt)_[A-Za-z0-9]{8,}\b/g;
const KEYED_ID_RE =
  /\b(run|job|workflow run|check run|check suite|pid|process|request[ _-]?id|x-request-id|x-github-request-id|cf-ray|trace[ _-]?id|span[ _-]?id|session[ _-]?id|correlation[ _-]?id)(\s*[:=#]?\s*)([A-Za-z0-9][\w-]*)/gi;

// Workspace and temp paths differ per repository and runner, not per failure.
const WS_RE = /(?:\/home\/runner\/work|\/Users\/runner\/work|\/__w)\/([^/\s]+)\/\1(?=[/\\\s:'")\]]|$)/g;
const WS_WIN_RE = /\b[A-Z]:\\a\\([^\\\s]+)\\\1(?=[\\\s:'")\]]|$)/g;
// Self-hosted runners: `<runner root>/_work/<repo>/<repo>` (any root, either slash).
const WS_SELF_HOSTED_RE = /(?<![\w.~-])(?:[A-Za-z]:)?(?:[\\/][\w.~-]+){0,8}?[\\/]_work[\\/]([^\\/\s]+)[\\/]\1(?=[\\/\s:'")\]]|$)/g;
const TMP_RE = /(?<![\w/.~-])(?:\/home\/runner\/work\/_temp|\/tmp|\/private\/var\/folders|\/var\/folders)(?:\/[^\s'"`:,;)\]}>]*)?/g;
const TMP_WIN_RE = /\b(?:[A-Z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp|[A-Z]:\\a\\_temp)(?:\\[^\s'"`:,;)\]}>]*)?/gi;

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

// A number glued to letters (`3.14t`, `py3`) is part of a name and stays.
const NUMBER_RE = /\b\d+(?:\.\d+)*(?!\w|\.\d)/g;
const WS_COLLAPSE_RE = /\s+/g;

/** Ports below this name a service (5432 postgres, 6379 redis); above, they are ephemeral. */
const EPHEMERAL_PORT = 10000;

function portSuffix(port: string | undefined, park: Parking): string {
  if (port === undefined) return '';
  return Number(port) >= EPHEMERAL_PORT ? `:${park.park('<port>')}` : `:${park.park(port)}`;
}

function normalizeUrl(match: string, park: Parking): string {
  // Leave sentence punctuation that trails a URL outside it.
  const trail = /[.,;:!]+$/.exec(match);
  const body = trail ? match.slice(0, match.length - trail[0].length) : match;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(body);
  if (!m) return match;
  const scheme = m[1] ?? '';
  const rawHost = m[2] ?? '';
  let host: string;
  const ip = IPV4_HOST_RE.exec(rawHost);
  if (ip) host = `<ip>${portOf(ip[2])}`;
  else {
    const named = NAMED_HOST_RE.exec(rawHost);
    host = named ? `${named[1] ?? ''}${portOf(named[2])}` : rawHost;
  }
  const path = (m[3] ?? '')
    .split('/')
    .map((seg) => maskPathSegment(seg))
    .join('/');
  const query = m[4] && m[4].length > 1 ? '?<query>' : '';
  return park.park(`${scheme}://${host}${path}${query}`) + (trail ? trail[0] : '');
}

function portOf(port: string | undefined): string {
  if (port === undefined) return '';
  return Number(port) >= EPHEMERAL_PORT ? ':<port>' : `:${port}`;
}

function maskPathSegment(seg: string): string {
  if (seg === '') return seg;
  if (/^\d+$/.test(seg)) return '<n>';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg)) return '<uuid>';
  if (/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(seg)) return '<sha>';
  if (/^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}$/i.test(seg)) return '<hex>';
  return seg;
}

const globalCopies = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  if (re.global) return re;
  let g = globalCopies.get(re);
  if (!g) globalCopies.set(re, (g = new RegExp(re.source, `${re.flags}g`)));
  return g;
}

/** Applies the config's extra masks (`***`) to any text. */
export function applyMasks(text: string, mask: readonly RegExp[] | undefined): string {
  if (!mask?.length) return text;
  let s = text;
  for (const re of mask) {
    const g = globalOf(re);
    g.lastIndex = 0;
    s = s.replace(g, (m) => (m === '' ? m : '***'));
  }
  return s;
}

/**
 * Normalizer v2. Order matters: secrets are masked first so they never reach a signature, then
 * timestamps are dropped, then values are replaced with typed placeholders, most specific first.
 * The result is a fixed point: normalizeLine(normalizeLine(x)) === normalizeLine(x).
 */
export function normalizeLine(line: string, options: NormalizeOptions = {}): string {
  const park = new Parking();
  let s = line.length > 8192 ? line.slice(0, 8192) : line;
  s = s.replace(SENTINEL_CHARS_RE, '').replace(ANSI_RE, '').replace(CONTROL_RE, ' ').replace(/\uFEFF/g, '');
  s = s.replace(GHA_MARKER_RE, '');
  s = redactSecrets(s);
  s = applyMasks(s, options.mask);

  s = s.replace(TS_BRACKETED_RE, ' ').replace(TS_ISO_RE, ' ');
  s = s.replace(URL_RE, (m) => normalizeUrl(m, park));
  // After URLs (whose hosts and paths stop at `<`), before anything that could rewrite them.
  s = s.replace(PLACEHOLDER_RE, (m) => park.park(m));
  s = s.replace(EMAIL_RE, (m) => park.typed('email', m.toLowerCase()));
  s = s.replace(QUOTED_ASSIGN_RE, (_m, sp: string) => `=${sp}${park.park('"<val>"')}`);

  // Paths before numbers and hex, so `<ws>` swallows the repository name whatever it holds.
  s = s.replace(WS_RE, () => park.park('<ws>'));
  s = s.replace(WS_WIN_RE, () => park.park('<ws>'));
  if (s.includes('_work')) s = s.replace(WS_SELF_HOSTED_RE, () => park.park('<ws>'));
  s = s.replace(TMP_RE, () => park.park('<tmp>'));
  s = s.replace(TMP_WIN_RE, () => park.park('<tmp>'));

  s = s.replace(TS_CLOCK_RE, ' ').replace(DATE_RE, '<date>');
  s = s.replace(UUID_RE, (m) => park.typed('uuid', m.toLowerCase()));
  s = s.replace(SHA_FULL_RE, (m) => park.typed('sha', m.toLowerCase()));
  s = s.replace(SHA_CONTEXT_RE, (_m, word: string, sep: string, sha: string) => `${word}${sep}${park.typed('sha', sha.toLowerCase())}`);
  s = s.replace(SHA_RANGE_RE, (_m, a: string, dots: string, b: string) => `${park.typed('sha', a.toLowerCase())}${dots}${park.typed('sha', b.toLowerCase())}`);
  s = s.replace(SHA_AT_RE, (_m, sha: string) => `@${park.typed('sha', sha.toLowerCase())}`);
  s = s.replace(GH_REQUEST_ID_RE, (m) => park.typed('id', m));
  s = s.replace(PREFIXED_ID_RE, (m) => park.typed('id', m));
  s = s.replace(KEYED_ID_RE, (m, key: string, sep: string, value: string) =>
    /\d/.test(value) && value.length >= 5 ? `${key}${sep}${park.typed('id', value)}` : m,
  );
  s = s.replace(HEX_0X_RE, (m) => park.typed('hex', m.toLowerCase()));
  s = s.replace(HEX_LONG_RE, (m) => park.typed('hex', m.toLowerCase()));
  s = s.replace(IPV4_RE, (_m, ip: string, port: string | undefined) => park.typed('ip', ip) + portSuffix(port, park));
  if (s.includes('::') || /(?:[0-9a-f]{1,4}:){7}/i.test(s)) {
    s = s.replace(IPV6_RE, (_m, ip: string, port: string | undefined) => park.typed('ip', ip.toLowerCase()) + portSuffix(port, park));
  }
  s = s.replace(LOCALHOST_PORT_RE, (_m, port: string) => `localhost${portSuffix(port, park)}`);

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

// Words that say a job failed without saying why. A line made of nothing else (and placeholders,
// numbers, punctuation) is generic: `Error: Process completed with exit code 1.`
const FILLER = new Set(
  (
    'error errors err fatal failed failure failures fail fails exit exited exiting code codes status process completed ' +
    'complete with without the a an of in on at by to for from is was were has had have been be and or not non zero ' +
    'nonzero returned return returning command script task step job run runs running build test tests unknown ' +
    'unexpected exception see above below details detail more information info log logs output check please ' +
    'occurred happened something went wrong error(s) aborted abort terminated terminating stopped stop ' +
    'npm yarn pnpm make gmake gradle mvn sh bash cmd pwsh powershell elifecycle lifecycle'
  ).split(/\s+/),
);
const WORD_RE = /<[a-z]+(?::\d+)?>|[A-Za-z]+/g;

/**
 * True when a normalized line names no cause: every word is a filler word or a placeholder
 * (`Error: Process completed with exit code 1.`, `make: *** [all] Error 2`). Such a line never
 * joins other failures on its text alone (see src/cluster): its key carries the failed step.
 */
export function isGenericSignature(signature: string): boolean {
  for (const m of signature.matchAll(WORD_RE)) {
    const w = m[0];
    if (w.startsWith('<')) continue;
    if (!FILLER.has(w.toLowerCase())) return false;
  }
  return true;
}

// Sample values that the normalizer turns back into each placeholder: used to re-sign a stored
// signature under a new normalizer version (a signature of an older version is parsed as a line).
const REHYDRATE: Record<PlaceholderType, string> = {
  n: '1000',
  dur: '1000ms',
  date: '2000-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
  sha: '0123456789abcdef0123456789abcdef01234567',
  hex: 'deadbeef01',
  ip: '10.0.0.1',
  port: '40000',
  id: 'req_0a1b2c3d4e',
  email: 'someone@example.com',
  ws: '/home/runner/work/r/r',
  tmp: '/tmp/x',
  val: 'x',
  query: 'q=1',
};
const REHYDRATE_RE = new RegExp(`<(${PLACEHOLDER_TYPES.join('|')})(?::(\\d{1,3}))?>`, 'g');

/**
 * A line that normalizes like the original of `signature` did: each placeholder is replaced by a
 * sample value of its type (numbered identities by distinct samples). Used to re-sign signatures
 * stored by an older normalizer version.
 */
export function rehydrateSignature(signature: string): string {
  return signature.replace(REHYDRATE_RE, (_m, type: PlaceholderType, k: string | undefined) => {
    const base = REHYDRATE[type];
    if (!k || k === '1') return base;
    const i = Number(k);
    switch (type) {
      case 'ip':
        return `10.0.0.${i}`;
      case 'uuid':
        return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      case 'sha':
        return `${base.slice(0, 36)}${String(i).padStart(4, '0')}`;
      case 'hex':
        return `deadbeef${String(i).padStart(2, '0')}`;
      case 'id':
        return `req_0a1b2c3d${String(i).padStart(2, '0')}`;
      case 'email':
        return `someone${i}@example.com`;
      default:
        return base;
    }
  });
}
