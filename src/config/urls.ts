import type { Config } from './config.ts'

export function publicUrlOf(config: Config): string {
  return (config.server.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/+$/, '')
}

/** The hosted pages' absolute URL, e.g. http://localhost:3000/account. */
export function pagesUrlOf(config: Config): string {
  return `${publicUrlOf(config)}${config.pages.prefix}`
}

/** Passkeys' relying party: its id (a host name), its name, and the origin browsers sign for. */
export function webauthnRelyingPartyOf(config: Config): { id: string; name: string; origin: string } {
  const url = new URL(publicUrlOf(config))
  return {
    id: config.webauthn.rpId ?? url.hostname,
    name: config.webauthn.rpName ?? url.host,
    origin: url.origin,
  }
}

/** Where links in mails point: MAIL_BASE_URL, else this server's public URL. */
export function mailBaseUrlOf(config: Config): string {
  return (config.mail.baseUrl ?? publicUrlOf(config)).replace(/\/+$/, '')
}
