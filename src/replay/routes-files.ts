// Job logs and artifacts: the API answers 302 to a short-lived storage URL under /_storage/
// (no token needed), which streams the log text or a zip of the artifact's folder.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { gone, intParam, json, notFound, redirect, type Ctx, type Reply, type Router } from './http.js';
import { paginate } from './listing.js';
import { nodeId } from './objects.js';
import { isMissing, stamp } from './validate.js';
import type { World } from './world.js';

const ARTIFACTS_PER_RUN = 1000;
const DAY_MS = 86_400_000;

interface ArtifactEntry {
  id: number;
  runId: number;
  name: string;
  folder: string;
  expired: boolean;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

async function walk(dir: string, prefix = ''): Promise<Array<{ rel: string; abs: string }>> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  const out: Array<{ rel: string; abs: string }> = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = join(dir, e.name);
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(abs, rel)));
    else if (e.isFile()) out.push({ rel, abs });
  }
  return out;
}

export class Files {
  /** artifacts whose id could not be derived from the run id (huge run ids) */
  private readonly extraIds = new Map<number, { runId: number; index: number }>();

  constructor(private readonly world: World) {}

  /** the log file of a job, if the scenario has one */
  async logFile(runId: number, attempt: number, jobId: number): Promise<string | undefined> {
    const run = this.world.scenario.runs.get(runId);
    if (!run) return undefined;
    for (const file of [join(run.dir, 'logs', `${jobId}.txt`), join(run.dir, 'attempts', String(attempt), 'logs', `${jobId}.txt`)]) {
      if (await isFile(file)) return file;
    }
    return undefined;
  }

  /** a completed job's log: the file, 404 (no such job / not finished at the clock) or 410 (no log) */
  async jobLog(jobId: number | undefined): Promise<string | Reply> {
    const found = jobId === undefined ? undefined : this.world.job(jobId);
    if (!found || found.job.status !== 'completed') return notFound();
    const file = await this.logFile(found.runId, found.attempt, found.job.id);
    return file ?? gone();
  }

  private artifactId(runId: number, index: number): number {
    const id = runId * ARTIFACTS_PER_RUN + index + 1;
    if (Number.isSafeInteger(id) && index < ARTIFACTS_PER_RUN - 1) return id;
    const fallback = 9_000_000_000_000_000 - this.extraIds.size - 1;
    this.extraIds.set(fallback, { runId, index });
    return fallback;
  }

