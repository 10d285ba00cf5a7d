import type { AppError } from '../errors.ts'

export interface ProviderReply {
  readonly status: number
  /** The parsed body; undefined when it was empty or not JSON. */
  readonly json: unknown
}

/**
 * GETs a provider's JSON with a bounded wait. A network failure or timeout throws `failure`; any
 * reply, whatever its status or body, is returned for the caller to judge.
 */
export async function getJson(
  url: URL,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  failure: (cause: unknown) => AppError,
): Promise<ProviderReply> {
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect could carry the bearer token to a host we never chose.
      redirect: 'error',
    })
    text = await response.text()
  } catch (cause) {
    throw failure(cause)
  }
  try {
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text) }
  } catch {
    return { status: response.status, json: undefined }
  }
}

/** The reply's body as an object, or undefined. */
export function objectOf(json: unknown): Record<string, unknown> | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined
}
