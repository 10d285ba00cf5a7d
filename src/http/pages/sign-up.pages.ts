import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { operatorPasswordRule } from '../../core/password/password-rules.ts'
import { isValidTenantIdentifier, type Tenant } from '../../core/tenant/tenant.ts'
import { isValidEmail, type User } from '../../core/user/user.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { formBodyOf } from './form-body.ts'
import { type FieldError, inputField, linkTo, paragraph, postForm } from './forms.ts'
import { html } from './html.ts'
import { renderFormPage, renderPage } from './layout.ts'
import { languageOf, t, verifyCsrf } from './page-context.ts'
import { pageNotFoundHandler } from './page-errors.ts'
import type { PagesSettings } from './pages.api.ts'
import { passwordProblems } from './password.pages.ts'

const NAME_MAX = 100

interface SignUpForm {
  readonly givenName: string
  readonly familyName: string
  readonly email: string
}

/** The coop a sign-up page is for: `?coop=`, else the default one. */
async function coopOf(core: Core, request: FastifyRequest): Promise<Tenant | undefined> {
  const { coop } = request.query as { coop?: unknown }
  if (coop === undefined) return core.tenants.tenants.defaultTenant()
  if (typeof coop !== 'string' || !isValidTenantIdentifier(coop)) return undefined
  return core.tenants.tenants.findByIdentifier(coop)
}

function signUpClosed(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return renderPage(reply, {
    status: 403,
    title: t(request, 'signUp.closed.title'),
    body: paragraph(t(request, 'signUp.closed.body')),
  })
}

function signUpPage(
  settings: PagesSettings,
  request: FastifyRequest,
  reply: FastifyReply,
  coop: Tenant,
  form: SignUpForm,
  errors: readonly FieldError[] = [],
): FastifyReply {
  const optional = t(request, 'field.optional')
  return renderFormPage(reply, {
    title: t(request, 'signUp.title'),
    errors,
    body: html`${paragraph(t(request, 'signUp.intro', { coop: coop.name || coop.identifier }))}
${postForm(request, {
  submit: t(request, 'signUp.submit'),
  fields: [
    inputField({
      name: 'givenName',
      label: t(request, 'field.givenName'),
      labelSuffix: optional,
      autocomplete: 'given-name',
      value: form.givenName,
      errors,
      maxLength: NAME_MAX,
    }),
    inputField({
      name: 'familyName',
      label: t(request, 'field.familyName'),
      labelSuffix: optional,
      autocomplete: 'family-name',
      value: form.familyName,
      errors,
      maxLength: NAME_MAX,
    }),
    inputField({
      name: 'email',
      type: 'email',
      label: t(request, 'field.email'),
      autocomplete: 'email',
      value: form.email,
      errors,
      required: true,
    }),
    inputField({
      name: 'password',
      type: 'password',
      label: t(request, 'field.password'),
      hint: t(request, 'hint.password'),
      autocomplete: 'new-password',
      errors,
      required: true,
    }),
  ],
})}
<div class="links"><p>${linkTo(`${settings.prefix}/forgot-password`, t(request, 'link.forgot'))}</p></div>`,
  })
}

function signUpProblems(request: FastifyRequest, form: SignUpForm, password: string): FieldError[] {
  const errors: FieldError[] = []
  for (const name of ['givenName', 'familyName'] as const) {
    if (form[name].length > NAME_MAX)
      errors.push({ field: name, message: t(request, 'problem.name.tooLong') })
  }
  if (!isValidEmail(form.email)) {
    errors.push({ field: 'email', message: t(request, 'problem.email.invalid') })
  }
  return [...errors, ...passwordProblems(request, 'password', password)]
}

/** Sign-up into the default coop or the one `?coop=` names. */
export function signUpPages(app: FastifyInstance, core: Core, settings: PagesSettings): void {
  app.get('/sign-up', async (request, reply) => {
    const coop = await coopOf(core, request)
    if (coop === undefined) return pageNotFoundHandler(request, reply)
    if (coop.disableSignUp) return signUpClosed(request, reply)
    return signUpPage(settings, request, reply, coop, { givenName: '', familyName: '', email: '' })
  })

  app.post('/sign-up', async (request, reply) => {
    verifyCsrf(request)
    const coop = await coopOf(core, request)
    if (coop === undefined) return pageNotFoundHandler(request, reply)
    if (coop.disableSignUp) return signUpClosed(request, reply)
    const body = formBodyOf(request.body)
    const form = {
      givenName: (body.givenName ?? '').trim(),
      familyName: (body.familyName ?? '').trim(),
      email: (body.email ?? '').trim(),
    }
    const password = body.password ?? ''
    const errors = signUpProblems(request, form, password)
    if (errors.length > 0) return signUpPage(settings, request, reply, coop, form, errors)
    let user: User
    try {
      user = await core.identity.signUp.withEmail(
        { client: clientOf(request) },
        {
          coopIdentifier: coop.identifier,
          ...form,
          password,
          passwordRule: operatorPasswordRule,
          confirmEmail: settings.mailConfirmation,
          language: languageOf(request),
        },
      )
    } catch (error) {
      if (!isAppError(error)) throw error
      if (error.code === 'sign_up_disabled') return signUpClosed(request, reply)
      if (error.code === 'email_taken') {
        const taken = [{ field: 'email', message: t(request, 'problem.email.taken') }]
        return signUpPage(settings, request, reply, coop, form, taken)
      }
      const breached =
        error.code === 'validation_failed' && error.details.problems?.some((p) => p.field === 'password')
      if (!breached) throw error
      const message = t(request, 'problem.password.breached')
      return signUpPage(settings, request, reply, coop, form, [{ field: 'password', message }])
    }
    // The coop may ask for a confirmed address even when the pages do not (its confirm_email).
    const done = user.enabled ? 'signUp.ready' : 'signUp.sent'
    return renderPage(reply, {
      title: t(request, `${done}.title`),
      body: paragraph(t(request, `${done}.body`, { email: form.email })),
    })
  })
}
