import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError, isAppError } from '../../core/errors.ts'
import { can } from '../../core/role/role.ts'
import { isKycProvider, kycProviders } from '../../core/tenant/tenant.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { errorSummary, type FieldError, inputField } from '../pages/forms.ts'
import { html, type SafeHtml } from '../pages/html.ts'
import { csrfField, t, verifyCsrf } from '../pages/page-context.ts'
import { parseJsonText } from '../shared/body-parsers.ts'
import { consoleLockoutForm } from './console.coop-lockout.pages.ts'
import { consoleAction } from './console-action.ts'
import { doneNotice } from './console-done.ts'
import { actionForm, CONSOLE_PREFIX, renderConsolePage } from './console-layout.ts'
import { adminOf } from './console-session.ts'

const BASE = `${CONSOLE_PREFIX}/coop`

/** The settings a PUT /coop changes, as the console's form sends them back. */
interface SettingsInput {
  readonly name: string
  readonly hostname: string
  readonly config: string
  readonly kycProvider: string
  readonly needUserVerification: boolean
}

/** Changing the coop takes PWA_COOP, as AMPnet's `PUT /coop`: an ADMIN and a PLATFORM_MANAGER. */
function assertMayChangeCoop(request: FastifyRequest): void {
  if (!can(adminOf(request).user.role, 'PWA_COOP')) throw new AppError('forbidden')
}

/** The problems of a refused change, as the form shows them (the core's words, in English). */
export function fieldErrorsOf(error: unknown): FieldError[] | undefined {
  if (!isAppError(error) || error.code !== 'validation_failed') return undefined
  return (error.details.problems ?? []).map(({ field, problem }) => ({
    field,
    message: `${field} ${problem}`,
  }))
}

function settingsForm(
  request: FastifyRequest,
  input: SettingsInput,
  errors: readonly FieldError[],
): SafeHtml {
  const configError = errors.find((error) => error.field === 'config')
  return html`<h2>${t(request, 'console.coop.settings')}</h2>
<form method="post" action="${BASE}/settings" class="settings-form" novalidate>
${csrfField(request)}
${inputField({ name: 'name', label: t(request, 'console.col.name'), value: input.name, errors, required: true, maxLength: 128 })}
${inputField({ name: 'hostname', label: t(request, 'console.coop.hostname'), labelSuffix: t(request, 'field.optional'), hint: t(request, 'console.coop.hostnameHint'), value: input.hostname, errors, maxLength: 512 })}
<div class="field${configError ? ' field-error' : ''}">
<label for="config">${t(request, 'console.coop.config')}</label>
<p class="hint" id="config-hint">${t(request, 'console.coop.configHint')}</p>
${configError ? html`<p class="error" id="config-error">${configError.message}</p>` : ''}
<textarea id="config" name="config" rows="8" spellcheck="false" aria-describedby="config-hint${configError ? ' config-error' : ''}">${input.config}</textarea>
</div>
<div class="field">
<label for="kycProvider">${t(request, 'console.coop.kycProvider')}</label>
<select id="kycProvider" name="kycProvider">
${kycProviders.map((provider) => html`<option value="${provider}"${provider === input.kycProvider ? html` selected` : ''}>${provider}</option>`)}
</select>
</div>
<div class="field"><label class="check"><input type="checkbox" name="needUserVerification" value="on"${input.needUserVerification ? html` checked` : ''}> ${t(request, 'console.coop.needUserVerification')}</label></div>
<div class="actions"><button type="submit" class="button">${t(request, 'console.coop.save')}</button></div>
</form>`
}

function logoForm(request: FastifyRequest, errors: readonly FieldError[]): SafeHtml {
  const error = errors.find((each) => each.field === 'logo')
  return html`<h2>${t(request, 'console.coop.logo')}</h2>
<form method="post" action="${BASE}/logo" enctype="multipart/form-data" class="settings-form" novalidate>
${csrfField(request)}
<div class="field${error ? ' field-error' : ''}">
<label for="logo">${t(request, 'console.coop.logoFile')}</label>
<p class="hint" id="logo-hint">${t(request, 'console.coop.logoHint')}</p>
${error ? html`<p class="error" id="logo-error">${error.message}</p>` : ''}
<input type="file" id="logo" name="logo" accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby="logo-hint${error ? ' logo-error' : ''}">
</div>
<div class="actions"><button type="submit" class="button">${t(request, 'console.coop.logoSubmit')}</button></div>
</form>`
}

