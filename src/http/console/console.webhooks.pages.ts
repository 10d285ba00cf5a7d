import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { auditEventTypes } from '../../core/audit/audit.ts'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import type { WebhookEndpoint } from '../../core/webhook/webhook.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { errorSummary, type FieldError, inputField } from '../pages/forms.ts'
import { html, type SafeHtml } from '../pages/html.ts'
import { csrfField, t, verifyCsrf } from '../pages/page-context.ts'
import { consoleAction } from './console-action.ts'
import { doneNotice } from './console-done.ts'
import { ConsoleNotFound } from './console-errors.ts'
import {
  actionForm,
  actionsHeading,
  CONSOLE_PREFIX,
  dataTable,
  renderConsolePage,
  timeText,
} from './console-layout.ts'
import { adminOf, type ConsoleAdmin, changingAdminOf } from './console-session.ts'

export const WEBHOOKS_PATH = `${CONSOLE_PREFIX}/webhooks`

/** The endpoint of the path, if it is one of the admin's coop; else 404 (another coop's too). */
export async function endpointOf(core: Core, request: FastifyRequest): Promise<WebhookEndpoint> {
  const { id } = request.params as { id?: string }
  const admin = adminOf(request)
  const endpoint =
    id !== undefined && isUuid(id)
      ? (await core.ops.webhooks.list(admin.coop.id)).find((each) => each.id === id.toLowerCase())
      : undefined
  if (endpoint === undefined) throw new ConsoleNotFound('no such webhook endpoint')
  return endpoint
}

function problemsOf(error: unknown): FieldError[] | undefined {
  if (!isAppError(error) || error.code !== 'validation_failed') return undefined
  return (error.details.problems ?? []).map(({ field, problem }) => ({
    field: field === 'eventTypes' ? 'events' : field,
    message: `${field === 'eventTypes' ? 'Event types' : 'URL'} ${problem}`,
  }))
}

function endpointRows(request: FastifyRequest, admin: ConsoleAdmin, endpoints: readonly WebhookEndpoint[]) {
  return endpoints.map((endpoint) => {
    const base = `${WEBHOOKS_PATH}/${endpoint.id}`
    const actions = admin.canChange
      ? html`${actionForm(
          request,
          `${base}/${endpoint.enabled ? 'disable' : 'enable'}`,
          t(request, endpoint.enabled ? 'console.webhooks.disable' : 'console.webhooks.enable'),
          {
            secondary: true,
            ariaLabel: `${t(request, endpoint.enabled ? 'console.webhooks.disable' : 'console.webhooks.enable')} ${endpoint.url}`,
          },
        )}${actionForm(request, `${base}/remove`, t(request, 'console.webhooks.remove'), {
          secondary: true,
          ariaLabel: `${t(request, 'console.webhooks.remove')} ${endpoint.url}`,
        })}`
      : ''
    return html`<tr><td><a href="${base}">${endpoint.url}</a></td>
<td>${endpoint.eventTypes === undefined ? t(request, 'console.webhooks.allEvents') : endpoint.eventTypes.join(', ')}</td>
<td>${t(request, endpoint.enabled ? 'console.webhooks.enabled' : 'console.webhooks.disabled')}</td>
<td>${timeText(endpoint.createdAt)}</td><td>${actions}</td></tr>`
  })
}

function addForm(
  request: FastifyRequest,
  input: { url?: string; events?: ReadonlySet<string>; errors?: readonly FieldError[] },
) {
  const chosen = input.events ?? new Set<string>()
  return html`<h2>${t(request, 'console.webhooks.add')}</h2>
<form method="post" action="${WEBHOOKS_PATH}" novalidate>
${csrfField(request)}
${inputField({ name: 'url', label: t(request, 'console.webhooks.url'), hint: t(request, 'console.webhooks.urlHint'), value: input.url ?? '', errors: input.errors ?? [], required: true, maxLength: 2048 })}
<fieldset id="events"><legend>${t(request, 'console.webhooks.events')}</legend>
<p class="hint">${t(request, 'console.webhooks.eventsHint')}</p>
<div class="checks">${auditEventTypes.map(
    (type) =>
      html`<label class="check"><input type="checkbox" name="event.${type}" value="on"${chosen.has(type) ? html` checked` : ''}> <code>${type}</code></label>`,
  )}</div>
</fieldset>
<div class="actions"><button type="submit" class="button">${t(request, 'console.webhooks.addSubmit')}</button></div>
</form>`
}

