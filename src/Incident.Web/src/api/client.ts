// The one place that talks HTTP: bearer token, problem details, 401 → sign-in.

export interface WorkflowProblem {
  activityId?: string;
  /** Where in the document (`activities[3].type`); SaveWorkflowDraft.cs. */
  path?: string;
  /** 1-based line, if a server ever sends one. */
  line?: number;
  message: string;
}

/** An RFC 7807 problem response turned into something the UI can show. */
export class ApiError extends Error {
  readonly status: number;
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  /** Field errors from a 400 (`errors` object), keys as the server sent them. */
  readonly errors: Record<string, string[]>;
  /** Workflow definition problems from a 422. */
  readonly problems: WorkflowProblem[];
  readonly body: unknown;

  constructor(status: number, body: unknown, fallback: string) {
    const p = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const title = str(p.title);
    const detail = str(p.detail);
    super(detail ?? title ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.type = str(p.type);
    this.title = title;
    this.detail = detail;
    this.errors = fieldErrors(p.errors);
    this.problems = workflowProblems(p);
    this.body = body;
  }

  /** 409 whose `type` ends with `/bookmark-consumed`: someone (or a timer) took the action first. */
  get bookmarkConsumed(): boolean {
    return this.status === 409 && !!this.type && /\/bookmark-consumed$/.test(this.type);
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function fieldErrors(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, msgs] of Object.entries(v as Record<string, unknown>)) {
    if (Array.isArray(msgs)) out[k] = msgs.map(String);
    else if (typeof msgs === 'string') out[k] = [msgs];
  }
  return out;
}

// The contract says "422 with the list of problems, each naming the activity" without fixing the
// property name, so accept `problems` or an `errors` array, items as strings or objects.
function workflowProblems(p: Record<string, unknown>): WorkflowProblem[] {
  const list = Array.isArray(p.problems) ? p.problems : Array.isArray(p.errors) ? p.errors : null;
  if (list) {
    return list.map((item) => {
      if (typeof item === 'string') return { message: item };
      const o = (item ?? {}) as Record<string, unknown>;
      return {
        activityId: str(o.activityId) ?? str(o.activity) ?? str(o.id),
        path: str(o.path) ?? str(o.pointer),
        line: typeof o.line === 'number' ? o.line : undefined,
        message: str(o.message) ?? str(o.detail) ?? str(o.problem) ?? JSON.stringify(o),
      };
    });
  }
  if (p.errors && typeof p.errors === 'object') {
    return Object.entries(fieldErrors(p.errors)).flatMap(([k, msgs]) =>
      msgs.map((m) => ({ activityId: k || undefined, path: k || undefined, message: m })),
    );
  }
  return [];
}

export interface ClientConfig {
  getToken: () => string | null;
  onUnauthorized: () => void;
  fetch?: typeof fetch;
}

let config: ClientConfig = { getToken: () => null, onUnauthorized: () => {} };

export function configureClient(c: ClientConfig): void {
  config = c;
}

export interface RequestOptions {
  body?: unknown;
  /** Send `body` as-is (a string) with this content type instead of JSON. */
  contentType?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Don't treat 401 as "session over" (the sign-in call itself). */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** Return the successful response body as text, unparsed (exports). */
  text?: boolean;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = opts.anonymous ? null : config.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    if (opts.contentType) {
      headers['Content-Type'] = opts.contentType;
      body = String(opts.body);
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
  }
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await doFetch(withQuery(path, opts.query), { method, headers, body, signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, null, 'Network error: the server could not be reached');
  }
  const text = await res.text();
  if (res.ok && opts.text) return text as T;
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.anonymous) config.onUnauthorized();
    throw new ApiError(res.status, parsed, `${res.status} ${res.statusText || 'error'}`);
  }
  return parsed as T;
}

/** Problem-details field keys come as `title`, `Title`, `$.title`, `input.severity`, `tags[0]`…: reduce to the field name. */
export function fieldOfErrorKey(key: string): string {
  let k = key.trim().replace(/^\$\.?/, '');
  k = k.replace(/^(input|body|request)\./i, '');
  const first = k.split(/[.[]/)[0] ?? '';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Split field errors into those that match a known field and the rest. */
export function mapFieldErrors(
  errors: Record<string, string[]>,
  fields: string[],
): { byField: Record<string, string[]>; other: string[] } {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  const lookup = new Map(fields.map((f) => [f.toLowerCase(), f]));
  for (const [key, msgs] of Object.entries(errors)) {
    const field = lookup.get(fieldOfErrorKey(key).toLowerCase());
    if (field) byField[field] = [...(byField[field] ?? []), ...msgs];
    else other.push(...msgs.map((m) => (key ? `${key}: ${m}` : m)));
  }
  return { byField, other };
}
