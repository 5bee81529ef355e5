// Helpers for tests: build job logs in the formats the product reads. Not used by the product.

/** The timestamp the runner writes for line `i` (0-based): one second apart, 7 fraction digits. */
export function tsAt(i: number, start = '2026-04-22T09:46:00Z'): string {
  const t = new Date(Date.parse(start) + i * 1000).toISOString().slice(0, 19);
  const frac = String((1234567 + i * 1111) % 10_000_000).padStart(7, '0');
  return `${t}.${frac}Z`;
}

/** A raw GitHub Actions job log (as the logs API serves it): a BOM on line 1, a timestamp per line. */
export function ghaLog(lines: readonly string[], opts: { start?: string; bom?: boolean; crlf?: boolean } = {}): string {
  const eol = opts.crlf ? '\r\n' : '\n';
  const body = lines.map((l, i) => `${tsAt(i, opts.start)} ${l}`).join(eol);
  return (opts.bom === false ? '' : '\uFEFF') + body + eol;
}

/** `gh run view --log-failed` output: `job<TAB>step<TAB>timestamp text`. */
export function ghCliLog(rows: ReadonlyArray<readonly [job: string, step: string, text: string]>, start?: string): string {
  return rows.map(([job, step, text], i) => `${job}\t${step}\t${tsAt(i, start)} ${text}`).join('\n') + '\n';
}
