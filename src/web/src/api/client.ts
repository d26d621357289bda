import { t } from '../i18n';
import type { ApiErrorBody } from './types';

/** An error answered by the API (its JSON error shape), or a network failure (status 0). */
export class ApiError extends Error {
  readonly id: string;
  readonly status: number;
  readonly fields: { field: string; message: string }[];
  /** Machine-readable facts some errors carry, such as a report's current version or status. */
  readonly details: Record<string, unknown>;

  constructor(body: ApiErrorBody['error'] & { details?: Record<string, unknown> }) {
    super(body.message);
    this.name = 'ApiError';
    this.id = body.id;
    this.status = body.status;
    this.fields = body.fields ?? [];
    this.details = body.details ?? {};
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** GETs JSON from the API (same origin) and throws ApiError for anything but a 2xx answer. */
export async function getJson<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
  signal?: AbortSignal,
): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.set(key, String(value));
  }
  const url = query.size > 0 ? `${path}?${query.toString()}` : path;

  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError({ id: 'network', status: 0, message: t('error.network') });
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiError(body.error);
    throw new ApiError({ id: 'http', status: response.status, message: `${response.status} ${response.statusText}` });
  }
  if (body === undefined) {
    throw new ApiError({ id: 'invalid_response', status: response.status, message: t('error.unexpected') });
  }
  return body as T;
}

// Writes. A signed-in browser proves each write comes from this app with the session's CSRF
// token (from sign-in or /auth/me), sent back in `x-csrf-token`.
let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session; `null` when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function writeHeaders(json: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

function errorFrom(status: number, statusText: string, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(body.error);
  return new ApiError({ id: 'http', status, message: `${status} ${statusText}`.trim() });
}

/**
 * Sends a JSON write to the API (same origin, with the session cookie and CSRF token) and
 * returns the answer's JSON; `undefined` for 204. Throws ApiError (with `fields` for a 400).
 */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: writeHeaders(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ id: 'network', status: 0, message: t('error.network') });
  }
  if (response.status === 204) return undefined as T;
  let answer: unknown;
  try {
    answer = await response.json();
  } catch {
    answer = undefined;
  }
  if (!response.ok) throw errorFrom(response.status, response.statusText, answer);
  if (answer === undefined) {
    throw new ApiError({ id: 'invalid_response', status: response.status, message: t('error.unexpected') });
  }
  return answer as T;
}

/**
 * POSTs a multipart form (a file upload) with the CSRF token. Uses XMLHttpRequest because fetch
 * reports no upload progress; `onProgress(loaded, total)` follows the bytes sent.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress?: (loaded: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(writeHeaders(false))) xhr.setRequestHeader(name, value);
    if (onProgress) {
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      });
    }
    xhr.addEventListener('load', () => {
      let answer: unknown;
      try {
        answer = xhr.responseText === '' ? undefined : JSON.parse(xhr.responseText);
      } catch {
        answer = undefined;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(errorFrom(xhr.status, xhr.statusText, answer));
        return;
      }
      if (answer === undefined && xhr.status !== 204) {
        reject(new ApiError({ id: 'invalid_response', status: xhr.status, message: t('error.unexpected') }));
        return;
      }
      resolve(answer as T);
    });
    xhr.addEventListener('error', () => reject(new ApiError({ id: 'network', status: 0, message: t('error.network') })));
    xhr.addEventListener('abort', () => reject(new ApiError({ id: 'aborted', status: 0, message: t('error.network') })));
    xhr.send(form);
  });
}
