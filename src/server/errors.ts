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
};

export function renderError(error: AppError) {
  return {
    error: {
      id: error.id,
      status: error.status,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}
