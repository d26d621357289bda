import { t } from '../i18n';
import type { ApiErrorBody } from './types';

/** An error answered by the API (its JSON error shape), or a network failure (status 0). */
export class ApiError extends Error {
  readonly id: string;
  readonly status: number;
  readonly fields: { field: string; message: string }[];

  constructor(body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.id = body.id;
    this.status = body.status;
    this.fields = body.fields ?? [];
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
