// The repository's config file (.github/ci-failure-investigator.yml, or --config FILE). Pure: text
// in, validated settings out, or an error naming the file, the line and the key.
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError, type RawInputs } from './options.js';

const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v.join(',') : v));
const count = z.number().int().nonnegative().transform(String);

export const ConfigSchema = z
  .object({
    window: z.string().optional(),
    workflows: stringList.optional(),
    'exclude-workflows': stringList.optional(),
    'report-label': z.string().optional(),
    'max-new-sub-issues': count.optional(),
    'max-api-requests': count.optional(),
  })
  .strict();

export type ConfigInputs = Pick<RawInputs, 'window' | 'workflows' | 'exclude-workflows' | 'report-label' | 'max-new-sub-issues' | 'max-api-requests'>;

/** Parse a config file. Throws InputError('config', …) naming `file:line` and the key. */
export function parseConfig(text: string, file: string): ConfigInputs {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    throw new InputError('config', `config: ${file}:${line}: not valid YAML (${err.message.split('\n')[0]})`);
  }
  const value: unknown = doc.toJS() ?? {};
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new InputError('config', `config: ${file}:1: expected a mapping of settings, found ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  const parsed = ConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const key = path.map(String).join('.');
  const node = doc.getIn(path as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
  const keyNode = findKeyOffset(text, path.map(String));
  const offset = node?.range?.[0] ?? keyNode;
  const line = offset !== null && offset !== undefined ? lines.linePos(offset).line : 1;
  const what = issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message;
  throw new InputError('config', `config: ${file}:${line}: '${key}' ${what}`);
}

function findKeyOffset(text: string, path: string[]): number | null {
  const last = path[path.length - 1];
  if (!last) return null;
  const m = new RegExp(`^\\s*${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'm').exec(text);
  return m ? m.index + (m[0].length - m[0].trimStart().length) : null;
}

/** Flags and inputs win over the config file; the file wins over the defaults. */
export function mergeInputs(fromFile: ConfigInputs, given: RawInputs): RawInputs {
  const out: RawInputs = { ...fromFile };
  for (const [k, v] of Object.entries(given) as Array<[keyof RawInputs, string | undefined]>) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