/** The coop page: its facts, and the forms its administrators may use. */
export async function coopPage(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  refused:
    | { status: number; errors: readonly FieldError[]; settings?: SettingsInput; lockout?: SafeHtml }
    | undefined = undefined,
): Promise<FastifyReply> {
  const admin = adminOf(request)
  const coop = (await core.tenants.coops.find(admin.coop.id)) ?? {
    tenant: admin.coop,
    logo: undefined,
    banner: undefined,
  }
  const { tenant } = coop
  const open = !tenant.disableSignUp
  const mayChange = can(admin.user.role, 'PWA_COOP')
  const errors = refused?.errors ?? []
  const settings: SettingsInput = refused?.settings ?? {
    name: tenant.name,
    hostname: tenant.hostname ?? '',
    config: tenant.config === undefined ? '' : JSON.stringify(JSON.parse(tenant.config), null, 2),
    kycProvider: tenant.kycProvider,
    needUserVerification: tenant.needUserVerification,
  }
  return renderConsolePage(reply, admin, {
    section: 'coop',
    status: refused?.status ?? 200,
    title: t(request, 'console.coop.title'),
    body: html`${doneNotice(request)}${errorSummary(request, errors)}
<dl class="facts">
<dt>${t(request, 'console.coop.identifier')}</dt><dd><code>${tenant.identifier}</code></dd>
<dt>${t(request, 'console.col.name')}</dt><dd>${tenant.name}</dd>
<dt>${t(request, 'console.coop.signUp')}</dt><dd>${t(request, open ? 'console.coop.signUpOpen' : 'console.coop.signUpClosed')}</dd>
<dt>${t(request, 'console.coop.logo')}</dt><dd>${coop.logo === undefined ? '—' : coop.logo.filename}</dd>
</dl>
${
  mayChange
    ? html`${actionForm(
        request,
        `${BASE}/sign-up?open=${open ? 'false' : 'true'}`,
        t(request, open ? 'console.coop.closeSignUp' : 'console.coop.openSignUp'),
      )}
${settingsForm(request, settings, errors)}
${logoForm(request, errors)}`
    : ''
}
${refused?.lockout ?? (await consoleLockoutForm(core, request, []))}`,
  })
}

/**
 * The coop's settings, through `core.tenants.coops.update` (the same validation and `coop.updated` audit
 * as AMPnet's `PUT /coop`), and its logo, checked as `PUT /coop` checks it.
 */
export function consoleCoopPages(app: FastifyInstance, core: Core): void {
  app.get('/coop', (request, reply) => coopPage(core, request, reply))

  consoleAction(app, '/coop/sign-up', async (request, admin) => {
    assertMayChangeCoop(request)
    const { open } = request.query as Record<string, unknown>
    if (open !== 'true' && open !== 'false') throw new AppError('validation_failed')
    await core.tenants.coops.update(admin.coop.id, { disableSignUp: open === 'false' }, {}, admin.user.id)
    return `${BASE}?done=${open === 'true' ? 'signUpOpened' : 'signUpClosed'}`
  })

  app.post('/coop/settings', async (request, reply) => {
    verifyCsrf(request)
    const admin = adminOf(request)
    assertMayChangeCoop(request)
    const form = formBodyOf(request.body)
    const input: SettingsInput = {
      name: (form.name ?? '').trim(),
      hostname: (form.hostname ?? '').trim(),
      config: form.config ?? '',
      kycProvider: form.kycProvider ?? '',
      needUserVerification: form.needUserVerification === 'on',
    }
    const refuse = (errors: FieldError[]) =>
      coopPage(core, request, reply, { status: 400, errors, settings: input })
    const errors: FieldError[] = []
    if (input.name === '') errors.push({ field: 'name', message: t(request, 'console.coop.nameMissing') })
    if (!isKycProvider(input.kycProvider))
      errors.push({ field: 'kycProvider', message: t(request, 'console.coop.kycMissing') })
    let config: unknown
    if (input.config.trim() !== '') {
      try {
        config = parseJsonText(input.config)
      } catch {
        errors.push({ field: 'config', message: t(request, 'console.coop.configInvalid') })
      }
    }
    if (errors.length > 0) return refuse(errors)
    try {
      await core.tenants.coops.update(
        admin.coop.id,
        {
          name: input.name,
          hostname: input.hostname === '' ? undefined : input.hostname,
          config,
          kycProvider: isKycProvider(input.kycProvider) ? input.kycProvider : undefined,
          needUserVerification: input.needUserVerification,
        },
        {},
        admin.user.id,
      )
    } catch (error) {
      const problems = fieldErrorsOf(error)
      if (problems === undefined) throw error
      return refuse(problems)
    }
    return reply.redirect(`${BASE}?done=coopSaved`, 303)
  })
}
