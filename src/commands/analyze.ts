// `analyze <file|dir>...`: the same analysis as a replay, on log files, with no network.
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../config/options.js';
import { createFileAnalyzer, fileEvidence, renderAnalysisMarkdown, summarizeEvidence, type JobEvidence } from '../analyze/index.js';
import { parseConfigFile } from '../config/file.js';
import { buildRuleSet } from '../rules/index.js';
import type { Flags } from './execute.js';

export async function analyzeCommand(positionals: string[], flags: Flags): Promise<number> {
  if (!positionals.length) throw new InputError('file', 'analyze: give at least one log file or directory');
  const format = typeof flags.format === 'string' ? flags.format : 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new InputError('format', `format: '${format}' is not markdown or json`);
  const configPath = typeof flags.config === 'string' ? flags.config : undefined;
  const ruleSet = configPath ? buildRuleSet(parseConfigFile(await readConfig(configPath), configPath).analysis) : undefined;
  // One file at a time (read whole up to WHOLE_FILE_BYTES, streamed beyond): only each job's
  // evidence is kept, never a log.
  const jobs: JobEvidence[] = [];
  for (const p of positionals) for (const path of await expand(p)) jobs.push(...(await evidenceOf(path)));
  const result = summarizeEvidence(jobs, ruleSet);
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

/**
 * Files up to this size are read in one synchronous call: asynchronous reads cost a round trip to
 * the thread pool per chunk, which made `analyze` a third slower on ordinary job logs (measured
 * with bench/throughput.mjs), and the command reads one file at a time anyway.
 */
const WHOLE_FILE_BYTES = 16 * 1024 * 1024;
/** Chunks of larger files (the fewer the round trips, the faster; memory stays bounded by it). */
const CHUNK_BYTES = 1024 * 1024;

/** A log file's evidence, read as UTF-8 (gunzipped on the way when it is gzip). */
async function evidenceOf(path: string): Promise<JobEvidence[]> {
  const gz = path.endsWith('.gz') || isGzip(path);
  if (!gz && statSync(path).size <= WHOLE_FILE_BYTES) return fileEvidence({ path, text: readFileSync(path).toString('utf8') });
  const file = createFileAnalyzer(path);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of logBytes(path, gz)) file.push(decoder.write(chunk));
  file.push(decoder.end());
  return file.end();
}

async function* logBytes(path: string, gz: boolean): AsyncGenerator<Buffer> {
  const source = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (!gz) {
    yield* source;
    return;
  }
  const gunzip = createGunzip();
  // pipeline passes a read error on to gunzip, whose iteration then throws it.
  pipeline(source, gunzip, () => {});
  try {
    yield* gunzip;
  } catch (e) {
    throw new InputError('file', `analyze: ${path} looks gzipped but cannot be decompressed (${(e as Error).message})`);
  }
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}
