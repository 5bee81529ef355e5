// Shared validation helpers: zod errors turned into one sentence naming the file and the key,
// ISO timestamps, and reading JSON/YAML files with errors that say which file.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** `a.b[0].c` from a zod issue path */
export function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One error naming the file, the key and what is wrong, from a failed zod parse. */
export function zodError(file: string, error: z.ZodError): Error {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const input = (issue as { input?: unknown }).input;
    const what =
      issue.code === 'invalid_type' && input === undefined
        ? 'is required'
        : `${issue.message}${input !== undefined && issue.code !== 'unrecognized_keys' ? ` (got ${describe(input)})` : ''}`;
    return `key "${keyPath(issue.path)}" ${what}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more problems)` : '';
  return new Error(`${file}: ${lines.join('; ')}${more}`);
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) throw zodError(file, result.error);
  return result.data;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** milliseconds of an ISO 8601 date-time with a time zone, or NaN */
export function isoMs(value: string): number {
  return ISO_RE.test(value) ? Date.parse(value) : NaN;
}

/** an ISO 8601 date-time with a time zone (YAML dates are accepted and turned into ISO strings) */
export const isoString = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString() : v),
  z.string().refine((s) => !Number.isNaN(isoMs(s)), {
    message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-04-22T19:14:00Z',
  }),
);

/** GitHub's timestamp style: no milliseconds unless there are some */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

export async function readYamlFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    throw new Error(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
}

export function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** map with at most `limit` promises in flight (keeps big scenarios under the open-file limit) */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