  /** the artifacts of a run that exists and has finished at the clock */
  async artifacts(runId: number): Promise<ArtifactEntry[]> {
    const found = this.world.attempt(runId);
    if (!found || this.world.clock.run(found.attempt.run).status !== 'completed') return [];
    let entries;
    try {
      entries = await readdir(join(found.run.dir, 'artifacts'), { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    return folders.map((folder, index) => {
      const expired = folder.endsWith('.expired');
      const name = expired ? folder.slice(0, -'.expired'.length) : folder;
      return { id: this.artifactId(runId, index), runId, name, folder, expired };
    });
  }

  async artifact(id: number | undefined): Promise<ArtifactEntry | undefined> {
    if (id === undefined) return undefined;
    const extra = this.extraIds.get(id);
    const runId = extra?.runId ?? Math.floor((id - 1) / ARTIFACTS_PER_RUN);
    return (await this.artifacts(runId)).find((a) => a.id === id);
  }

  private folderOf(a: ArtifactEntry): string {
    return join(this.world.scenario.runs.get(a.runId)!.dir, 'artifacts', a.folder);
  }

  async artifactObject(a: ArtifactEntry): Promise<Record<string, unknown>> {
    const { site, clock } = this.world;
    const run = this.world.renderRun(this.world.attempt(a.runId)!.attempt);
    let size = 0;
    for (const f of await walk(this.folderOf(a))) size += (await stat(f.abs)).size;
    const createdMs = Date.parse(run.updated_at);
    const expiresMs = a.expired ? Math.min(createdMs + DAY_MS, clock.ms) : createdMs + 90 * DAY_MS;
    return {
      id: a.id,
      node_id: nodeId('MDg', 'Artifact', a.id),
      name: a.name,
      size_in_bytes: size,
      url: `${site.api}/actions/artifacts/${a.id}`,
      archive_download_url: `${site.api}/actions/artifacts/${a.id}/zip`,
      expired: a.expired,
      created_at: stamp(createdMs),
      updated_at: stamp(createdMs),
      expires_at: stamp(expiresMs),
      digest: null,
      workflow_run: {
        id: run.id,
        repository_id: site.repoId,
        head_repository_id: site.repoId,
        head_branch: run.head_branch,
        head_sha: run.head_sha,
      },
    };
  }

  async zip(a: ArtifactEntry): Promise<Buffer> {
    const files: Zippable = {};
    const mtime = new Date(this.world.renderRun(this.world.attempt(a.runId)!.attempt).updated_at);
    for (const f of await walk(this.folderOf(a))) files[f.rel] = [new Uint8Array(await readFile(f.abs)), { mtime }];
    return Buffer.from(zipSync(files, { level: 6 }));
  }
}

function storageUrl(ctx: Ctx, kind: string, id: number): string {
  return `${ctx.base}/_storage/${kind}/${id}?sig=${randomBytes(12).toString('hex')}`;
}

async function artifactList(files: Files, ctx: Ctx, entries: Awaited<ReturnType<Files['artifacts']>>): Promise<Reply> {
  const name = ctx.query.get('name');
  const matching = name ? entries.filter((e) => e.name === name) : entries;
  const page = paginate(matching, ctx);
  const artifacts = await Promise.all(page.items.map((a) => files.artifactObject(a)));
  return json({ total_count: matching.length, artifacts }, 200, page.headers);
}

export function registerFileRoutes(router: Router, files: Files, world: World): void {
  const R = '/repos/{owner}/{repo}';

  router.add('GET', `${R}/actions/jobs/{job_id}/logs`, async (ctx) => {
    const id = intParam(ctx.params['job_id']);
    const log = await files.jobLog(id);
    return typeof log === 'string' ? redirect(storageUrl(ctx, 'logs', id!)) : log;
  });

  // the whole-run zip is not served (the product reads job logs)
  router.add('GET', `${R}/actions/runs/{run_id}/logs`, () => notFound());
  router.add('GET', `${R}/actions/runs/{run_id}/attempts/{attempt}/logs`, () => notFound());

  router.add('GET', `${R}/actions/runs/{run_id}/artifacts`, async (ctx) => {
    const id = intParam(ctx.params['run_id']);
    if (id === undefined || !world.attempt(id)) return notFound();
    return artifactList(files, ctx, await files.artifacts(id));
  });

  router.add('GET', `${R}/actions/artifacts`, async (ctx) => {
    const all = [];
    for (const run of world.runs()) all.push(...(await files.artifacts(run.id)));
    return artifactList(files, ctx, all);
  });

  router.add('GET', `${R}/actions/artifacts/{artifact_id}`, async (ctx) => {
    const a = await files.artifact(intParam(ctx.params['artifact_id']));
    return a ? json(await files.artifactObject(a)) : notFound();
  });

  router.add('GET', `${R}/actions/artifacts/{artifact_id}/{format}`, async (ctx) => {
    const a = await files.artifact(intParam(ctx.params['artifact_id']));
    if (!a || ctx.params['format'] !== 'zip') return notFound();
    if (a.expired) return gone('Artifact has expired');
    return redirect(storageUrl(ctx, 'artifacts', a.id));
  });
}

/** the storage host: no token, no rate limit, plain bytes */
export function registerStorageRoutes(router: Router, files: Files): void {
  router.add('GET', '/_storage/logs/{job_id}', async (ctx) => {
    const log = await files.jobLog(intParam(ctx.params['job_id']));
    if (typeof log !== 'string') return log;
    const { size } = await stat(log);
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(size) },
      stream: createReadStream(log),
    };
  });

  router.add('GET', '/_storage/artifacts/{artifact_id}', async (ctx) => {
    const a = await files.artifact(intParam(ctx.params['artifact_id']));
    if (!a) return notFound();
    if (a.expired) return gone('Artifact has expired');
    const zip = await files.zip(a);
    return {
      status: 200,
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename=${a.name}.zip`,
        'content-length': String(zip.length),
      },
      raw: zip,
    };
  });
}
