// Just enough cookie handling for the pages: no dependency, and names and values we choose
// ourselves (base64url and language codes), so no encoding beyond refusing anything odd.

const VALUE = /^[A-Za-z0-9_\-.]{1,200}$/

/** The cookies of a Cookie header; malformed pairs and values outside our alphabet are skipped. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (header === undefined) return cookies
  for (const pair of header.split(';').slice(0, 100)) {
    const at = pair.indexOf('=')
    if (at <= 0) continue
    const name = pair.slice(0, at).trim()
    const value = pair.slice(at + 1).trim()
    // The first of two same-named cookies is the most specific path's: keep it.
    if (name !== '' && VALUE.test(value) && !cookies.has(name)) cookies.set(name, value)
  }
  return cookies
}

export interface CookieOptions {
  readonly maxAgeSeconds?: number
  readonly secure: boolean
  readonly httpOnly: boolean
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'SameSite=Lax',
    options.maxAgeSeconds !== undefined && `Max-Age=${options.maxAgeSeconds}`,
    options.httpOnly && 'HttpOnly',
    options.secure && 'Secure',
  ]
    .filter(Boolean)
    .join('; ')
}
