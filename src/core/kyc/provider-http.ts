import { AppError } from '../errors.ts'

export interface ProviderReply {
  readonly status: number
  /** The parsed body; undefined when it was empty or not JSON. */
  readonly json: unknown
}

/**
 * POSTs JSON to a KYC provider with a bounded wait. A network failure or timeout is
 * kyc_provider_failed; any reply, whatever its status or body, is returned for the caller to judge.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<ProviderReply> {
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    })
    text = await response.text()
  } catch (cause) {
    throw new AppError('kyc_provider_failed', {}, { cause })
  }
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, json }
}
