import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { InteractionResults } from 'oidc-provider'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { type FieldError, linkTo, paragraph, postForm, signInFields } from '../pages/forms.ts'
import { html } from '../pages/html.ts'
import type { MessageKey } from '../pages/i18n.ts'
import { renderFormPage, renderPage } from '../pages/layout.ts'
import { isSecondStepForm, type MfaStepContext, mfaTicketKey } from '../pages/mfa-step.ts'
import { csrfField, t, verifyCsrf } from '../pages/page-context.ts'
import { pageNotFoundHandler } from '../pages/page-errors.ts'
import { contentSecurityPolicy } from '../pages/page-kit.ts'
import { nextSignInStep } from '../pages/sign-in-step.ts'
import { type Interaction, interactionOf, resultOfConsent } from './oidc-interaction.ts'
import { originOf } from './oidc-koa-pages.ts'
import { PASSKEY_AMR, passkeyResponseOf, passkeySignInForm, signInWithPasskey } from './oidc-passkey.ts'
import type { ProviderRegistry, TenantProvider } from './oidc-registry.ts'

const SCOPE_TEXT: Readonly<Record<string, MessageKey>> = {
  openid: 'scope.openid',
  profile: 'scope.profile',
  email: 'scope.email',
  offline_access: 'scope.offline_access',
}

/**
 * The page's CSP lets its form lead to the client: after the POST the browser follows redirects
 * to the client's redirect_uri, and Chromium holds those to form-action.
 */
function allowRedirectToClient(reply: FastifyReply, interaction: Interaction): void {
  const origin = originOf(interaction.details.params.redirect_uri)
  reply.header('content-security-policy', contentSecurityPolicy(origin ? { formAction: [origin] } : {}))
}

function noSession(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return renderPage(reply, {
    status: 400,
    title: t(request, 'signIn.noSession.title'),
    body: paragraph(t(request, 'signIn.noSession.body')),
  })
}

async function signInPage(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  target: TenantProvider,
  interaction: Interaction,
  pagesPrefix: string,
  form: { email: string; errors: readonly FieldError[] },
): Promise<FastifyReply> {
  const passkey = await passkeySignInForm(core, request, reply, target, interaction)
  const coop = target.mountPath.includes('/t/') ? `?coop=${encodeURIComponent(target.tenant.identifier)}` : ''
  return renderFormPage(reply, {
    title: t(request, 'signIn.title'),
    errors: form.errors,
    ...(passkey.script && { script: passkey.script }),
    body: html`${paragraph(t(request, 'signIn.intro', { client: interaction.clientName }))}
${postForm(request, {
  submit: t(request, 'signIn.submit'),
  fields: signInFields(request, form),
})}
${passkey.form}
<div class="links"><p>${linkTo(`${pagesPrefix}/forgot-password${coop}`, t(request, 'link.forgot'))}</p>
<p>${linkTo(`${pagesPrefix}/sign-up${coop}`, t(request, 'link.signUp'))}</p></div>`,
  })
}

async function consentPage(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  interaction: Interaction,
): Promise<FastifyReply> {
  allowRedirectToClient(reply, interaction)
  const accountId = interaction.details.session?.accountId
  const user = accountId === undefined ? undefined : await core.identity.users.find(accountId)
  const scopes = String(interaction.details.params.scope ?? '')
    .split(' ')
    .map((scope) => SCOPE_TEXT[scope])
    .filter((key) => key !== undefined)
  return renderPage(reply, {
    title: t(request, 'consent.title'),
    body: html`${paragraph(t(request, 'consent.intro', { client: interaction.clientName }))}
${user ? html`<p class="muted">${t(request, 'consent.signedInAs', { email: user.email })}</p>` : ''}
<p>${t(request, 'consent.scopes')}</p>
<ul>${scopes.map((key) => html`<li>${t(request, key)}</li>`)}</ul>
<form method="post" novalidate>
${csrfField(request)}
<div class="actions"><button type="submit" name="decision" value="allow" class="button">${t(request, 'consent.allow')}</button>
<button type="submit" name="decision" value="deny" class="button secondary">${t(request, 'consent.deny')}</button></div>
</form>`,
  })
}

