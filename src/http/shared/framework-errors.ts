// Failures Fastify raises before a handler runs, sorted into the few kinds each surface renders in
// its own body. Everything else that is not an AppError is a bug (a 500).

export type WireFailure = 'malformed_body' | 'malformed_url' | 'body_too_large' | 'unsupported_media_type'

export const wireFailureStatus: Record<WireFailure, number> = {
  malformed_body: 400,
  malformed_url: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
}

export function classifyWireFailure(error: unknown): WireFailure | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown }
  if (code === MalformedUrlError.code) return 'malformed_url'
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) return 'body_too_large'
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415) return 'unsupported_media_type'
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return 'malformed_body'
  return undefined
}

export class MalformedBodyError extends Error {
  readonly statusCode = 400
  readonly code = 'LK_MALFORMED_BODY'
}

/** A path or query Latchkey refuses before routing on, e.g. one carrying NUL (see url-guard.ts). */
export class MalformedUrlError extends Error {
  static readonly code = 'LK_MALFORMED_URL'
  readonly statusCode = 400
  readonly code = MalformedUrlError.code
}
