import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isAppError } from '../../core/errors.ts'
import { classifyWireFailure } from '../shared/framework-errors.ts'
import { setRetryAfter } from '../shared/rate-limit.ts'
import { CsrfError } from './csrf.ts'
import { html } from './html.ts'
import type { MessageKey } from './i18n.ts'
import { renderPage } from './layout.ts'
import { t } from './page-context.ts'

interface ErrorPage {
  readonly status: number
  readonly title: MessageKey
  readonly body: MessageKey
}

const CSRF: ErrorPage = { status: 403, title: 'error.csrf.title', body: 'error.csrf.body' }
const BAD_REQUEST: ErrorPage = { status: 400, title: 'error.badRequest.title', body: 'error.badRequest.body' }
const INTERNAL: ErrorPage = { status: 500, title: 'error.internal.title', body: 'error.internal.body' }

/** The refusals a page handler does not answer itself, as pages. */
function errorPageOf(error: unknown): ErrorPage {
  if (error instanceof CsrfError) return CSRF
  if (isAppError(error)) {
    if (error.code === 'rate_limited')
      return { status: 429, title: 'error.rateLimited.title', body: 'error.rateLimited.body' }
    if (error.code === 'server_busy')
      return { status: 503, title: 'error.busy.title', body: 'error.busy.body' }
    if (error.code === 'password_check_unavailable')
      return { status: 503, title: 'error.busy.title', body: 'error.unavailable.body' }
    if (error.code === 'default_tenant_missing') return INTERNAL
    return BAD_REQUEST
  }
  const wire = classifyWireFailure(error)
  if (wire !== undefined) return { ...BAD_REQUEST, status: wire === 'malformed_url' ? 400 : statusOf(error) }
  return INTERNAL
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown }).statusCode
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 400
}

/** The kit's error handler: every failure becomes a page in the visitor's language, never a 5xx for bad input. */
export function pageErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const page = errorPageOf(error)
  if (page.status >= 500) request.log.error({ err: error }, 'page failed')
  setRetryAfter(reply, error)
  const seconds = isAppError(error) ? (error.details.retryAfterSeconds ?? 1) : 1
  return renderPage(reply, {
    status: page.status,
    title: t(request, page.title),
    body: html`<p>${t(request, page.body, { seconds, id: request.id })}</p>`,
  })
}

/** Unknown paths under the pages' prefix get a page too. */
export function pageNotFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return renderPage(reply, {
    status: 404,
    title: t(request, 'error.notFound.title'),
    body: html`<p>${t(request, 'error.notFound.body')}</p>`,
  })
}