/** The sign-in and consent pages the provider sends a browser to (`<issuer>/interaction/<uid>`). */
export function interactionPages(
  app: FastifyInstance,
  core: Core,
  registry: ProviderRegistry,
  pagesPrefix: string,
): void {
  const ticketKey = mfaTicketKey(core)
  async function load(request: FastifyRequest, reply: FastifyReply) {
    const { tenant, uid } = request.params as { tenant?: string; uid: string }
    const target = await registry.find(tenant)
    if (target === undefined) return undefined
    return { target, interaction: await interactionOf(target, request, reply, uid) }
  }

  async function show(request: FastifyRequest, reply: FastifyReply) {
    const loaded = await load(request, reply)
    if (loaded === undefined) return pageNotFoundHandler(request, reply)
    const { target, interaction } = loaded
    if (interaction === undefined) return noSession(request, reply)
    if (interaction.details.prompt.name === 'login')
      return signInPage(core, request, reply, target, interaction, pagesPrefix, { email: '', errors: [] })
    return consentPage(core, request, reply, interaction)
  }

  async function submit(request: FastifyRequest, reply: FastifyReply) {
    verifyCsrf(request)
    const loaded = await load(request, reply)
    if (loaded === undefined) return pageNotFoundHandler(request, reply)
    const { target, interaction } = loaded
    if (interaction === undefined) return noSession(request, reply)
    const form = formBodyOf(request.body)
    let result: InteractionResults
    const passkeyResponse = passkeyResponseOf(form)
    if (
      interaction.details.prompt.name === 'login' &&
      passkeyResponse !== undefined &&
      !isSecondStepForm(form)
    ) {
      // A passkey with user verification is two factors already: no second step follows it.
      try {
        const user = await signInWithPasskey(core, target, passkeyResponse)
        result = { login: { accountId: user.id, amr: PASSKEY_AMR } }
      } catch (error) {
        if (!isAppError(error) || error.code !== 'invalid_credentials') throw error
        return signInPage(core, request, reply, target, interaction, pagesPrefix, {
          email: '',
          errors: [{ field: 'email', message: t(request, 'passkey.failed') }],
        })
      }
    } else if (interaction.details.prompt.name === 'login') {
      allowRedirectToClient(reply, interaction)
      const client = originOf(interaction.details.params.redirect_uri)
      // The request's own path: the second step's forms come back to this interaction.
      const mfa: MfaStepContext = {
        core,
        key: ticketKey,
        binding: `oidc:${interaction.details.uid}`,
        action: request.url.split('?')[0] ?? request.url,
        surface: 'oidc',
        formAction: client ? [client] : [],
      }
      const email = (form.email ?? '').trim()
      const credentials = { tenant: target.tenant.identifier, email, password: form.password ?? '' }
      const outcome = await nextSignInStep(mfa, request, reply, form, credentials, (refusal) => {
        const message = t(request, refusal === 'password_expired' ? 'signIn.expired' : 'signIn.failed')
        return signInPage(core, request, reply, target, interaction, pagesPrefix, {
          email,
          errors: [{ field: 'email', message }],
        })
      })
      if ('shown' in outcome) return outcome.shown
      await core.identity.auth.recordSignIn(outcome.done, 'oidc')
      result = { login: { accountId: outcome.done.id } }
    } else if (form.decision === 'allow') {
      result = await resultOfConsent(target, interaction)
    } else {
      result = { error: 'access_denied', error_description: 'End-User aborted interaction' }
    }
    const returnTo = await target.provider.interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: interaction.details.prompt.name !== 'login',
    })
    return reply.redirect(returnTo, 303)
  }

  for (const path of ['/interaction/:uid', '/t/:tenant/interaction/:uid']) {
    app.get(path, show)
    app.post(path, submit)
  }
}
