// A job's plain-text log, streamed and capped: only its tail is kept, because the failure is at
// the end and a runaway job can print gigabytes. Never the whole run's zip.
import type { GitHubClient } from './client.js';
import type { RepoRef } from './runs.js';

export interface JobLogText {
  text: string;
  /** Bytes the server sent. */
  bytes: number;
  /** True when the head of the log was dropped to respect the cap. */
  truncated: boolean;
}

export async function downloadJobLog(client: GitHubClient, ref: RepoRef, jobId: number, maxBytes: number): Promise<JobLogText> {
  const res = await client.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
    ...ref,
    job_id: jobId,
    request: { parseSuccessResponseBody: false },
  });
  const body = res.data as unknown as ReadableStream<Uint8Array> | null;
  if (!body) return { text: '', bytes: 0, truncated: false };
  return readTail(body, maxBytes);
}

/** Read a byte stream keeping only its last `maxBytes`; memory stays bounded by the cap. */
export async function readTail(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<JobLogText> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    kept += chunk.length;
    total += chunk.length;
    while (chunks.length > 1 && kept - chunks[0]!.length >= maxBytes) kept -= chunks.shift()!.length;
  }
  let buf = Buffer.concat(chunks);
  const truncated = total > maxBytes;
  if (truncated) {
    buf = buf.subarray(buf.length - maxBytes);
    // The cut lands mid-line (and maybe mid-character): start at the next whole line.
    const nl = buf.indexOf(0x0a);
    if (nl >= 0) buf = buf.subarray(nl + 1);
  }
  return { text: buf.toString('utf8'), bytes: total, truncated };
}
