// Errors the service layer throws on purpose; the API's error handler maps each to its status code.

export interface FieldError {
  /** Dotted path of the bad field, e.g. "body.weekStart" or "staff[3].roles[0]". */
  readonly path: string;
  readonly message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, readonly errors: readonly FieldError[] = []) {
    super(400, 'bad_request', message, { errors });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string, message = `${what} "${id}" not found`) {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'conflict', message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'not allowed for this token') {
    super(403, 'forbidden', message);
  }
}
