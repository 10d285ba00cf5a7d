import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { User } from '../../core/user/user.ts'
import type { FormBody } from '../pages/form-body.ts'
import type { SafeHtml } from '../pages/html.ts'
import { t } from '../pages/page-context.ts'
import { allowPasskeyScript, PASSKEY_RESPONSE_FIELD, passkeyForm } from '../pages/passkey-forms.ts'
import type { Interaction } from './oidc-interaction.ts'
import { originOf } from './oidc-koa-pages.ts'
import type { TenantProvider } from './oidc-registry.ts'

// "Sign in with a passkey" on the provider's sign-in page: a discoverable passkey of the tenant's
// users, no e-mail or password typed.

/** The RFC 8176 methods of a passkey sign-in: a hardware-bound key, verified on the device (two factors). */
export const PASSKEY_AMR = ['hwk', 'mfa']

/**
 * Sets the sign-in page's CSP (the passkey script; forms may lead to the client) and builds the
 * passkey form. `script`: the path the page loads, when the kit serves one.
 */
export async function passkeySignInForm(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  target: TenantProvider,
  interaction: Interaction,
): Promise<{ form: SafeHtml; script: string | undefined }> {
  const origin = originOf(interaction.details.params.redirect_uri)
  const script = allowPasskeyScript(request, reply, origin ? [origin] : [])
  const form = passkeyForm(request, {
    ceremony: 'get',
    options: await core.identity.passkeys.authenticationOptions({ tenantId: target.tenant.id }),
    submit: t(request, 'passkey.signIn'),
    secondary: true,
  })
  return { form, script }
}

/** The browser's passkey answer, when the form posted one rather than an e-mail and password. */
export function passkeyResponseOf(form: FormBody): string | undefined {
  return form[PASSKEY_RESPONSE_FIELD]
}

/**
 * The user whose passkey answered.
 * @throws {AppError} invalid_credentials
 */
export function signInWithPasskey(core: Core, target: TenantProvider, response: string): Promise<User> {
  return core.identity.passkeys.authenticate({ tenantId: target.tenant.id, response }, 'oidc')
}
