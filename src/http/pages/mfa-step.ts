import type { KeyObject } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { TotpEnrolment } from '../../core/mfa/mfa.service.ts'
import type { SecondStep } from '../../core/mfa/mfa.ts'
import { canSignIn, type User } from '../../core/user/user.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { type FieldError, hiddenField, inputField, paragraph, postForm } from './forms.ts'
import { html, type SafeHtml } from './html.ts'
import { renderFormPage, renderPage } from './layout.ts'
import { issueTicket, readTicket, TICKET_FIELD, type TicketStage } from './mfa-ticket.ts'
import { t } from './page-context.ts'
import { allowPasskeyScript, PASSKEY_RESPONSE_FIELD, passkeyForm } from './passkey-forms.ts'
import { qrCodeSvg } from './qr-code.ts'

// The second step of a hosted sign-in, shared by the OIDC sign-in page, the console and the
// account's security page: after the password, a code (or a recovery code); or, where the coop
// requires a factor the user lacks, enrolment first.

export interface MfaStepContext {
  readonly core: Core
  readonly key: KeyObject
  /** Where the sign-in began (the OIDC interaction, the browser's CSRF nonce). */
  readonly binding: string
  /** Where the step's forms post (the sign-in page's own URL). */
  readonly action: string
  /** The surface named in the audit log. */
  readonly surface: string
  /** Origins the step's forms may lead to (the OIDC client's), kept in the CSP the passkey form sets. */
  readonly formAction?: readonly string[]
}

/** A step to show, or the user once the second step passed (or none was needed). */
export type StepOutcome = { readonly done: User } | { readonly shown: FastifyReply }

export const mfaTicketKey = (core: Pick<Core, 'deriveKey'>): KeyObject => core.deriveKey('mfa ticket v1')

const CODE_MAX_CHARS = 32

function codeField(
  request: FastifyRequest,
  errors: readonly FieldError[],
  hint = t(request, 'mfa.field.codeHint'),
) {
  return inputField({
    name: 'code',
    label: t(request, 'mfa.field.code'),
    autocomplete: 'one-time-code',
    hint,
    errors,
    required: true,
    maxLength: CODE_MAX_CHARS,
  })
}

function ticketField(context: MfaStepContext, stage: TicketStage, user: User): SafeHtml {
  return hiddenField(
    TICKET_FIELD,
    issueTicket(context.key, { stage, userId: user.id }, context.binding, context.core.clock.now()),
  )
}

/**
 * A user with passkeys may answer the second step with one: a passkey form carrying the ticket,
 * and the CSP that lets the passkey script run (with the step's form-action origins).
 */
async function passkeyStepForm(
  request: FastifyRequest,
  reply: FastifyReply,
  context: MfaStepContext,
  user: User,
): Promise<{ form: SafeHtml; script: string | undefined } | undefined> {
  if (!(await context.core.identity.passkeys.hasAny(user.id))) return undefined
  const script = allowPasskeyScript(request, reply, context.formAction ?? [])
  const form = passkeyForm(request, {
    ceremony: 'get',
    options: await context.core.identity.passkeys.authenticationOptions({
      tenantId: user.tenantId,
      userId: user.id,
    }),
    submit: t(request, 'passkey.useInstead'),
    secondary: true,
    action: context.action,
    fields: ticketField(context, 'verify', user),
  })
  return { form, script }
}

async function verifyPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: MfaStepContext,
  user: User,
  errors: readonly FieldError[] = [],
) {
  const passkey = await passkeyStepForm(request, reply, context, user)
  return renderFormPage(reply, {
    title: t(request, 'mfa.verify.title'),
    errors,
    ...(passkey?.script && { script: passkey.script }),
    body: html`${paragraph(t(request, 'mfa.verify.intro'))}
${postForm(request, {
  action: context.action,
  submit: t(request, 'mfa.verify.submit'),
  fields: [ticketField(context, 'verify', user), codeField(request, errors)],
})}
${passkey?.form ?? ''}`,
  })
}

/** The secret as its `otpauth://` URI and as text, for an app that scans or one that is typed into. */
export function enrolmentBlock(request: FastifyRequest, enrolment: TotpEnrolment): SafeHtml {
  return html`<div class="qr" role="img" aria-label="${t(request, 'mfa.enrol.qr')}">${qrCodeSvg(enrolment.uri)}</div>
<p>${t(request, 'mfa.enrol.uri')}</p>
<p><a class="link" id="totp-uri" href="${enrolment.uri}">${enrolment.uri}</a></p>
<p>${t(request, 'mfa.enrol.secret')}</p>
<p><code id="totp-secret">${enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code></p>`
}

