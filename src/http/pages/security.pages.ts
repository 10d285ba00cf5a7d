import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { User } from '../../core/user/user.ts'
import {
  ACCOUNT_SESSION_SECONDS,
  ACCOUNT_SURFACE,
  accountCookie,
  accountHolderOf,
  accountPolicy,
  appendSetCookie,
} from './account-session.ts'
import { formBodyOf } from './form-body.ts'
import { errorSummary, type FieldError, inputField, linkTo, paragraph, postForm } from './forms.ts'
import { html } from './html.ts'
import { renderPage } from './layout.ts'
import {
  beginSecondStep,
  checkPasswordGuarded,
  continueSecondStep,
  enrolmentBlock,
  guardedForUser,
  isSecondStepForm,
  type MfaStepContext,
  mfaTicketKey,
  recoveryCodesPage,
} from './mfa-step.ts'
import { csrfNonceOf, t, verifyCsrf } from './page-context.ts'

const MAX_FIELD_CHARS = 320

/** The account's security page (`<PAGES_PREFIX>/security`): turn TOTP on or off, new recovery codes. */
export function securityPages(app: FastifyInstance, core: Core, prefix: string, secure: boolean): void {
  const base = `${prefix}/security`
  const ticketKey = mfaTicketKey(core)
  const codeProblem = (request: FastifyRequest): FieldError[] => [
    { field: 'code', message: t(request, 'mfa.problem.code') },
  ]
  const codeField = (request: FastifyRequest, errors: readonly FieldError[], hint?: string) =>
    inputField({
      name: 'code',
      label: t(request, 'mfa.field.code'),
      autocomplete: 'one-time-code',
      errors,
      required: true,
      maxLength: 32,
      ...(hint !== undefined && { hint }),
    })

  function signInPage(
    request: FastifyRequest,
    reply: FastifyReply,
    email = '',
    errors: readonly FieldError[] = [],
  ) {
    return renderPage(reply, {
      status: errors.length > 0 ? 400 : 200,
      title: t(request, 'security.title'),
      hasErrors: errors.length > 0,
      body: html`${errorSummary(request, errors)}
${paragraph(t(request, 'security.signIn.intro'))}
${postForm(request, {
  action: `${base}/sign-in`,
  submit: t(request, 'signIn.submit'),
  fields: [
    inputField({
      name: 'email',
      type: 'email',
      label: t(request, 'field.email'),
      autocomplete: 'username',
      value: email,
      errors,
      required: true,
      maxLength: MAX_FIELD_CHARS,
    }),
    inputField({
      name: 'password',
      type: 'password',
      label: t(request, 'field.password'),
      autocomplete: 'current-password',
      required: true,
      maxLength: MAX_FIELD_CHARS,
    }),
  ],
})}`,
    })
  }

  async function securityPage(
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    errors: readonly FieldError[] = [],
    notice?: string,
  ) {
    const status = await core.mfa.status(user.id)
    const { policy } = await core.mfa.policyOf(user.tenantId)
    const signOut = postForm(request, {
      action: `${base}/sign-out`,
      fields: html``,
      submit: t(request, 'security.signOut'),
    })
    const body = status.enabled
      ? html`<p id="mfa-status">${t(request, 'security.on', { count: status.recoveryCodesLeft })}</p>
<h2>${t(request, 'security.regenerate.title')}</h2>
${postForm(request, { action: `${base}/recovery-codes`, submit: t(request, 'security.regenerate.submit'), fields: codeField(request, errors, t(request, 'security.regenerate.hint')) })}
<h2>${t(request, 'security.disable.title')}</h2>
${postForm(request, { action: `${base}/disable`, submit: t(request, 'security.disable.submit'), fields: inputField({ name: 'disable-code', label: t(request, 'mfa.field.code'), autocomplete: 'one-time-code', hint: t(request, 'mfa.field.codeHint'), required: true, maxLength: 32 }) })}`
      : policy === 'off'
        ? paragraph(t(request, 'security.policyOff'))
        : html`<p id="mfa-status">${t(request, 'security.off')}</p>
${postForm(request, { action: `${base}/enrol`, fields: html``, submit: t(request, 'security.enable') })}`
    return renderPage(reply, {
      status: errors.length > 0 ? 400 : 200,
      title: t(request, 'security.title'),
      hasErrors: errors.length > 0,
      body: html`${errorSummary(request, errors)}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="muted">${t(request, 'consent.signedInAs', { email: user.email })}</p>
${body}
${signOut}`,
    })
  }

  async function enrolPage(
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    errors: readonly FieldError[] = [],
  ) {
    const enrolment = (await core.mfa.pendingTotp(user)) ?? (await core.mfa.startTotp(user))
    return renderPage(reply, {
      status: errors.length > 0 ? 400 : 200,
      title: t(request, 'mfa.enrol.title'),
      hasErrors: errors.length > 0,
      body: html`${errorSummary(request, errors)}
${paragraph(t(request, 'mfa.enrol.intro'))}
${enrolmentBlock(request, enrolment)}
${postForm(request, { action: `${base}/enrol/confirm`, submit: t(request, 'mfa.enrol.submit'), fields: codeField(request, errors), after: linkTo(base, t(request, 'security.cancel')) })}`,
    })
  }

  const back = (request: FastifyRequest) =>
    postForm(request, { action: base, fields: html``, submit: t(request, 'mfa.verify.submit') })

  /** The signed-in user, or the sign-in page shown instead. */
  async function holder(request: FastifyRequest, reply: FastifyReply) {
    const found = await accountHolderOf(core, request, secure)
    return found ?? { shown: signInPage(request, reply) }
  }

  /** Runs a code-checked change; a wrong code shows `retry` with the problem. */
  async function withCode<T>(
    request: FastifyRequest,
    user: User,
    work: () => Promise<T>,
    retry: (errors: FieldError[]) => Promise<FastifyReply>,
  ): Promise<T | { shown: FastifyReply }> {
    try {
      return await guardedForUser(core, request, user, work)
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
    let outcome: Awaited<ReturnType<typeof beginSecondStep>>
    if (isSecondStepForm(form)) {
      outcome = await continueSecondStep(step, request, reply, form)
    } else {
      const email = (form.email ?? '').trim().slice(0, MAX_FIELD_CHARS)
      const password = (form.password ?? '').slice(0, MAX_FIELD_CHARS)
      const { coop } = request.query as { coop?: unknown }
      const tenant = typeof coop === 'string' && coop !== '' ? coop : undefined
      try {
        const checked = await checkPasswordGuarded(core, request, { tenant, identifier: email }, () =>
          core.auth.checkPasswordInTenant({ tenant, email, password }, ACCOUNT_SURFACE),
        )
        outcome = await beginSecondStep(step, request, reply, checked)
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'invalid_credentials' && error.code !== 'password_expired'))
          throw error
        return signInPage(request, reply, email, [{ field: 'email', message: t(request, 'signIn.failed') }])
      }
    }
    if ('shown' in outcome) return outcome.shown
    const signedIn = await core.auth.openSession(outcome.done, accountPolicy)
    await core.auth.recordSignIn(outcome.done, ACCOUNT_SURFACE, signedIn.sessionId)
    appendSetCookie(reply, accountCookie(secure, signedIn.refreshToken, ACCOUNT_SESSION_SECONDS))
    return reply.redirect(base, 303)
  })

  app.post('/security/enrol', async (request, reply) => {
    verifyCsrf(request)
    const found = await holder(request, reply)
    return 'shown' in found ? found.shown : enrolPage(request, reply, found.user)
  })

  app.post('/security/enrol/confirm', async (request, reply) => {
    verifyCsrf(request)
    const found = await holder(request, reply)
    if ('shown' in found) return found.shown
    const { user } = found
    const code = formBodyOf(request.body).code ?? ''
    const codes = await withCode(
      request,
      user,
      () => core.mfa.confirmTotp(user, code, ACCOUNT_SURFACE),
      (errors) => enrolPage(request, reply, user, errors),
    )
    return 'shown' in codes ? codes.shown : recoveryCodesPage(request, reply, codes, back(request))
  })

  app.post('/security/recovery-codes', async (request, reply) => {
    verifyCsrf(request)
    const found = await holder(request, reply)
    if ('shown' in found) return found.shown
    const { user } = found
    const code = formBodyOf(request.body).code ?? ''
    const codes = await withCode(
      request,
      user,
      () => core.mfa.regenerateRecoveryCodes(user, code, ACCOUNT_SURFACE),
      (errors) => securityPage(request, reply, user, errors),
    )
    return 'shown' in codes ? codes.shown : recoveryCodesPage(request, reply, codes, back(request))
  })

  app.post('/security/disable', async (request, reply) => {
    verifyCsrf(request)
    const found = await holder(request, reply)
    if ('shown' in found) return found.shown
    const { user } = found
    const code = formBodyOf(request.body)['disable-code'] ?? ''
    const done = await withCode(
      request,
      user,
      async () => {
        await core.mfa.disable(user, code, ACCOUNT_SURFACE)
        return { disabled: true }
      },
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
    if (found !== undefined) await core.sessions.end(found.sessionId, 'logout')
    appendSetCookie(reply, accountCookie(secure, '', 0))
    return reply.redirect(base, 303)
  })
}
