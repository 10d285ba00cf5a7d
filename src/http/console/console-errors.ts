import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isAppError } from '../../core/errors.ts'
import { html } from '../pages/html.ts'
import { renderPage } from '../pages/layout.ts'
import { ensurePageContext, type PageKitOptions, t } from '../pages/page-context.ts'
import { pageErrorHandler } from '../pages/page-errors.ts'

/** No console session on a route that needs one (a POST; a GET is sent to the sign-in page). */
export class ConsoleSignInRequired extends Error {}

/** A thing of another coop, or none at all (a webhook endpoint, a delivery): 404 either way. */
export class ConsoleNotFound extends Error {}

/** A coop administrator on an operator page: those span every coop. */
export class ConsoleOperatorOnly extends Error {}

/** The kit's error pages, plus the console's refusals: signed out 401, forbidden 403, unknown 404. */
export function consoleErrorHandler(options: PageKitOptions) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    ensurePageContext(request, reply, options)
    const page = (status: number, title: Parameters<typeof t>[1], body: Parameters<typeof t>[1]) =>
      renderPage(reply, { status, title: t(request, title), body: html`<p>${t(request, body)}</p>` })
    if (error instanceof ConsoleSignInRequired)
      return page(401, 'console.signIn.required.title', 'console.signIn.required.body')
    if (isAppError(error) && error.code === 'forbidden')
      return page(403, 'console.forbidden.title', 'console.forbidden.body')
    if (error instanceof ConsoleOperatorOnly)
      return page(403, 'console.forbidden.title', 'console.operator.forbidden')
    if (error instanceof ConsoleNotFound) return page(404, 'error.notFound.title', 'error.notFound.body')
    if (
      isAppError(error) &&
      ['user_not_found', 'invalid_refresh_token', 'api_key_not_found'].includes(error.code)
    )
      return page(404, 'error.notFound.title', 'console.notFound.body')
    return pageErrorHandler(error, request, reply)
  }
}