export function enrolPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: MfaStepContext,
  user: User,
  enrolment: TotpEnrolment,
  errors: readonly FieldError[] = [],
  required = true,
) {
  return renderFormPage(reply, {
    title: t(request, 'mfa.enrol.title'),
    errors,
    body: html`${paragraph(t(request, required ? 'mfa.enrol.required' : 'mfa.enrol.intro'))}
${enrolmentBlock(request, enrolment)}
${postForm(request, {
  action: context.action,
  submit: t(request, 'mfa.enrol.submit'),
  fields: [ticketField(context, 'enrol', user), codeField(request, errors, '')],
})}`,
  })
}

/** The recovery codes, shown once; the form after them finishes what the user was doing. */
export function recoveryCodesPage(
  request: FastifyRequest,
  reply: FastifyReply,
  codes: readonly string[],
  form: SafeHtml,
) {
  return renderPage(reply, {
    title: t(request, 'mfa.codes.title'),
    body: html`${paragraph(t(request, 'mfa.codes.intro'))}
<ul id="recovery-codes">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
${form}`,
  })
}

function expiredPage(request: FastifyRequest, reply: FastifyReply) {
  return renderPage(reply, {
    status: 400,
    title: t(request, 'mfa.expired.title'),
    body: paragraph(t(request, 'mfa.expired.body')),
  })
}

const codeProblem = (request: FastifyRequest): FieldError[] => [
  { field: 'code', message: t(request, 'mfa.problem.code') },
]

/** After a correct password: the step the user's factors and coop ask for, or done. */
export async function beginSecondStep(
  context: MfaStepContext,
  request: FastifyRequest,
  reply: FastifyReply,
  { user, step }: { user: User; step: SecondStep },
): Promise<StepOutcome> {
  if (step === 'none') return { done: user }
  if (step === 'verify') return { shown: await verifyPage(request, reply, context, user) }
  const enrolment = await context.core.identity.mfa.startTotp(user)
  return { shown: enrolPage(request, reply, context, user, enrolment) }
}

/** Whether the form is a second-step form (it carries a ticket) rather than a password form. */
export const isSecondStepForm = (form: Readonly<Record<string, string | undefined>>): boolean =>
  form[TICKET_FIELD] !== undefined

/** A second-step form: checks its ticket and code, and shows the next step or gives the user. */
export async function continueSecondStep(
  context: MfaStepContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: Readonly<Record<string, string | undefined>>,
): Promise<StepOutcome> {
  const { core } = context
  const ticket = readTicket(context.key, form[TICKET_FIELD], context.binding, core.clock.now())
  const user = ticket && (await core.identity.users.find(ticket.userId))
  if (ticket === undefined || user === undefined || !canSignIn(user))
    return { shown: expiredPage(request, reply) }
  if (ticket.stage === 'done') return { done: user }
  // A passkey's answer (JSON) is checked by the passkey factor; a typed code is short.
  const code = form[PASSKEY_RESPONSE_FIELD] ?? (form.code ?? '').slice(0, CODE_MAX_CHARS)
  try {
    if (ticket.stage === 'verify') {
      await core.identity.mfa.verify(clientOf(request), user, code, context.surface)
      return { done: user }
    }
    const codes = await core.identity.mfa.confirmTotp(clientOf(request), user, code, context.surface)
    const next = postForm(request, {
      action: context.action,
      submit: t(request, 'mfa.codes.continue'),
      fields: ticketField(context, 'done', user),
    })
    return { shown: recoveryCodesPage(request, reply, codes, next) }
  } catch (error) {
    if (!isAppError(error) || error.code !== 'invalid_mfa_code') throw error
    if (ticket.stage === 'verify')
      return { shown: await verifyPage(request, reply, context, user, codeProblem(request)) }
    const enrolment = await core.identity.mfa.pendingTotp(user)
    if (enrolment === undefined) return { shown: expiredPage(request, reply) }
    return { shown: enrolPage(request, reply, context, user, enrolment, codeProblem(request)) }
  }
}
