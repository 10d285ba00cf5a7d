import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { operatorPasswordRule } from '../../core/password/password-rules.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import { isValidEmail } from '../../core/user/user.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { formBodyOf } from './form-body.ts'
import { type FieldError, hiddenField, inputField, linkTo, paragraph, postForm } from './forms.ts'
import { html } from './html.ts'
import { renderFormPage, renderPage } from './layout.ts'
import { t, verifyCsrf } from './page-context.ts'
import type { PagesSettings } from './pages.api.ts'

/**
 * The pages' password rule: every surface's at once (8 to 64 characters with an upper-case letter,
 * a lower-case letter and a digit), so that the password works wherever the person signs in.
 */
export function passwordProblems(request: FastifyRequest, field: string, password: string): FieldError[] {
  return operatorPasswordRule.check(password) === undefined
    ? []
    : [{ field, message: t(request, 'problem.password.rule') }]
}

/** The coop `?coop=` names, as the forgot-password core operation takes it. */
function coopParam(request: FastifyRequest): string | undefined {
  const { coop } = request.query as { coop?: unknown }
  return typeof coop === 'string' ? coop : undefined
}

/** Forgot password (a mailed link) and reset password (where the link lands). */
export function passwordPages(app: FastifyInstance, core: Core, settings: PagesSettings): void {
  function forgotPage(
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    errors: FieldError[] = [],
  ) {
    return renderFormPage(reply, {
      title: t(request, 'forgot.title'),
      errors,
      body: html`${paragraph(t(request, 'forgot.intro'))}
${postForm(request, {
  submit: t(request, 'forgot.submit'),
  fields: inputField({
    name: 'email',
    type: 'email',
    label: t(request, 'field.email'),
    autocomplete: 'email',
    value: email,
    errors,
    required: true,
  }),
})}
<div class="links"><p>${linkTo(`${settings.prefix}/sign-up`, t(request, 'link.signUp'))}</p></div>`,
    })
  }

  function resetPage(request: FastifyRequest, reply: FastifyReply, token: string, errors: FieldError[] = []) {
    return renderFormPage(reply, {
      title: t(request, 'reset.title'),
      errors,
      body: html`${postForm(request, {
        submit: t(request, 'reset.submit'),
        fields: [
          hiddenField('token', token),
          inputField({
            name: 'newPassword',
            type: 'password',
            label: t(request, 'field.newPassword'),
            hint: t(request, 'hint.password'),
            autocomplete: 'new-password',
            errors,
            required: true,
          }),
        ],
      })}`,
    })
  }

  function resetFailed(
    request: FastifyRequest,
    reply: FastifyReply,
    body: 'reset.invalid.body' | 'reset.expired.body',
  ) {
    return renderPage(reply, {
      status: 400,
      title: t(request, 'reset.invalid.title'),
      body: html`${paragraph(t(request, body))}
<p>${linkTo(`${settings.prefix}/forgot-password`, t(request, 'reset.again'))}</p>`,
    })
  }

  app.get('/forgot-password', async (request, reply) => forgotPage(request, reply, ''))

  // The same answer whether or not an account uses the address, or signs in through Google.
  app.post('/forgot-password', async (request, reply) => {
    verifyCsrf(request)
    const email = (formBodyOf(request.body).email ?? '').trim()
    if (!isValidEmail(email)) {
      return forgotPage(request, reply, email, [
        { field: 'email', message: t(request, 'problem.email.invalid') },
      ])
    }
    const coop = coopParam(request)
    try {
      await core.identity.passwordReset.requestInNamedTenant(clientOf(request), coop, email)
    } catch (error) {
      if (!isAppError(error) || error.code !== 'password_not_used') throw error
    }
    return renderPage(reply, {
      title: t(request, 'forgot.sent.title'),
      body: paragraph(t(request, 'forgot.sent.body', { email })),
    })
  })

  app.get('/reset-password', async (request, reply) => {
    const { token } = request.query as { token?: unknown }
    if (typeof token !== 'string' || !isUuid(token)) return resetFailed(request, reply, 'reset.invalid.body')
    return resetPage(request, reply, token)
  })

  app.post('/reset-password', async (request, reply) => {
    verifyCsrf(request)
    const body = formBodyOf(request.body)
    const token = body.token ?? ''
    if (!isUuid(token)) return resetFailed(request, reply, 'reset.invalid.body')
    const newPassword = body.newPassword ?? ''
    const errors = passwordProblems(request, 'newPassword', newPassword)
    if (errors.length > 0) return resetPage(request, reply, token, errors)
    try {
      await core.identity.passwordReset.reset(clientOf(request), token, newPassword, operatorPasswordRule)
    } catch (error) {
      if (!isAppError(error)) throw error
      if (error.code === 'reset_token_not_found') return resetFailed(request, reply, 'reset.invalid.body')
      if (error.code === 'reset_token_expired') return resetFailed(request, reply, 'reset.expired.body')
      if (error.code !== 'validation_failed') throw error
      return resetPage(request, reply, token, [
        { field: 'newPassword', message: t(request, 'problem.password.breached') },
      ])
    }
    return renderPage(reply, {
      title: t(request, 'reset.done.title'),
      body: paragraph(t(request, 'reset.done.body')),
    })
  })
}
