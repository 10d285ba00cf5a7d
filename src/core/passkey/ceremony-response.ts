import type { AuthenticationResponseJSON, RegistrationResponseJSON } from './webauthn-library.ts'

// What a browser posts back, read just far enough to find its challenge and credential id: the
// library checks everything else (signature, origin, RP id, flags), and refuses what is malformed.

const BASE64URL = /^[A-Za-z0-9_-]{1,4096}$/

export interface ReadResponse<T> {
  readonly json: T
  readonly credentialId: string
  readonly challenge: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The response a form carried as JSON text; undefined when it is not one at all. */
export function readCeremonyResponse<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(
  text: string,
): ReadResponse<T> | undefined {
  if (text.length > 64 * 1024) return undefined
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(json) || !isRecord(json.response) || json.type !== 'public-key') return undefined
  const { id, rawId } = json
  const clientDataJSON = json.response.clientDataJSON
  if (typeof id !== 'string' || !BASE64URL.test(id) || rawId !== id) return undefined
  if (typeof clientDataJSON !== 'string' || !BASE64URL.test(clientDataJSON)) return undefined
  let clientData: unknown
  try {
    clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (!isRecord(clientData) || typeof clientData.challenge !== 'string') return undefined
  if (!BASE64URL.test(clientData.challenge)) return undefined
  return { json: json as unknown as T, credentialId: id, challenge: clientData.challenge }
}
