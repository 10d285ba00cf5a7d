import type { FastifyError, FastifyInstance } from 'fastify'
import { registerFormParser } from './form-body.ts'
import { attachPageContext, ensurePageContext, type PageKitOptions } from './page-context.ts'
import { pageErrorHandler, pageNotFoundHandler } from './page-errors.ts'

export interface ContentSecurityPolicy {
  /** Where forms may go (and, in Chromium, where their redirects may lead); default 'self' only. */
  readonly formAction?: readonly string[]
  /** Only for a page that truly needs a script (e.g. WebAuthn): 'self' files, never inline. */
  readonly scriptSrc?: readonly string[]
}

/** The strict policy of every page: no script, styles from this origin, no framing, no <base>. */
export function contentSecurityPolicy(extra: ContentSecurityPolicy = {}): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    extra.scriptSrc && extra.scriptSrc.length > 0 && `script-src ${extra.scriptSrc.join(' ')}`,
    `form-action ${["'self'", ...(extra.formAction ?? [])].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ]
    .filter(Boolean)
    .join('; ')
}

const DEFAULT_CSP = contentSecurityPolicy()

/**
 * Makes the routes of `app`'s context pages: form bodies, the language and CSRF cookies, the CSP
 * on every response (a route may set its own first), and errors and unknown paths as pages.
 * Register it inside an encapsulated plugin so that other surfaces keep their own handlers.
 */
export function registerPageKit(app: FastifyInstance, options: PageKitOptions): void {
  registerFormParser(app)
  app.addHook('onRequest', (request, reply, done) => {
    attachPageContext(request, reply, options)
    done()
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', DEFAULT_CSP)
    done(null, payload)
  })
  app.setErrorHandler((error: FastifyError, request, reply) => {
    ensurePageContext(request, reply, options)
    return pageErrorHandler(error, request, reply)
  })
  app.setNotFoundHandler(pageNotFoundHandler)
}
