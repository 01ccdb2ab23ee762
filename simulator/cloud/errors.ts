// Errors a handler or the request pipeline raises. The server turns an
// ApiError into the documented envelope `{success:false, statusCode, error,
// data:null}` with `status` as the HTTP status (or a WebSocket Response with
// the same eventBody).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** For validation errors: where the problem is ("body/dataComponent/value"). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, field?: string) => new ApiError(400, message, field);
export const unauthorized = (message = 'missing or invalid API key') => new ApiError(401, message);
export const forbidden = (message: string) => new ApiError(403, message);
export const notFound = (message: string) => new ApiError(404, message);
export const conflict = (message: string) => new ApiError(409, message);
