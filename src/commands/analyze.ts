// `analyze <file|dir>...`: the same analysis as a replay, on log files, with no network.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../config/options.js';
import { analyzeFiles, renderAnalysisMarkdown, type LogFile } from '../analyze/index.js';
import { parseConfigFile } from '../config/file.js';
import { buildRuleSet } from '../rules/index.js';
import type { Flags } from './execute.js';

export async function analyzeCommand(positionals: string[], flags: Flags): Promise<number> {
  if (!positionals.length) throw new InputError('file', 'analyze: give at least one log file or directory');
  const format = typeof flags.format === 'string' ? flags.format : 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new InputError('format', `format: '${format}' is not markdown or json`);
  const files: LogFile[] = [];
  for (const p of positionals) for (const path of await expand(p)) files.push({ path, text: await readLog(path) });
  const configPath = typeof flags.config === 'string' ? flags.config : undefined;
  const ruleSet = configPath ? buildRuleSet(parseConfigFile(await readConfig(configPath), configPath).analysis) : undefined;
  const result = analyzeFiles(files, ruleSet);
  process.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderAnalysisMarkdown(result));
  return 0;
}

/** A file as given; a directory's files recursively, in sorted order, joined onto the path given. */
async function expand(path: string): Promise<string[]> {
  const s = await stat(path).catch(() => {
    throw new InputError('file', `analyze: ${path} does not exist`);
  });
  if (!s.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of (await readdir(path)).sort()) {
    const child = join(path, name);
    const cs = await stat(child);
    if (cs.isDirectory()) out.push(...(await expand(child)));
    else if (cs.isFile()) out.push(child);
  }
  return out;
}

async function readConfig(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError('config', `config: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

async function readLog(path: string): Promise<string> {
  const buf = await readFile(path);
  const gz = path.endsWith('.gz') || (buf[0] === 0x1f && buf[1] === 0x8b);
  try {
    return (gz ? gunzipSync(buf) : buf).toString('utf8');
  } catch (e) {
    throw new InputError('file', `analyze: ${path} looks gzipped but cannot be decompressed (${(e as Error).message})`);
  }
}
