// The replay server: a loopback HTTP server that serves a scenario directory through GitHub's
// REST paths, so that a client pointed at it (GITHUB_API_URL) cannot tell it from api.github.com.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from './clock.js';
import { FaultBox, type Fault } from './faults.js';
import { badRequest, DOCS_URL, json, Router, type Ctx, type Reply } from './http.js';
import { makeSite } from './objects.js';
import { registerFileRoutes, registerStorageRoutes, Files } from './routes-files.js';
import { registerIssueRoutes } from './routes-issues.js';
import { registerLabelRoutes } from './routes-labels.js';
import { registerRepoRoutes } from './routes-repo.js';
import { registerRunRoutes } from './routes-runs.js';
import { registerSubIssueRoutes } from './routes-sub-issues.js';
import { loadScenario, type Scenario } from './scenario.js';
import { loadStateFile, saveStateFile, stateFromScenario, type ReplayState } from './state.js';
import { IssueStore } from './store.js';
import { World } from './world.js';

export type { Fault } from './faults.js';
export type { ReplayState } from './state.js';

export interface ReplayServerOptions {
  scenarioDir: string;
  /** The scenario already loaded from scenarioDir (the replay command reads it for its clock). */
  scenario?: Scenario;
  /** ISO; default scenario.now */
  now?: string;
  /** default 0 = random */
  port?: number;
  /** load issues/comments/labels/sub-issues from it if it exists */
  stateFile?: string;
  /** replaces scenario.yml faults when given */
  faults?: Fault[];
}

export interface ReplayServer {
  /** e.g. http://127.0.0.1:43121 (API base; no trailing slash) */
  url: string;
  /** the clock in force */
  now: string;
  /** every request to the API paths (fault answers included), not /_storage/ downloads */
  requestCount(): number;
  /** write issues, comments, labels, sub-issues (default: options.stateFile) */
  saveState(file?: string): Promise<void>;
  /** in-memory snapshot (issues with comments and sub_issues, labels) */
  state(): ReplayState;
  close(): Promise<void>;
}

const RATE_LIMIT = 5000;
const MAX_BODY_BYTES = 25 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function requestId(n: number): string {
  const hex = (v: number, width: number): string => v.toString(16).toUpperCase().padStart(width, '0');
  return `${hex(0xc1f1, 4)}:${hex(n % 0x10000, 4)}:${hex(n * 7919 % 0x1000000, 6)}:${hex(n * 104729 % 0x1000000, 6)}:${hex(n, 8)}`;
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  const all: Record<string, string> = { ...headers };
  for (const [k, v] of Object.entries(reply.headers ?? {})) all[k.toLowerCase()] = v;
  if (reply.stream) {
    res.writeHead(reply.status, all);
    reply.stream.on('error', () => res.destroy());
    reply.stream.pipe(res);
    return;
  }
  let payload: Buffer | string | undefined;
  if (reply.raw !== undefined) payload = reply.raw;
  else if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
    payload = JSON.stringify(reply.body);
    all['content-type'] ??= 'application/json; charset=utf-8';
  }
  if (payload === undefined) {
    delete all['content-type'];
    all['content-length'] = '0';
    res.writeHead(reply.status, all);
    res.end();
    return;
  }
  all['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, all);
  res.end(payload);
}

/** Start a replay server on 127.0.0.1 for a scenario directory. */
export async function startReplayServer(opts: ReplayServerOptions): Promise<ReplayServer> {
  const scenario = opts.scenario ?? (await loadScenario(opts.scenarioDir));
  const clock = new Clock(opts.now ?? scenario.now);
  const repoName = `${scenario.owner}/${scenario.name}`;
  const fromFile = opts.stateFile ? await loadStateFile(opts.stateFile) : undefined;
  if (fromFile && fromFile.repo.toLowerCase() !== repoName.toLowerCase()) {
    throw new Error(`${opts.stateFile}: key "repo" is ${fromFile.repo} but the scenario is ${repoName}`);
  }
  const faults = new FaultBox(opts.faults ?? scenario.faults);
  const api = new Router();
  const storage = new Router();
  let base = '';
  let count = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const isStorage = path.startsWith('/_storage/');
    if (!isStorage) count += 1;
    const n = count;
    const headers: Record<string, string> = isStorage
      ? {}
      : {
          'content-type': 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
          'x-github-media-type': 'github.v3; format=json',
          'x-github-request-id': requestId(n),
          'x-ratelimit-limit': String(RATE_LIMIT),
          'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - n)),
          'x-ratelimit-used': String(Math.min(n, RATE_LIMIT)),
          'x-ratelimit-reset': String(clock.epochSeconds() + 3600),
          'x-ratelimit-resource': 'core',
        };
    const fault = faults.take(method, path);
    if (fault) {
      req.resume();
      send(res, fault, headers);
      return;
    }
    const raw = await readBody(req);
    if (raw === undefined) {
      send(res, json({ message: 'Request body too large', documentation_url: DOCS_URL }, 413), headers);
      return;
    }
    let body: unknown;
    if (raw.length && raw.toString('utf8').trim()) {
      try {
        body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        send(res, badRequest('Problems parsing JSON'), headers);
        return;
      }
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
    const wrongRepo = repoMatch !== null && `${repoMatch[1]}/${repoMatch[2]}`.toLowerCase() !== repoName.toLowerCase();
    const route = wrongRepo ? undefined : (isStorage ? storage : api).match(method === 'HEAD' ? 'GET' : method, path);
    if (!route) {
      send(res, json({ message: 'Not Found', documentation_url: DOCS_URL, status: '404' }, 404), headers);
      return;
    }
    const ctx: Ctx = { method, path, query: url.searchParams, params: route.params, body, headers: req.headers, base };
    try {
      send(res, await route.handler(ctx), headers);
    } catch (err) {
      process.stderr.write(`replay server: ${method} ${path}: ${(err as Error).stack ?? String(err)}\n`);
      send(res, json({ message: 'Server Error', documentation_url: DOCS_URL, status: '500' }, 500), headers);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let store: IssueStore;
  try {
    const site = makeSite(base, scenario.owner, scenario.name, scenario.defaultBranch);
    const world = new World(scenario, clock, site);
    store = new IssueStore(fromFile ?? stateFromScenario(scenario), clock, site);
    const files = new Files(world);
    registerRunRoutes(api, world);
    registerFileRoutes(api, files, world);
    registerRepoRoutes(api, world, () => count);
    registerIssueRoutes(api, store);
    registerLabelRoutes(api, store);
    registerSubIssueRoutes(api, store);
    registerStorageRoutes(storage, files);
  } catch (err) {
    server.close();
    throw err;
  }

  let closed: Promise<void> | undefined;
  return {
    url: base,
    now: clock.iso,
    requestCount: () => count,
    state: () => store.snapshot(),
    async saveState(file?: string): Promise<void> {
      const target = file ?? opts.stateFile;
      if (!target) throw new Error('replay server: saveState needs a file (no stateFile was given)');
      await saveStateFile(target, store.snapshot());
    },
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
