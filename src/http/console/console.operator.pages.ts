import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { hiddenField, postForm } from '../pages/forms.ts'
import { html } from '../pages/html.ts'
import { renderPage } from '../pages/layout.ts'
import { t, verifyCsrf } from '../pages/page-context.ts'
import { appendSetCookie } from '../pages/session-cookie.ts'
import { doneNotice } from './console-done.ts'
import { actionForm, CONSOLE_PREFIX, timeText } from './console-layout.ts'
import { operatorCookie, operatorHook, operatorOf, renderOperatorPage } from './console-operator.ts'

// A sign-in link's token: 64 hex characters (32 random bytes).
const TOKEN_SHAPE = /^[0-9a-f]{64}$/

/**
 * The operator's sign-in: the CLI's link opens a page whose button redeems it (a POST, so that a
 * link preview or a mail scanner fetching the URL does not use it up).
 */
export function consoleOperatorSignIn(app: FastifyInstance, core: Core, secure: boolean): void {
  const linkRefused = (reply: Parameters<typeof renderPage>[0], status: number) =>
    renderPage(reply, {
      status,
      title: t(reply.request, 'console.operator.linkRefused.title'),
      body: html`<p>${t(reply.request, 'console.operator.linkRefused.body')}</p>`,
    })

  app.get('/operator/sign-in', async (request, reply) => {
    const { token } = request.query as Record<string, unknown>
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return linkRefused(reply, 400)
    reply.header('referrer-policy', 'no-referrer')
    return renderPage(reply, {
      title: t(request, 'console.operator.signIn.title'),
      body: html`<p>${t(request, 'console.operator.signIn.body')}</p>
${postForm(request, {
  action: `${CONSOLE_PREFIX}/operator/sign-in`,
  fields: hiddenField('token', token),
  submit: t(request, 'console.operator.signIn.submit'),
})}`,
    })
  })

  app.post('/operator/sign-in', async (request, reply) => {
    verifyCsrf(request)
    const { token } = formBodyOf(request.body)
    const session =
      token !== undefined && TOKEN_SHAPE.test(token)
        ? await core.ops.operatorConsole.redeem(token)
        : undefined
    if (session === undefined) return linkRefused(reply, 400)
    appendSetCookie(reply, operatorCookie(secure, session.token, core.ops.operatorConsole.sessionSeconds))
    return reply.redirect(`${CONSOLE_PREFIX}/operator/coops`, 303)
  })
}

/** The operator's pages: every coop, and the signing keys (list, rotate). */
export function consoleOperatorPages(app: FastifyInstance, core: Core, secure: boolean): void {
  app.addHook('preHandler', operatorHook(core, secure))

  app.get('/operator/coops', async (request, reply) => {
    operatorOf(request)
    const coops = await core.tenants.coops.list()
    const rows = coops.map(
      (
        coop,
      ) => html`<tr><td><code>${coop.identifier}</code></td><td>${coop.name}</td><td>${coop.hostname ?? '—'}</td>
<td>${t(request, coop.disableSignUp ? 'console.coop.signUpClosed' : 'console.coop.signUpOpen')}</td><td>${timeText(coop.createdAt)}</td></tr>`,
    )
    return renderOperatorPage(reply, {
      section: 'operator/coops',
      title: t(request, 'console.operator.coops.title'),
      body: html`${doneNotice(request)}
<table><thead><tr><th scope="col">${t(request, 'console.coop.identifier')}</th><th scope="col">${t(request, 'console.col.name')}</th><th scope="col">${t(request, 'console.coop.hostname')}</th><th scope="col">${t(request, 'console.coop.signUp')}</th><th scope="col">${t(request, 'console.col.created')}</th></tr></thead>
<tbody>${rows}</tbody></table>`,
    })
  })

  app.get('/keys', async (request, reply) => {
    operatorOf(request)
    const rows = core.ops.operatorConsole.signingKeys().map(
      ({
        key,
        state,
      }) => html`<tr><td><code>${key.id}</code></td><td>${key.algorithm}</td><td>${t(request, `console.keys.state.${state}`)}</td>
<td>${timeText(key.createdAt)}</td><td>${timeText(key.activatesAt)}</td><td>${timeText(key.retiredAt)}</td></tr>`,
    )
    return renderOperatorPage(reply, {
      section: 'keys',
      title: t(request, 'console.keys.title'),
      body: html`${doneNotice(request)}
<p>${t(request, 'console.keys.intro')}</p>
<table><thead><tr><th scope="col">kid</th><th scope="col">${t(request, 'console.keys.algorithm')}</th><th scope="col">${t(request, 'console.col.status')}</th><th scope="col">${t(request, 'console.col.created')}</th><th scope="col">${t(request, 'console.keys.activates')}</th><th scope="col">${t(request, 'console.keys.retired')}</th></tr></thead>
<tbody>${rows}</tbody></table>
${actionForm(request, `${CONSOLE_PREFIX}/keys/rotate`, t(request, 'console.keys.rotate'))}`,
    })
  })

  app.post('/keys/rotate', async (request, reply) => {
    verifyCsrf(request)
    await core.ops.operatorConsole.rotateSigningKey(operatorOf(request).sessionId)
    return reply.redirect(`${CONSOLE_PREFIX}/keys?done=keyRotated`, 303)
  })

  app.post('/operator/sign-out', async (request, reply) => {
    verifyCsrf(request)
    await core.ops.operatorConsole.endSession(operatorOf(request).sessionId)
    appendSetCookie(reply, operatorCookie(secure, '', 0))
    return reply.redirect(`${CONSOLE_PREFIX}/sign-in`, 303)
  })
}
