import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { formBodyOf } from '../pages/form-body.ts'
import type { FieldError } from '../pages/forms.ts'
import { html, type SafeHtml } from '../pages/html.ts'
import { csrfField, t, verifyCsrf } from '../pages/page-context.ts'
import { coopPage, fieldErrorsOf } from './console.coop.pages.ts'
import { CONSOLE_PREFIX } from './console-layout.ts'
import { adminOf, changingAdminOf } from './console-session.ts'

const FIELDS = ['threshold', 'baseSeconds', 'maxSeconds'] as const
type Field = (typeof FIELDS)[number]

const labels: Readonly<
  Record<Field, 'console.lockout.threshold' | 'console.lockout.baseSeconds' | 'console.lockout.maxSeconds'>
> = {
  threshold: 'console.lockout.threshold',
  baseSeconds: 'console.lockout.baseSeconds',
  maxSeconds: 'console.lockout.maxSeconds',
}

/**
 * The coop's lockout: what applies now, the installation's defaults, and (for the ADMIN) a form
 * that may only make it stricter (`core.tenants.tenantLockouts.tighten`).
 */
export async function consoleLockoutForm(
  core: Core,
  request: FastifyRequest,
  errors: readonly FieldError[],
  values?: Readonly<Record<Field, string>>,
): Promise<SafeHtml> {
  const admin = adminOf(request)
  const policy = await core.tenants.tenantLockouts.policyOf(admin.coop.identifier)
  const { defaults } = core.tenants.tenantLockouts
  const field = (name: Field) => {
    const error = errors.find((each) => each.field === name)
    return html`<div class="field${error ? ' field-error' : ''}">
<label for="${name}">${t(request, labels[name])}</label>
<p class="hint" id="${name}-hint">${t(request, 'console.lockout.default', { value: defaults[name] })}</p>
${error ? html`<p class="error" id="${name}-error">${error.message}</p>` : ''}
<input type="number" id="${name}" name="${name}" min="1" step="1" required value="${values?.[name] ?? String(policy[name])}" aria-describedby="${name}-hint${error ? ` ${name}-error` : ''}">
</div>`
  }
  return html`<h2 id="lockout">${t(request, 'console.lockout.title')}</h2>
<p>${t(request, 'console.lockout.now', { threshold: policy.threshold, window: policy.windowSeconds, base: policy.baseSeconds, max: policy.maxSeconds })}</p>
${
  admin.canChange
    ? html`<form method="post" action="${CONSOLE_PREFIX}/coop/lockout" class="settings-form" novalidate>
${csrfField(request)}
<p class="hint">${t(request, 'console.lockout.hint')}</p>
${FIELDS.map(field)}
<div class="actions"><button type="submit" class="button">${t(request, 'console.lockout.save')}</button></div>
</form>`
    : ''
}`
}

/** POST /coop/lockout: the coop's ADMIN only (a security policy, not one of PUT /coop's settings). */
export function consoleLockoutAction(app: FastifyInstance, core: Core): void {
  app.post('/coop/lockout', async (request, reply) => {
    verifyCsrf(request)
    const admin = changingAdminOf(request)
    const form = formBodyOf(request.body)
    const values = Object.fromEntries(FIELDS.map((name) => [name, (form[name] ?? '').trim()])) as Record<
      Field,
      string
    >
    const number = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : Number.NaN)
    try {
      await core.tenants.tenantLockouts.tighten(
        admin.coop,
        {
          threshold: number(values.threshold),
          baseSeconds: number(values.baseSeconds),
          maxSeconds: number(values.maxSeconds),
        },
        admin.user.id,
      )
    } catch (error) {
      const errors = fieldErrorsOf(error)
      if (errors === undefined) throw error
      const refusal = errors.map((each) => ({
        ...each,
        message: `${t(request, labels[each.field as Field] ?? 'console.lockout.title')}: ${each.message.slice(each.field.length + 1)}`,
      }))
      return coopPage(core, request, reply, {
        status: 400,
        errors: refusal,
        lockout: await consoleLockoutForm(core, request, refusal, values),
      })
    }
    return reply.redirect(`${CONSOLE_PREFIX}/coop?done=lockoutSaved`, 303)
  })
}
