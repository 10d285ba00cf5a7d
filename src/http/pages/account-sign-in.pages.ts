import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import { ACCOUNT_SURFACE, accountHolderOf, accountSession } from './account-session.ts'
import { formBodyOf } from './form-body.ts'
import { type FieldError, linkTo, paragraph, postForm, signInFields } from './forms.ts'
import { html } from './html.ts'
import { renderFormPage } from './layout.ts'
import { isSecondStepForm, type MfaStepContext, mfaTicketKey } from './mfa-step.ts'
import { csrfNonceOf, pageOptionsOf, t, verifyCsrf } from './page-context.ts'
import { pageNotFoundHandler } from './page-errors.ts'
import type { PagesSettings } from './pages.api.ts'
import { allowPasskeyScript, PASSKEY_RESPONSE_FIELD, passkeyForm } from './passkey-forms.ts'
import { nextSignInStep } from './sign-in-step.ts'

const MAX_FIELD_CHARS = 320

async function tenantOf(core: Core, request: FastifyRequest): Promise<Tenant | undefined> {
  const { coop } = request.query as { coop?: unknown }
  return core.tenants.tenants.findNamedOrDefault(typeof coop === 'string' && coop !== '' ? coop : undefined)
}

/**
 * The account pages' sign-in for passkeys: a passkey alone, or the password and then whatever
 * second step the user's factors and coop ask (as on the security page), into the account session.
 */
export function accountSignInPages(app: FastifyInstance, core: Core, settings: PagesSettings): void {
  const ticketKey = mfaTicketKey(core)
  const secure = (request: FastifyRequest) => pageOptionsOf(request).secureCookies

  async function signInPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    form: { email: string; errors: readonly FieldError[] },
  ) {
    const script = allowPasskeyScript(request, reply)
    return renderFormPage(reply, {
      title: t(request, 'account.signIn.title'),
      errors: form.errors,
      ...(script && { script }),
      body: html`${paragraph(t(request, 'account.signIn.intro'))}
${postForm(request, {
  submit: t(request, 'signIn.submit'),
  fields: signInFields(request, { email: form.email, errors: form.errors, emailMaxLength: MAX_FIELD_CHARS }),
})}
${passkeyForm(request, {
  ceremony: 'get',
  options: await core.identity.passkeys.authenticationOptions({ tenantId: tenant.id }),
  submit: t(request, 'passkey.signIn'),
  secondary: true,
})}
<div class="links"><p>${linkTo(`${settings.prefix}/forgot-password`, t(request, 'link.forgot'))}</p></div>`,
    })
  }

  app.get('/sign-in', async (request, reply) => {
    const tenant = await tenantOf(core, request)
    if (tenant === undefined) return pageNotFoundHandler(request, reply)
    return signInPage(request, reply, tenant, { email: '', errors: [] })
  })

  app.post('/sign-in', async (request, reply) => {
    verifyCsrf(request)
    const tenant = await tenantOf(core, request)
    if (tenant === undefined) return pageNotFoundHandler(request, reply)
    const form = formBodyOf(request.body)
    const passkeyResponse = form[PASSKEY_RESPONSE_FIELD]
    if (passkeyResponse !== undefined && !isSecondStepForm(form)) {
      // A passkey with user verification is two factors already: no second step follows it.
      try {
        const user = await core.identity.passkeys.authenticate(
          { tenantId: tenant.id, response: passkeyResponse },
          ACCOUNT_SURFACE,
        )
        await accountSession.start(core, reply, user, secure(request))
      } catch (error) {
        if (!isAppError(error) || error.code !== 'invalid_credentials') throw error
        const message = t(request, 'passkey.failed')
        return signInPage(request, reply, tenant, { email: '', errors: [{ field: 'email', message }] })
      }
      return reply.redirect(`${settings.prefix}/passkeys`, 303)
    }
    const step: MfaStepContext = {
      core,
      key: ticketKey,
      binding: `account:${csrfNonceOf(request)}`,
      action: request.url,
      surface: ACCOUNT_SURFACE,
    }
    const email = (form.email ?? '').trim().slice(0, MAX_FIELD_CHARS)
    const password = (form.password ?? '').slice(0, MAX_FIELD_CHARS)
    const outcome = await nextSignInStep(
      step,
      request,
      reply,
      form,
      { tenant: tenant.identifier, email, password },
      (refusal) => {
        const message = t(request, refusal === 'password_expired' ? 'signIn.expired' : 'signIn.failed')
        return signInPage(request, reply, tenant, { email, errors: [{ field: 'email', message }] })
      },
    )
    if ('shown' in outcome) return outcome.shown
    const sessionId = await accountSession.start(core, reply, outcome.done, secure(request))
    await core.identity.auth.recordSignIn(outcome.done, ACCOUNT_SURFACE, sessionId)
    return reply.redirect(`${settings.prefix}/passkeys`, 303)
  })

  app.post('/sign-out', async (request, reply) => {
    verifyCsrf(request)
    const holder = await accountHolderOf(core, request, secure(request))
    if (holder !== undefined) await core.sessions.sessions.end(holder.sessionId, 'logout')
    accountSession.end(reply, secure(request))
    return reply.redirect(`${settings.prefix}/signed-out`, 303)
  })
}
