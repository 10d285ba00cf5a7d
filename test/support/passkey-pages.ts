import assert from 'node:assert/strict'

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}

/** The WebAuthn options a page put in its passkey form (data-passkey="create" or "get"). */
export function passkeyOptionsOf<T = Record<string, unknown>>(body: string, ceremony: 'create' | 'get'): T {
  const escaped = new RegExp(`data-passkey="${ceremony}" data-options="([^"]*)"`).exec(body)?.[1]
  assert.ok(escaped, `a ${ceremony} passkey form in ${body}`)
  return JSON.parse(escaped.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)) as T
}

/** The CSRF token of the passkey form of a page (it may not be the first form). */
export function passkeyCsrfOf(body: string, ceremony: 'create' | 'get'): string {
  const form = new RegExp(`data-passkey="${ceremony}"[\\s\\S]*?</form>`).exec(body)?.[0] ?? ''
  const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1]
  assert.ok(token, `a CSRF field in the ${ceremony} passkey form`)
  return token
}
