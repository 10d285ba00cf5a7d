import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { SecondStep } from '../../core/mfa/mfa.ts'
import type { User } from '../../core/user/user.ts'
import { formBodyOf } from '../pages/form-body.ts'
import {
  errorSummary,
  type FieldError,
  inputField,
  paragraph,
  postForm,
  signInFields,
} from '../pages/forms.ts'
import { html } from '../pages/html.ts'
import { renderPage } from '../pages/layout.ts'
import {
  beginSecondStep,
  continueSecondStep,
  isSecondStepForm,
  type MfaStepContext,
  mfaTicketKey,
} from '../pages/mfa-step.ts'
import { csrfNonceOf, t, verifyCsrf } from '../pages/page-context.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { CONSOLE_PREFIX } from './console-layout.ts'
import { CONSOLE_SURFACE, consoleAdminOf, consoleRoles, consoleSession } from './console-session.ts'

const MAX_FIELD_CHARS = 320

function signInPage(
  request: FastifyRequest,
  reply: FastifyReply,
  input: { coop?: string; email?: string; status?: number; errors?: readonly FieldError[] },
): FastifyReply {
  const errors = input.errors ?? []
  return renderPage(reply, {
    status: input.status ?? 200,
    title: t(request, 'console.signIn.title'),
    hasErrors: errors.length > 0,
    body: html`${errorSummary(request, errors)}
${paragraph(t(request, 'console.signIn.intro'))}
${postForm(request, {
  action: `${CONSOLE_PREFIX}/sign-in`,
  submit: t(request, 'signIn.submit'),
  fields: [
    ...signInFields(request, {
      email: input.email ?? '',
      errors,
      emailMaxLength: MAX_FIELD_CHARS,
      passwordMaxLength: MAX_FIELD_CHARS,
    }),
    inputField({
      name: 'coop',
      label: t(request, 'console.signIn.coop'),
      labelSuffix: t(request, 'field.optional'),
      hint: t(request, 'console.signIn.coopHint'),
      value: input.coop ?? '',
      maxLength: 100,
    }),
  ],
})}`,
  })
}

/** Sign-in and sign-out: the same core sign-in as the APIs, under the same limits and lockout. */
export function consoleSignInPages(app: FastifyInstance, core: Core, secure: boolean): void {
  app.get('/sign-in', async (request, reply) => {
    if ((await consoleAdminOf(core, request, secure)) !== undefined)
      return reply.redirect(`${CONSOLE_PREFIX}/users`, 303)
    return signInPage(request, reply, {})
  })

  const ticketKey = mfaTicketKey(core)
  const stepOf = (request: FastifyRequest): MfaStepContext => ({
    core,
    key: ticketKey,
    binding: `console:${csrfNonceOf(request)}`,
    action: `${CONSOLE_PREFIX}/sign-in`,
    surface: CONSOLE_SURFACE,
  })

  /** The console session, once the password (and the second step, when asked) passed. */
  async function openConsoleSession(reply: FastifyReply, user: User) {
    const sessionId = await consoleSession.start(core, reply, user, secure)
    await core.identity.auth.recordSignIn(user, CONSOLE_SURFACE, sessionId)
    return reply.redirect(`${CONSOLE_PREFIX}/users`, 303)
  }

  app.post('/sign-in', async (request, reply) => {
    verifyCsrf(request)
    const form = formBodyOf(request.body)
    if (isSecondStepForm(form)) {
      const outcome = await continueSecondStep(stepOf(request), request, reply, form)
      if ('shown' in outcome) return outcome.shown
      // The role is read again: it may have changed while the code was typed.
      if (!consoleRoles.includes(outcome.done.role)) return signInPage(request, reply, { status: 403 })
      return openConsoleSession(reply, outcome.done)
    }
    const email = (form.email ?? '').trim().slice(0, MAX_FIELD_CHARS)
    const password = (form.password ?? '').slice(0, MAX_FIELD_CHARS)
    const coop = (form.coop ?? '').trim().slice(0, 100)
    const failed = (message: string, status: number) =>
      signInPage(request, reply, { coop, email, status, errors: [{ field: 'email', message }] })
    if (email === '' || password === '') return failed(t(request, 'signIn.failed'), 400)
    const tenant = coop === '' ? undefined : coop
    let checked: { user: User; step: SecondStep }
    try {
      checked = await core.identity.auth.beginSignIn(
        clientOf(request),
        { tenant, email, password },
        CONSOLE_SURFACE,
      )
    } catch (error) {
      if (isAppError(error) && (error.code === 'invalid_credentials' || error.code === 'password_expired'))
        return failed(t(request, 'signIn.failed'), 400)
      throw error
    }
    // The password was right, so saying why is no leak; no session was opened.
    if (!consoleRoles.includes(checked.user.role)) return failed(t(request, 'console.signIn.notAdmin'), 403)
    const outcome = await beginSecondStep(stepOf(request), request, reply, checked)
    if ('shown' in outcome) return outcome.shown
    return openConsoleSession(reply, outcome.done)
  })
}
