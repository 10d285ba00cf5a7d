import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import { formBodyOf } from './form-body.ts'
import { hiddenField, paragraph, postForm } from './forms.ts'
import { html } from './html.ts'
import { renderPage } from './layout.ts'
import { t, verifyCsrf } from './page-context.ts'

/** E-mail confirmation (where the mailed link lands) and the signed-out page. */
export function accountPages(app: FastifyInstance, core: Core): void {
  // The mailed link opens a page with a button rather than confirming at once: mail scanners that
  // open every link would otherwise use the token up before the person sees anything.
  app.get('/confirm-email', async (request, reply) => {
    const { token } = request.query as { token?: unknown }
    if (typeof token !== 'string' || !isUuid(token))
      return confirmFailed(request, reply, 'confirm.invalid.body')
    return renderPage(reply, {
      title: t(request, 'confirm.title'),
      body: html`${paragraph(t(request, 'confirm.body'))}
${postForm(request, { fields: hiddenField('token', token), submit: t(request, 'confirm.submit') })}`,
    })
  })

  app.post('/confirm-email', async (request, reply) => {
    verifyCsrf(request)
    const { token } = formBodyOf(request.body)
    if (token === undefined || !isUuid(token)) return confirmFailed(request, reply, 'confirm.invalid.body')
    try {
      await core.identity.emailConfirmation.confirm(token)
    } catch (error) {
      if (!isAppError(error)) throw error
      if (error.code === 'confirmation_token_expired')
        return confirmFailed(request, reply, 'confirm.expired.body')
      if (error.code === 'confirmation_token_not_found')
        return confirmFailed(request, reply, 'confirm.invalid.body')
      throw error
    }
    return renderPage(reply, {
      title: t(request, 'confirm.done.title'),
      body: paragraph(t(request, 'confirm.done.body')),
    })
  })

  app.get('/signed-out', async (request, reply) =>
    renderPage(reply, {
      title: t(request, 'signedOut.title'),
      body: paragraph(t(request, 'signedOut.body')),
    }),
  )
}

function confirmFailed(
  request: FastifyRequest,
  reply: FastifyReply,
  body: 'confirm.invalid.body' | 'confirm.expired.body',
): FastifyReply {
  return renderPage(reply, {
    status: 400,
    title: t(request, 'confirm.invalid.title'),
    body: paragraph(t(request, body)),
  })
}
