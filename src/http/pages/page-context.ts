import type { KeyObject } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { parseCookies, serializeCookie } from './cookies.ts'
import { CSRF_FIELD, CsrfError, csrfTokenOf, isCsrfTokenOf, newCsrfNonce } from './csrf.ts'
import { html, type SafeHtml } from './html.ts'
import { chooseLanguage, isLanguage, type Language, type MessageKey, translate } from './i18n.ts'

export interface PageKitOptions {
  /** Key of the CSRF tokens' HMAC (core.deriveKey; pageKitOptionsOf makes the whole set). */
  readonly csrfKey: KeyObject
  /** true behind https (PUBLIC_URL): cookies are Secure, and the CSRF cookie takes the __Host- prefix. */
  readonly secureCookies: boolean
  /** Path of the stylesheet every page links. */
  readonly stylesheetHref: string
}

interface PageContext {
  readonly options: PageKitOptions
  readonly lang: Language
  readonly csrfNonce: string
  /** false: the nonce was made for this request, so no form submitted with it can be genuine. */
  readonly csrfNonceFromCookie: boolean
}

const LANG_COOKIE = 'lk_lang'
const YEAR_SECONDS = 365 * 86_400
const contexts = new WeakMap<FastifyRequest, PageContext>()

export const csrfCookieName = (options: Pick<PageKitOptions, 'secureCookies'>): string =>
  options.secureCookies ? '__Host-lk_csrf' : 'lk_csrf'

/** onRequest: the language and CSRF nonce of the request, and the cookies that remember them. */
export function attachPageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageKitOptions,
): void {
  const cookies = parseCookies(request.headers.cookie)
  const query = request.query as Record<string, unknown> | undefined
  const acceptLanguage = request.headers['accept-language']
  const lang = chooseLanguage(query?.lang, cookies.get(LANG_COOKIE), acceptLanguage)
  const setCookies: string[] = []
  const secure = options.secureCookies
  if (isLanguage(query?.lang) && cookies.get(LANG_COOKIE) !== query.lang) {
    setCookies.push(
      serializeCookie(LANG_COOKIE, lang, { maxAgeSeconds: YEAR_SECONDS, secure, httpOnly: true }),
    )
  }
  const cookieNonce = cookies.get(csrfCookieName(options))
  const csrfNonce = cookieNonce ?? newCsrfNonce()
  // A session cookie: a form outlives no browser restart, and nothing else is kept in it.
  if (cookieNonce === undefined) {
    setCookies.push(serializeCookie(csrfCookieName(options), csrfNonce, { secure, httpOnly: true }))
  }
  if (setCookies.length > 0) reply.header('set-cookie', setCookies)
  contexts.set(request, { options, lang, csrfNonce, csrfNonceFromCookie: cookieNonce !== undefined })
}

/**
 * Attaches the context when the kit's onRequest hook did not run: a hook of the root (the URL
 * guard) refused the request first, and its error still becomes a page.
 */
export function ensurePageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageKitOptions,
): void {
  if (!contexts.has(request)) attachPageContext(request, reply, options)
}

function contextOf(request: FastifyRequest): PageContext {
  const context = contexts.get(request)
  if (context === undefined) throw new Error('the page kit is not registered in this route’s context')
  return context
}

export const pageOptionsOf = (request: FastifyRequest): PageKitOptions => contextOf(request).options

/** The language the request's page is shown in. */
export const languageOf = (request: FastifyRequest): Language => contextOf(request).lang

/** The catalogue's text for `key` in the request's language. */
export function t(
  request: FastifyRequest,
  key: MessageKey,
  params?: Readonly<Record<string, string | number>>,
): string {
  return translate(languageOf(request), key, params)
}

/** The browser's CSRF nonce: binds a multi-step form (the MFA step) to the browser that began it. */
export const csrfNonceOf = (request: FastifyRequest): string => contextOf(request).csrfNonce

/** The hidden field every POST form of a page must carry. */
export function csrfField(request: FastifyRequest): SafeHtml {
  const { options, csrfNonce } = contextOf(request)
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfTokenOf(options.csrfKey, csrfNonce)}">`
}

/**
 * Refuses a form that lacks the token of the browser's CSRF cookie, or that a browser says came
 * from another site. Call it first in every POST handler of a page.
 * @throws {CsrfError}
 */
export function verifyCsrf(request: FastifyRequest): void {
  const { options, csrfNonce, csrfNonceFromCookie } = contextOf(request)
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new CsrfError('cross-site form')
  const body = request.body as Record<string, unknown> | undefined
  const submitted = typeof body === 'object' && body !== null ? body[CSRF_FIELD] : undefined
  if (!csrfNonceFromCookie || !isCsrfTokenOf(options.csrfKey, csrfNonce, submitted)) {
    throw new CsrfError('missing or wrong CSRF token')
  }
}
