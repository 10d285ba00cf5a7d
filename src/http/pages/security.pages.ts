import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ClientRef } from '../../core/abuse/abuse-guard.ts'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { User } from '../../core/user/user.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { ACCOUNT_SURFACE, accountHolderOf, accountSession } from './account-session.ts'
import { formBodyOf } from './form-body.ts'
import { type FieldError, postForm } from './forms.ts'
import { html } from './html.ts'
import { type MfaStepContext, mfaTicketKey, recoveryCodesPage } from './mfa-step.ts'
import { csrfNonceOf, t, verifyCsrf } from './page-context.ts'
import { MAX_FIELD_CHARS, securityViews } from './security.views.ts'
import { nextSignInStep } from './sign-in-step.ts'

/** The account's security page (`<PAGES_PREFIX>/security`): turn TOTP on or off, new recovery codes. */
export function securityPages(app: FastifyInstance, core: Core, prefix: string, secure: boolean): void {
  const base = `${prefix}/security`
  const ticketKey = mfaTicketKey(core)
  const codeProblem = (request: FastifyRequest): FieldError[] => [
    { field: 'code', message: t(request, 'mfa.problem.code') },
  ]
  const { signInPage, securityPage, enrolPage } = securityViews(core, base)

  const back = (request: FastifyRequest) =>
    postForm(request, { action: base, fields: html``, submit: t(request, 'mfa.verify.submit') })

  /** The signed-in user, or the sign-in page shown instead. */
  async function holder(request: FastifyRequest, reply: FastifyReply) {
    const found = await accountHolderOf(core, request, secure)
    return found ?? { shown: signInPage(request, reply) }
  }

  /** Awaits a code-checked change; a wrong code shows `retry` with the problem. */
  async function withCode<T>(
    request: FastifyRequest,
    change: Promise<T>,
    retry: (errors: FieldError[]) => Promise<FastifyReply>,
  ): Promise<T | { shown: FastifyReply }> {
    try {
      return await change
    } catch (error) {
      if (isAppError(error) && error.code === 'invalid_mfa_code')
        return { shown: await retry(codeProblem(request)) }
      throw error
    }
  }

  app.get('/security', async (request, reply) => {
    const found = await holder(request, reply)
    return 'shown' in found ? found.shown : securityPage(request, reply, found.user)
  })
  // The recovery codes page's button comes back here.
  app.post('/security', async (request, reply) => {
    verifyCsrf(request)
    return reply.redirect(base, 303)
  })

  app.post('/security/sign-in', async (request, reply) => {
    verifyCsrf(request)
    const form = formBodyOf(request.body)
    const step: MfaStepContext = {
      core,
      key: ticketKey,
      binding: `account:${csrfNonceOf(request)}`,
      action: `${base}/sign-in`,
      surface: ACCOUNT_SURFACE,
    }
    const email = (form.email ?? '').trim().slice(0, MAX_FIELD_CHARS)
    const password = (form.password ?? '').slice(0, MAX_FIELD_CHARS)
    const { coop } = request.query as { coop?: unknown }
    const tenant = typeof coop === 'string' && coop !== '' ? coop : undefined
    const outcome = await nextSignInStep(step, request, reply, form, { tenant, email, password }, () =>
      signInPage(request, reply, email, [{ field: 'email', message: t(request, 'signIn.failed') }]),
    )
    if ('shown' in outcome) return outcome.shown
    const sessionId = await accountSession.start(core, reply, outcome.done, secure)
    await core.identity.auth.recordSignIn(outcome.done, ACCOUNT_SURFACE, sessionId)
    return reply.redirect(base, 303)
  })

  app.post('/security/enrol', async (request, reply) => {
    verifyCsrf(request)
    const found = await holder(request, reply)
    return 'shown' in found ? found.shown : enrolPage(request, reply, found.user)
  })

  /**
   * Confirming TOTP and asking for new recovery codes are one route: a code in, fresh recovery
   * codes out; a wrong code shows `retry` (the page the form was on) again.
   */
  function recoveryCodesRoute(
    path: string,
    issue: (client: ClientRef, user: User, code: string) => Promise<string[]>,
    retry: typeof enrolPage,
  ): void {
    app.post(path, async (request, reply) => {
      verifyCsrf(request)
      const found = await holder(request, reply)
      if ('shown' in found) return found.shown
      const { user } = found
      const code = formBodyOf(request.body).code ?? ''
      const codes = await withCode(request, issue(clientOf(request), user, code), (errors) =>
        retry(request, reply, user, errors),
      )
      return 'shown' in codes ? codes.shown : recoveryCodesPage(request, reply, codes, back(request))
    })
  }

  recoveryCodesRoute(
    '/security/enrol/confirm',
    (client, user, code) => core.identity.mfa.confirmTotp(client, user, code, ACCOUNT_SURFACE),
    enrolPage,
  )
  recoveryCodesRoute(
    '/security/recovery-codes',
    (client, user, code) => core.identity.mfa.regenerateRecoveryCodes(client, user, code, ACCOUNT_SURFACE),
    securityPage,
  )

  app.post('/security/disable', async (request, reply) => {
    verifyCsrf(request)
    const found = await holder(request, reply)
    if ('shown' in found) return found.shown
    const { user } = found
    const code = formBodyOf(request.body)['disable-code'] ?? ''
    const done = await withCode(
      request,
      core.identity.mfa
        .disable(clientOf(request), user, code, ACCOUNT_SURFACE)
        .then(() => ({ disabled: true })),
      (errors) =>
        securityPage(
          request,
          reply,
          user,
          errors.map((error) => ({ ...error, field: 'disable-code' })),
        ),
    )
    return 'shown' in done
      ? done.shown
      : securityPage(request, reply, user, [], t(request, 'security.disabled'))
  })

  app.post('/security/sign-out', async (request, reply) => {
    verifyCsrf(request)
    const found = await accountHolderOf(core, request, secure)
    if (found !== undefined) await core.sessions.sessions.end(found.sessionId, 'logout')
    accountSession.end(reply, secure)
    return reply.redirect(base, 303)
  })
}
