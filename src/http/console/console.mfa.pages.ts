import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { isMfaPolicyName, mfaPolicies } from '../../core/mfa/mfa.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { postForm } from '../pages/forms.ts'
import { html } from '../pages/html.ts'
import { t } from '../pages/page-context.ts'
import { consoleAction } from './console-action.ts'
import { doneNotice } from './console-done.ts'
import { CONSOLE_PREFIX, renderConsolePage } from './console-layout.ts'
import { userIdOf } from './console-params.ts'
import { adminOf, changingAdminOf } from './console-session.ts'

/**
 * The coop's MFA policy and the reset of a user's factors: the coop's ADMIN only (a
 * PLATFORM_MANAGER sees the policy), never their own factors (the account page is for that).
 */
export function consoleMfaPages(app: FastifyInstance, core: Core): void {
  app.get('/coop/mfa', async (request, reply) => {
    const admin = adminOf(request)
    const current = await core.identity.mfa.policyOf(admin.coop.id)
    const disabled = admin.canChange ? html`` : html` disabled`
    const choices = mfaPolicies.map(
      (
        policy,
      ) => html`<div class="choice"><input type="radio" id="policy-${policy}" name="policy" value="${policy}"${policy === current.policy ? html` checked` : ''}${disabled}>
<label for="policy-${policy}">${t(request, `console.mfa.policy.${policy}`)}</label></div>`,
    )
    const fields = html`<fieldset><legend>${t(request, 'console.mfa.policy')}</legend>${choices}</fieldset>
<div class="choice"><input type="checkbox" id="legacy" name="legacy" value="allowed" aria-describedby="legacy-hint"${current.legacyPasswordAllowed ? html` checked` : ''}${disabled}>
<label for="legacy">${t(request, 'console.mfa.legacy')}</label>
<p class="hint" id="legacy-hint">${t(request, 'console.mfa.legacyHint')}</p></div>`
    return renderConsolePage(reply, admin, {
      section: 'coop/mfa',
      title: t(request, 'console.mfa.title'),
      body: html`${doneNotice(request)}
${
  admin.canChange
    ? postForm(request, {
        action: `${CONSOLE_PREFIX}/coop/mfa`,
        fields,
        submit: t(request, 'console.mfa.save'),
      })
    : html`${fields}<p class="muted">${t(request, 'console.user.readOnly')}</p>`
}`,
    })
  })

  consoleAction(
    app,
    '/coop/mfa',
    async (request, admin) => {
      const form = formBodyOf(request.body)
      if (!isMfaPolicyName(form.policy)) throw new AppError('validation_failed')
      await core.identity.mfa.setPolicy(
        admin.coop.id,
        { policy: form.policy, legacyPasswordAllowed: form.legacy === 'allowed' },
        admin.user.id,
      )
      return `${CONSOLE_PREFIX}/coop/mfa?done=mfaPolicy`
    },
    changingAdminOf,
  )

  consoleAction(app, '/users/:id/reset-mfa', async (request, admin) => {
    const user = await core.identity.userAdmin.find(admin.coop.id, userIdOf(request))
    if (user === undefined) throw new AppError('user_not_found')
    if (!admin.canChange || user.id === admin.user.id) throw new AppError('forbidden')
    await core.identity.mfa.reset(user, admin.user.id)
    return `${CONSOLE_PREFIX}/users/${user.id}?done=mfaReset`
  })
}
