/**
 * The catalogue of errors the API can return. Services throw these; one renderer (app.ts) turns
 * every error, ours or the framework's, into the same JSON shape:
 *   { "error": { "id": "not_found", "status": 404, "message": "…", "fields": [{ "field", "message" }] } }
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly status: number,
    message: string,
    readonly fields?: FieldProblem[],
    /** Machine-readable facts about the error, such as the current state of a record. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const errors = {
  notFound: (what: string, key: string) => new AppError('not_found', 404, `${what} ${key} not found`),
  routeNotFound: (method: string, url: string) => new AppError('route_not_found', 404, `No route ${method} ${url}`),
  validation: (fields: FieldProblem[]) =>
    new AppError('validation_failed', 400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields),
  badRequest: (field: string, message: string) => new AppError('validation_failed', 400, `${field}: ${message}`, [{ field, message }]),
  unauthenticated: () => new AppError('unauthenticated', 401, 'Sign in to do this'),
  invalidCredentials: () => new AppError('invalid_credentials', 401, 'Email or password is incorrect'),
  forbidden: (message = 'You are not allowed to do this') => new AppError('forbidden', 403, message),
  csrf: () => new AppError('csrf_failed', 403, `Missing or wrong x-csrf-token header: send the token given at sign-in with every write`),
  conflict: (message: string) => new AppError('conflict', 409, message),
  tooManyRequests: (message: string) => new AppError('rate_limited', 429, message),
  internal: () => new AppError('internal', 500, 'Something went wrong on the server; it has been logged'),
  invalidToken: () => new AppError('invalid_token', 401, 'The API token is unknown, expired or revoked'),
  illegalTransition: (action: string, status: string, allowed: readonly string[]) =>
    new AppError(
      'illegal_transition',
      409,
      `Cannot ${action} a report that is ${status}; allowed actions: ${allowed.length ? allowed.join(', ') : 'none for you'}`,
      undefined,
      { current_status: status, allowed_actions: [...allowed] },
    ),
  periodLocked: (what: string, since: string) =>
    new AppError('period_locked', 409, `${what} is accepted and locked since ${since}; a national coordinator can reopen it`, undefined, {
      locked_since: since,
    }),
  versionConflict: (what: string, sent: number, current: number) =>
    new AppError(
      'version_conflict',
      409,
      `${what} was changed by someone else: you sent version ${sent}, it is now at version ${current}; reload it and apply your change again`,
      undefined,
      { current_version: current },
    ),
  incidentChanged: (id: number, read: string, current: string) =>
    new AppError(
      'version_conflict',
      409,
      `Incident ${id} was changed by someone else at ${current} (you read it as of ${read}); nothing was saved: reload it and apply your change again`,
      undefined,
      { current_updated_at: current },
    ),
  payloadTooLarge: (limitBytes: number) =>
    new AppError('payload_too_large', 413, `The upload is larger than ${Math.round(limitBytes / (1024 * 1024))} MiB; import larger files with the command line (nap-monitor import)`),
};

export function renderError(error: AppError) {
  return {
    error: {
      id: error.id,
      status: error.status,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
