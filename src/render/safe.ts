// Log text is untrusted and ends up in public issues. Everything taken from a log or a run passes
// through here: secrets masked, nobody pinged, no issue cross-referenced, no markdown broken.
import { redactSecrets } from '../redact/index.js';

const ZWSP = '\u200b';

/** Stop GitHub from turning log text into mentions, issue links or our own hidden markers. */
export function neutralize(text: string): string {
  return text
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`)
    .replace(/(^|[^\w&])#(?=\d)/g, `$1#${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/<!--/g, `<${ZWSP}!--`)
    .replace(/-->/g, `--${ZWSP}>`);
}

/** Untrusted text for use anywhere in the report. */
export function safeText(text: string): string {
  return neutralize(redactSecrets(text));
}

/** A fenced block whose fence is longer than any backtick run inside, so log text cannot close it. */
export function fence(text: string, lang = 'text'): string {
  const body = safeText(text).replace(/\r/g, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

/** Untrusted text inside a table cell: one line, no pipe that would split the row. */
export function cell(text: string, max = 120): string {
  const one = safeText(text).replace(/\s+/g, ' ').trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Untrusted text shown as inline code, e.g. a signature in a summary line. */
export function code(text: string, max = 160): string {
  const one = safeText(text).replace(/\s+/g, ' ').trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  const longest = Math.max(0, ...[...cut.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = cut.startsWith('`') || cut.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${cut.replace(/\|/g, '\\|')}${pad}${ticks}`;
}

/** HTML-escaped text for `<summary>` lines, where markdown is not rendered. */
export function html(text: string): string {
  return safeText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
