/** The body of every error answer of the api. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Seconds to wait before trying again (429 answers). */
  retryAfter?: number;
}
