// Calls the API from the page: same origin, the session cookie, JSON, and the session's CSRF token on
// every write (the server refuses cookie-authenticated writes without it).

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export interface FieldError {
  path: string;
  message: string;
}

/** An answer other than 2xx, with the server's words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const b = (body ?? {}) as { message?: string; errors?: FieldError[] };
  const message = typeof b.message === 'string' ? b.message : `The server answered ${res.status} ${res.statusText}.`;
  return new ApiError(res.status, message, Array.isArray(b.errors) ? b.errors : [], body);
}

export async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await errorFrom(res);
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);

/** A message for a person: the server's sentence, then each named field. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}.`);
    const more = error.errors.length > 5 ? [`(and ${error.errors.length - 5} more)`] : [];
    return [error.message.endsWith('.') ? error.message : `${error.message}.`, ...fields, ...more].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
