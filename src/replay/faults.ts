// Faults: answers given instead of the real route, to make the server misbehave like GitHub does
// (rate limits, 5xx, expired tokens). Checked in order; `times` counts down.
import picomatch from 'picomatch';
import { z } from 'zod';
import { DOCS_URL, type Reply } from './http.js';
import { parseWith, readJsonFile, readYamlFile } from './validate.js';

export interface Fault {
  method?: string;
  /** glob on the URL path, no query; '*' does not cross '/' */
  path: string;
  status: number;
  /** absent = every time */
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const faultSchema = z.object({
  method: z.string().min(1).optional(),
  path: z.string().min(1),
  status: z.number().int().min(200).max(599),
  times: z.number().int().min(0).optional(),
  headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
  body: z.unknown().optional(),
});

export const faultsSchema = z.array(faultSchema);

/** validated faults from a list or from `{faults: [...]}`; the `body` key is kept only when given */
export function parseFaults(data: unknown, file: string): Fault[] {
  const list = Array.isArray(data)
    ? parseWith(faultsSchema, data, file)
    : parseWith(z.object({ faults: faultsSchema.nullish() }), data ?? {}, file).faults ?? [];
  return list.map((f) => {
    const fault: Fault = { path: f.path, status: f.status };
    if (f.method !== undefined) fault.method = f.method;
    if (f.times !== undefined) fault.times = f.times;
    if (f.headers !== undefined) fault.headers = f.headers;
    if (f.body !== undefined) fault.body = f.body;
    return fault;
  });
}

/** A faults file (`replay --faults FILE`): YAML or JSON, a list or `{faults: [...]}`. */
export async function loadFaults(file: string): Promise<Fault[]> {
  const data = /\.json$/i.test(file) ? await readJsonFile(file) : await readYamlFile(file);
  return parseFaults(data, file);
}

const MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  422: 'Validation Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

export function defaultFaultMessage(status: number, headers: Record<string, string>): string {
  if ((status === 403 || status === 429) && headers['retry-after'] !== undefined) return SECONDARY_RATE_LIMIT;
  if ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0') return 'API rate limit exceeded';
  return MESSAGES[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

interface ArmedFault {
  fault: Fault;
  left: number;
  matches: (path: string) => boolean;
}

/** The faults of one server, with their countdowns. */
export class FaultBox {
  private readonly armed: ArmedFault[];

  constructor(faults: readonly Fault[]) {
    this.armed = faults.map((fault) => {
      const isMatch = picomatch(fault.path, { dot: true });
      return {
        fault,
        left: fault.times ?? Infinity,
        matches: (path: string) => {
          if (isMatch(path)) return true;
          try {
            return isMatch(decodeURIComponent(path));
          } catch {
            return false;
          }
        },
      };
    });
  }

  /** the fault answer for this request, if one is armed (and counts it down) */
  take(method: string, path: string): Reply | undefined {
    for (const a of this.armed) {
      if (a.left <= 0) continue;
      if (a.fault.method && a.fault.method.toUpperCase() !== method) continue;
      if (!a.matches(path)) continue;
      a.left -= 1;
      return faultReply(a.fault);
    }
    return undefined;
  }
}

function faultReply(fault: Fault): Reply {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(fault.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (fault.status === 204 || fault.status === 304) return { status: fault.status, headers };
  if (typeof fault.body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { status: fault.status, headers, raw: fault.body };
  }
  const body = 'body' in fault
    ? fault.body
    : { message: defaultFaultMessage(fault.status, headers), documentation_url: DOCS_URL, status: String(fault.status) };
  return { status: fault.status, headers, body };
}
