import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { User } from '../../core/user/user.ts'
import { type FieldError, inputField, linkTo, paragraph, postForm, signInFields } from './forms.ts'
import { html } from './html.ts'
import { renderFormPage } from './layout.ts'
import { enrolmentBlock } from './mfa-step.ts'
import { t } from './page-context.ts'

export const MAX_FIELD_CHARS = 320

/** The security page's views: its sign-in, the page itself and the enrolment; `base` its path. */
export function securityViews(core: Core, base: string) {
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
    return renderFormPage(reply, {
      title: t(request, 'security.title'),
      errors,
      body: html`${paragraph(t(request, 'security.signIn.intro'))}
${postForm(request, {
  action: `${base}/sign-in`,
  submit: t(request, 'signIn.submit'),
  fields: signInFields(request, {
    email,
    errors,
    emailMaxLength: MAX_FIELD_CHARS,
    passwordMaxLength: MAX_FIELD_CHARS,
  }),
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
    const status = await core.identity.mfa.status(user.id)
    const { policy } = await core.identity.mfa.policyOf(user.tenantId)
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
${postForm(request, { action: `${base}/disable`, submit: t(request, 'security.disable.submit'), fields: inputField({ name: 'disable-code', label: t(request, 'mfa.field.code'), autocomplete: 'one-time-code', hint: t(request, 'mfa.field.codeHint'), errors, required: true, maxLength: 32 }) })}`
      : policy === 'off'
        ? paragraph(t(request, 'security.policyOff'))
        : html`<p id="mfa-status">${t(request, 'security.off')}</p>
${postForm(request, { action: `${base}/enrol`, fields: html``, submit: t(request, 'security.enable') })}`
    return renderFormPage(reply, {
      title: t(request, 'security.title'),
      errors,
      body: html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
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
    const enrolment = (await core.identity.mfa.pendingTotp(user)) ?? (await core.identity.mfa.startTotp(user))
    return renderFormPage(reply, {
      title: t(request, 'mfa.enrol.title'),
      errors,
      body: html`${paragraph(t(request, 'mfa.enrol.intro'))}
${enrolmentBlock(request, enrolment)}
${postForm(request, { action: `${base}/enrol/confirm`, submit: t(request, 'mfa.enrol.submit'), fields: codeField(request, errors), after: linkTo(base, t(request, 'security.cancel')) })}`,
    })
  }

  return { signInPage, securityPage, enrolPage }
}
