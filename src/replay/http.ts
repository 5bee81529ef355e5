// The small HTTP vocabulary of the replay server: what a route receives (Ctx), what it answers
// (Reply), GitHub-shaped error bodies, and a router of `{param}` path templates.
import type { Readable } from 'node:stream';

export const DOCS_URL = 'https://docs.github.com/rest';

export interface Reply {
  status: number;
  /** JSON body (ignored when `raw` or `stream` is set; absent = no body) */
  body?: unknown;
  headers?: Record<string, string>;
  /** bytes or text sent as-is (set `content-type` in headers) */
  raw?: Buffer | string;
  /** streamed as-is (set `content-type` in headers) */
  stream?: Readable;
}

export interface Ctx {
  method: string;
  /** the request path as sent, without query */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** parsed JSON body, undefined when the request had none */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** server base, e.g. http://127.0.0.1:4000 */
  base: string;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export function json(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): Reply {
  return { status: 204 };
}

export function notFound(): Reply {
  return json({ message: 'Not Found', documentation_url: DOCS_URL, status: '404' }, 404);
}

export function gone(message = 'Gone'): Reply {
  return json({ message, documentation_url: DOCS_URL, status: '410' }, 410);
}

export function badRequest(message: string): Reply {
  return json({ message, documentation_url: DOCS_URL, status: '400' }, 400);
}

export interface FieldError {
  resource: string;
  code: string;
  field: string;
  message?: string;
  value?: unknown;
}

export function validationFailed(errors: FieldError[]): Reply {
  return json({ message: 'Validation Failed', errors, documentation_url: DOCS_URL, status: '422' }, 422);
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location } };
}

/** the body as a plain object (a missing or non-object body gives {}) */
export function bodyObject(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

interface Route {
  method: string;
  re: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * Routes by method and path template: `{name}` matches one segment, `{name+}` the rest of the path
 * (one or more segments). Parameters are URL-decoded.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split(/(\{[a-z_]+\+?\})/)
      .map((part) => {
        const m = /^\{([a-z_]+)(\+?)\}$/.exec(part);
        if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]!);
        return m[2] ? '(.+)' : '([^/]+)';
      })
      .join('');
    this.routes.push({ method: method.toUpperCase(), re: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      let ok = true;
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]!);
        } catch {
          ok = false;
        }
      });
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}

/** a positive integer path/query parameter, or undefined */
export function intParam(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
