// What the agent asked gh-aw to do on its behalf (safe outputs): `safeoutputs/outputs.jsonl`, one
// JSON object per request, or the collected `agent_output.json` (`{"items": […], "errors": […]}`).
// An agent that finished without any, or that reported a missing tool, says so here.

export interface SafeOutputs {
  /** Requests per type, `add_comment: 1`; `missing_tool` and `noop` included. */
  counts: Record<string, number>;
  /** Tools the agent reported missing (`missing_tool` items). */
  missingTools: string[];
}

function typeOf(item: unknown): string | null {
  if (!item || typeof item !== 'object') return null;
  const t = (item as Record<string, unknown>)['type'];
  return typeof t === 'string' && t.trim() ? t.trim().toLowerCase().replace(/-/g, '_') : null;
}

function toolOf(item: unknown): string {
  const o = item as Record<string, unknown>;
  const t = o['tool'] ?? o['tool_name'] ?? o['name'];
  return typeof t === 'string' && t.trim() ? t.trim().slice(0, 80) : 'unnamed tool';
}

function collect(items: unknown[]): SafeOutputs {
  const counts: Record<string, number> = {};
  const missingTools: string[] = [];
  for (const item of items) {
    const t = typeOf(item);
    if (!t) continue;
    counts[t] = (counts[t] ?? 0) + 1;
    if (t === 'missing_tool') missingTools.push(toolOf(item));
  }
  const sorted: Record<string, number> = {};
  for (const k of Object.keys(counts).sort()) sorted[k] = counts[k]!;
  return { counts: sorted, missingTools };
}

/** `outputs.jsonl`: every line a request; unreadable lines skipped. An empty file is no request. */
export function parseSafeOutputsJsonl(text: string): SafeOutputs {
  const items: unknown[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      // a line cut by the artifact size cap, or not JSON: skipped
    }
  }
  return collect(items);
}

/** `agent_output.json`; null when it is not the `{items: […]}` shape. */
export function parseAgentOutput(text: string): SafeOutputs | null {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  const items = (data as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? collect(items) : null;
}