async function listPage(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { status?: number; before?: SafeHtml; form?: SafeHtml } = {},
) {
  const admin = adminOf(request)
  const endpoints = await core.ops.webhooks.list(admin.coop.id)
  return renderConsolePage(reply, admin, {
    section: 'webhooks',
    status: extra.status ?? 200,
    title: t(request, 'console.webhooks.title'),
    body: html`${doneNotice(request)}${extra.before ?? ''}
<p>${t(request, 'console.webhooks.intro')}</p>
${dataTable({
  headings: [
    t(request, 'console.webhooks.url'),
    t(request, 'console.webhooks.events'),
    t(request, 'console.col.status'),
    t(request, 'console.col.created'),
    actionsHeading(request),
  ],
  rows: endpointRows(request, admin, endpoints),
  none: t(request, 'console.webhooks.none'),
})}
${admin.canChange ? (extra.form ?? addForm(request, {})) : html`<p class="muted">${t(request, 'console.webhooks.readOnly')}</p>`}`,
  })
}

/**
 * The coop's webhook endpoints, through `core.ops.webhooks`. Only the coop's ADMIN changes endpoints
 * (they receive the coop's events); a PLATFORM_MANAGER views.
 */
export function consoleWebhookPages(app: FastifyInstance, core: Core): void {
  app.get('/webhooks', (request, reply) => listPage(core, request, reply))

  // The answer to the add itself shows the secret: it is never stored readable, so it cannot be
  // shown later. No redirect for that reason; the page is not cached (the kit's no-store).
  app.post('/webhooks', async (request, reply) => {
    verifyCsrf(request)
    const admin = changingAdminOf(request)
    const form = formBodyOf(request.body)
    const url = (form.url ?? '').trim().slice(0, 2048)
    const events = new Set(auditEventTypes.filter((type) => form[`event.${type}`] === 'on'))
    try {
      const { endpoint, secret } = await core.ops.webhooks.add({
        tenantId: admin.coop.id,
        url,
        eventTypes: [...events],
        actorUserId: admin.user.id,
      })
      reply.header('cache-control', 'no-store')
      return await listPage(core, request, reply, {
        status: 201,
        before: html`<div class="notice" role="status"><p>${t(request, 'console.webhooks.added', { url: endpoint.url })}</p>
<p>${t(request, 'console.webhooks.secretOnce')}</p>
<p><code class="secret">${secret}</code></p></div>`,
      })
    } catch (error) {
      const errors = problemsOf(error)
      if (errors === undefined) throw error
      return listPage(core, request, reply, {
        status: 400,
        before: errorSummary(request, errors),
        form: addForm(request, { url, events, errors }),
      })
    }
  })

  const endpointAction = (
    path: string,
    done: string,
    act: (admin: ConsoleAdmin, endpoint: WebhookEndpoint) => Promise<void>,
  ) =>
    consoleAction(
      app,
      `/webhooks/:id/${path}`,
      async (request, admin) => {
        await act(admin, await endpointOf(core, request))
        return `${WEBHOOKS_PATH}?done=${done}`
      },
      changingAdminOf,
    )
  endpointAction('disable', 'webhookDisabled', (admin, endpoint) =>
    core.ops.webhooks.setEnabled(admin.coop.id, endpoint.id, false, admin.user.id),
  )
  endpointAction('enable', 'webhookEnabled', (admin, endpoint) =>
    core.ops.webhooks.setEnabled(admin.coop.id, endpoint.id, true, admin.user.id),
  )
  endpointAction('remove', 'webhookRemoved', (admin, endpoint) =>
    core.ops.webhooks.remove(admin.coop.id, endpoint.id, admin.user.id),
  )
}
