import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import type { User } from '../../core/user/user.ts'
import { guardedSignIn } from '../shared/rate-limit.ts'
import { accountSignInOf, endAccountSession, startAccountSession } from './account-session.ts'
import { formBodyOf } from './form-body.ts'
import { errorSummary, type FieldError, inputField, linkTo, paragraph, postForm } from './forms.ts'
import { html } from './html.ts'
import { renderPage } from './layout.ts'
import { t, verifyCsrf } from './page-context.ts'
import { pageNotFoundHandler } from './page-errors.ts'
import type { PagesSettings } from './pages.api.ts'
import { allowPasskeyScript, PASSKEY_RESPONSE_FIELD, passkeyForm } from './passkey-forms.ts'

const SURFACE = 'pages'

async function tenantOf(core: Core, request: FastifyRequest): Promise<Tenant | undefined> {
  const { coop } = request.query as { coop?: unknown }
  return core.tenants.findNamedOrDefault(typeof coop === 'string' ? coop : undefined)
}

/** The account pages' own sign-in (password or passkey) and sign-out. */
export function accountSignInPages(app: FastifyInstance, core: Core, settings: PagesSettings): void {
  async function signInPage(
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: Tenant,
    form: { email: string; errors: readonly FieldError[] },
  ) {
    const script = allowPasskeyScript(request, reply)
    const failed = form.errors.length > 0
    return renderPage(reply, {
      status: failed ? 400 : 200,
      title: t(request, 'account.signIn.title'),
      hasErrors: failed,
      ...(script && { script }),
      body: html`${errorSummary(request, form.errors)}
${paragraph(t(request, 'account.signIn.intro'))}
${postForm(request, {
  submit: t(request, 'signIn.submit'),
  fields: [
    inputField({
      name: 'email',
      type: 'email',
      label: t(request, 'field.email'),
      autocomplete: 'username webauthn',
      value: form.email,
      errors: form.errors,
      required: true,
    }),
    inputField({
      name: 'password',
      type: 'password',
      label: t(request, 'field.password'),
      autocomplete: 'current-password',
      errors: form.errors,
      required: true,
    }),
  ],
})}
${passkeyForm(request, {
  ceremony: 'get',
  options: await core.passkeys.authenticationOptions({ tenantId: tenant.id }),
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
    const email = (form.email ?? '').trim()
    let user: User
    try {
      const response = form[PASSKEY_RESPONSE_FIELD]
      user =
        response === undefined
          ? await guardedSignIn(core, request, { tenant: tenant.identifier, identifier: email }, () =>
              core.auth.authenticate({ tenantId: tenant.id, email, password: form.password ?? '' }, SURFACE),
            )
          : await core.passkeys.authenticate({ tenantId: tenant.id, response }, SURFACE)
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'invalid_credentials' && error.code !== 'password_expired'))
        throw error
      const passkey = form[PASSKEY_RESPONSE_FIELD] !== undefined
      const message = t(
        request,
        passkey ? 'passkey.failed' : error.code === 'password_expired' ? 'signIn.expired' : 'signIn.failed',
      )
      return signInPage(request, reply, tenant, { email, errors: [{ field: 'email', message }] })
    }
    await startAccountSession(core, request, reply, user)
    return reply.redirect(`${settings.prefix}/passkeys`, 303)
  })

  app.post('/sign-out', async (request, reply) => {
    verifyCsrf(request)
    await endAccountSession(core, request, reply, await accountSignInOf(core, request))
    return reply.redirect(`${settings.prefix}/signed-out`, 303)
  })
}
