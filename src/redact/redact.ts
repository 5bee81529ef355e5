// Secret masking for anything the product quotes from a log: failure lines, context, signatures.
// Every pattern is anchored on a recognisable shape (a token prefix, a header, a `key=` pair) so
// that it runs in linear time and leaves ordinary prose alone. The output of redactSecrets is a
// fixed point: redactSecrets(redactSecrets(x)) === redactSecrets(x).

const MASK = '***';

type Replacer = (substring: string, ...args: string[]) => string;

interface Redaction {
  name: string;
  re: RegExp;
  replace: string | Replacer;
}

/** Key names whose value is a secret, matched as the *end* of the key (so `input_tokens` is not one). */
const SECRET_KEY =
  '[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth[_-]?key)';

function maskValue(key: string, sep: string, dq: string | undefined, sq: string | undefined, bare: string | undefined): string {
  const value = dq ?? sq ?? bare ?? '';
  // Keep values that cannot be a secret (empty, punctuation, an already masked value).
  if (!/[A-Za-z0-9]/.test(value)) {
    return `${key}${sep}${dq !== undefined ? `"${value}"` : sq !== undefined ? `'${value}'` : value}`;
  }
  if (dq !== undefined) return `${key}${sep}"${MASK}"`;
  if (sq !== undefined) return `${key}${sep}'${MASK}'`;
  return `${key}${sep}${MASK}`;
}

const REDACTIONS: readonly Redaction[] = [
  {
    // PEM private keys, also inside JSON strings with literal `\n`; an unterminated block is
    // masked up to the end of its base64 body.
    name: 'private-key',
    re: /-----BEGIN ([A-Z0-9 ]*?)PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*?PRIVATE KEY-----|(?:(?:\s|\\n)+[A-Za-z0-9+/=]{16,})*)/g,
    replace: (_m, kind: string) => `-----BEGIN ${kind}PRIVATE KEY-----${MASK}-----END ${kind}PRIVATE KEY-----`,
  },
  {
    // https://user:password@host
    name: 'url-credentials',
    re: /\b([a-z][a-z0-9+.-]{1,15}:\/\/)[^\s:@/]+:[^\s@/]+@/gi,
    replace: `$1${MASK}@`,
  },
  {
    // https://<token>@host (a token as the user name)
    name: 'url-token',
    re: /\b([a-z][a-z0-9+.-]{1,15}:\/\/)(?:gh[pousr]_[A-Za-z0-9]+|github_pat_\w+|x-access-token|[A-Za-z0-9_-]{30,})@/gi,
    replace: `$1${MASK}@`,
  },
  {
    name: 'authorization-header',
    re: /\b(Authorization\s*[:=]\s*(?:(?:Bearer|Basic|token|Bot|Digest)\s+)?)([^\s"',]+)/gi,
    replace: `$1${MASK}`,
  },
  {
    // `Bearer <credential>` outside a header; the credential must hold a digit so that prose such
    // as "Missing bearer or basic authentication" survives.
    name: 'bearer',
    re: /\b(Bearer|Basic)(\s+)(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{12,}=*/gi,
    replace: `$1$2${MASK}`,
  },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, replace: MASK },
  { name: 'github-pat', re: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: `github_pat_${MASK}` },
  { name: 'github-token', re: /\b(gh[pousr])_[A-Za-z0-9]{16,}/g, replace: `$1_${MASK}` },
  { name: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{16,}/g, replace: `glpat-${MASK}` },
  { name: 'npm-token', re: /\bnpm_[A-Za-z0-9]{30,}/g, replace: `npm_${MASK}` },
  // Provider keys. `*` is part of the body so that a key a tool already half-masked
  // (`sk-place****roxy`) loses its remaining characters too.
  { name: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9_*-]{8,}/g, replace: `sk-ant-${MASK}` },
  { name: 'openai-key', re: /\bsk-[A-Za-z0-9_*-]{8,}/g, replace: `sk-${MASK}` },
  { name: 'aws-access-key', re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: `$1${MASK}` },
  { name: 'slack-token', re: /\b(xox[abposr])-[A-Za-z0-9-]{8,}/g, replace: `$1-${MASK}` },
  { name: 'google-key', re: /\bAIza[0-9A-Za-z_-]{30,}/g, replace: `AIza${MASK}` },
  {
    // password=…, "token": "…", api_key: …, GITHUB_TOKEN=…
    name: 'secret-assignment',
    re: new RegExp(`(?<![A-Za-z0-9_.-])(${SECRET_KEY})(["']?\\s*[:=]\\s*)(?:"([^"\\n]*)"|'([^'\\n]*)'|([^\\s"',;&]+))`, 'gi'),
    replace: (_m, key: string, sep: string, dq?: string, sq?: string, bare?: string) => maskValue(key, sep, dq, sq, bare),
  },
];

/**
 * Masks secrets in text: token formats (ghp_, gho_, ghs_, ghu_, ghr_, github_pat_, sk-…, sk-ant-…,
 * AKIA…, xox…, AIza…, glpat-, npm_), Authorization/Bearer/Basic credentials, JWTs, PEM private
 * keys, `password=`/`token=`/`api_key:` values and credentials in URLs. Idempotent.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const r of REDACTIONS) {
    r.re.lastIndex = 0;
    out = typeof r.replace === 'string' ? out.replace(r.re, r.replace) : out.replace(r.re, r.replace);
  }
  return out;
}

/** Names of the redactions, in the order they run (for documentation and tests). */
export const REDACTION_NAMES: readonly string[] = REDACTIONS.map((r) => r.name);
