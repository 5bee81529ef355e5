// The small artifacts of an agentic-workflow run: one listing, then only the artifacts that carry
// engine, firewall and token data (src/agents says which), each zip streamed under a byte cap and
// only the files src/agents reads kept. Whatever cannot be read is told in `absent`, never thrown.
import { unzipSync } from 'fflate';
import { agentFileKind, isAgentArtifactName } from '../agents/index.js';
import { httpStatus, isBudgetError, problemOf, type GitHubClient } from './client.js';
import type { RepoRef } from './runs.js';

export interface AgentArtifactsOptions {
  /** Largest zip downloaded (bytes); a bigger artifact is skipped, a longer stream cut off. */
  maxBytes: number;
  /** Largest file kept from a zip (default maxBytes); a longer engine log keeps its tail. */
  maxFileBytes?: number;
  /** Requests left to the budget below which no download starts (kept for later writes). */
  reserve?: number;
}

export interface AgentArtifacts {
  /** `<artifact name>/<path in the zip>` → text. */
  files: Map<string, string>;
  /** What could not be read, and why (`agent-artifacts: expired`). */
  absent: string[];
  /** API calls made (the listing and the downloads; the client's own retries not counted). */
  requests: number;
  /** The run's artifacts as listed (the newest per name), sorted by name; empty when the listing failed. */
  listed: Array<{ name: string; expired: boolean }>;
}

interface ListedArtifact {
  id: number;
  name: string;
  size_in_bytes?: number;
  expired?: boolean;
  created_at?: string | null;
}

/** Engine logs can be far longer than the cap: their tail is kept, up to this many times the cap is unpacked. */
const LOG_UNPACK_FACTOR = 8;

export async function readAgentArtifacts(client: GitHubClient, ref: RepoRef, runId: number, opts: AgentArtifactsOptions): Promise<AgentArtifacts> {
  const files = new Map<string, string>();
  const absent: string[] = [];
  let requests = 0;

  let listed: ListedArtifact[];
  try {
    requests++;
    const res = await client.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { ...ref, run_id: runId, per_page: 100 });
    listed = (res.data.artifacts ?? []) as ListedArtifact[];
  } catch (e) {
    if (isBudgetError(e)) requests--;
    absent.push(`artifacts: not listed (${problemOf(e)})`);
    return { files, absent, requests, listed: [] };
  }

  // A re-run lists the artifacts of every attempt under the same names: the newest one counts.
  const newest = new Map<string, ListedArtifact>();
  for (const a of [...listed].sort((x, y) => x.id - y.id)) newest.set(a.name, a);
  const wanted: ListedArtifact[] = [];
  const byName = [...newest.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const a of byName) {
    if (a.name.toLowerCase().endsWith('.dockerbuild')) absent.push(`${a.name}: a .dockerbuild record, not downloaded`);
    else if (!isAgentArtifactName(a.name)) continue;
    else if (a.expired) absent.push(`${a.name}: expired`);
    else if ((a.size_in_bytes ?? 0) > opts.maxBytes) absent.push(`${a.name}: ${a.size_in_bytes} bytes, over the ${opts.maxBytes}-byte cap`);
    else wanted.push(a);
  }
  if (!listed.some((a) => isAgentArtifactName(a.name))) absent.push('artifacts: the run has no agent artifact (agent-artifacts, aw_info.json, firewall or token logs)');

  let budgetSpent = false;
  for (const a of wanted) {
    if (budgetSpent || (opts.reserve !== undefined && client.remaining() <= opts.reserve)) {
      absent.push(`${a.name}: not downloaded, the request budget is spent`);
      budgetSpent = true;
      continue;
    }
    let zip: Uint8Array | 'too-big';
    try {
      requests++;
      zip = await download(client, ref, a.id, opts.maxBytes);
    } catch (e) {
      if (isBudgetError(e)) {
        requests--;
        budgetSpent = true;
        absent.push(`${a.name}: not downloaded, the request budget is spent`);
      } else absent.push(`${a.name}: ${httpStatus(e) === 410 ? 'expired' : `not downloaded (${problemOf(e)})`}`);
      continue;
    }
    if (zip === 'too-big') {
      absent.push(`${a.name}: the download passed the ${opts.maxBytes}-byte cap and was cut off`);
      continue;
    }
    unpack(a.name, zip, opts.maxFileBytes ?? opts.maxBytes, files, absent);
  }
  return { files, absent, requests, listed: byName.map((a) => ({ name: a.name, expired: a.expired === true })) };
}

async function download(client: GitHubClient, ref: RepoRef, artifactId: number, maxBytes: number): Promise<Uint8Array | 'too-big'> {
  // The API answers 302 to a storage URL that fetch follows (not an API request); the body is
  // streamed as it comes, never parsed by Octokit.
  const res = await client.octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
    ...ref,
    artifact_id: artifactId,
    archive_format: 'zip',
    request: { parseSuccessResponseBody: false },
  });
  const body = res.data as unknown as ReadableStream<Uint8Array> | ArrayBuffer | null;
  if (!body) return new Uint8Array(0);
  if (body instanceof ArrayBuffer) return body.byteLength > maxBytes ? 'too-big' : new Uint8Array(body);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) return 'too-big'; // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function unpack(name: string, zip: Uint8Array, maxFileBytes: number, files: Map<string, string>, absent: string[]): void {
  const tooBig: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (f) => {
        const kind = agentFileKind(f.name);
        if (!kind) return false;
        const limit = kind === 'stdio-log' ? maxFileBytes * LOG_UNPACK_FACTOR : maxFileBytes;
        if (f.originalSize > limit) {
          tooBig.push(`${name}/${f.name}: ${f.originalSize} bytes, over the ${limit}-byte cap`);
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    absent.push(`${name}: not a readable zip (${e instanceof Error ? e.message : String(e)})`.slice(0, 200));
    return;
  }
  absent.push(...tooBig);
  for (const path of Object.keys(entries).sort()) {
    let bytes = entries[path]!;
    if (bytes.length > maxFileBytes) {
      // only an engine log gets here: keep its end, from the first whole line
      bytes = bytes.subarray(bytes.length - maxFileBytes);
      const nl = bytes.indexOf(0x0a);
      if (nl >= 0) bytes = bytes.subarray(nl + 1);
    }
    files.set(`${name}/${path}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, ''));
  }
}

