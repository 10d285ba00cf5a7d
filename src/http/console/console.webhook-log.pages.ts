import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import type { WebhookDelivery, WebhookEndpoint } from '../../core/webhook/webhook.ts'
import { html } from '../pages/html.ts'
import { t } from '../pages/page-context.ts'
import { endpointOf, WEBHOOKS_PATH } from './console.webhooks.pages.ts'
import { consoleAction } from './console-action.ts'
import { doneNotice } from './console-done.ts'
import { ConsoleNotFound } from './console-errors.ts'
import {
  actionForm,
  actionsHeading,
  pagedTable,
  pageRequestOf,
  renderConsolePage,
  timeText,
} from './console-layout.ts'
import { adminOf, type ConsoleAdmin, changingAdminOf } from './console-session.ts'

function deliveryRow(
  request: FastifyRequest,
  admin: ConsoleAdmin,
  endpoint: WebhookEndpoint,
  delivery: WebhookDelivery,
) {
  const retry =
    admin.canChange && delivery.state === 'failed'
      ? actionForm(
          request,
          `${WEBHOOKS_PATH}/${endpoint.id}/deliveries/${delivery.eventId}/retry`,
          t(request, 'console.webhooks.retry'),
          {
            secondary: true,
            ariaLabel: t(request, 'console.webhooks.retryLabel', { id: delivery.eventId.slice(0, 8) }),
          },
        )
      : ''
  return html`<tr><td>${timeText(delivery.createdAt)}</td><td><code>${delivery.eventType}</code></td>
<td><code>${delivery.eventId.slice(0, 8)}</code></td>
<td>${t(request, `console.webhooks.state.${delivery.state}`)}</td><td>${delivery.attempts}</td>
<td>${delivery.lastStatus ?? '—'}</td><td>${delivery.lastError ?? '—'}</td>
<td>${timeText(delivery.nextAttemptAt)}</td><td>${retry}</td></tr>`
}

/**
 * A webhook endpoint's delivery log, through `core.ops.webhooks`: the coop's ADMIN retries a failed
 * delivery; a PLATFORM_MANAGER views.
 */
export function consoleWebhookLogPages(app: FastifyInstance, core: Core): void {
  app.get('/webhooks/:id', async (request, reply) => {
    const admin = adminOf(request)
    const endpoint = await endpointOf(core, request)
    const log = await core.ops.webhooks.deliveries(admin.coop.id, {
      endpointId: endpoint.id,
      ...pageRequestOf(request),
    })
    const rows = log.deliveries.map((delivery) => deliveryRow(request, admin, endpoint, delivery))
    return renderConsolePage(reply, admin, {
      section: 'webhooks',
      title: t(request, 'console.webhooks.log', { url: endpoint.url }),
      body: html`${doneNotice(request)}
<p><a href="${WEBHOOKS_PATH}">${t(request, 'console.webhooks.back')}</a></p>
<dl class="facts">
<dt>${t(request, 'console.user.id')}</dt><dd><code>${endpoint.id}</code></dd>
<dt>${t(request, 'console.col.status')}</dt><dd>${t(request, endpoint.enabled ? 'console.webhooks.enabled' : 'console.webhooks.disabled')}</dd>
<dt>${t(request, 'console.webhooks.events')}</dt><dd>${endpoint.eventTypes === undefined ? t(request, 'console.webhooks.allEvents') : endpoint.eventTypes.join(', ')}</dd>
</dl>
${pagedTable(request, {
  headings: [
    t(request, 'console.col.time'),
    t(request, 'console.col.event'),
    'Id',
    t(request, 'console.col.status'),
    t(request, 'console.webhooks.attempts'),
    'HTTP',
    t(request, 'console.webhooks.lastError'),
    t(request, 'console.webhooks.nextAttempt'),
    actionsHeading(request),
  ],
  rows,
  none: t(request, 'console.webhooks.noDeliveries'),
  pages: log.totalPages,
})}`,
    })
  })

  consoleAction(
    app,
    '/webhooks/:id/deliveries/:eventId/retry',
    async (request, admin) => {
      const endpoint = await endpointOf(core, request)
      const { eventId } = request.params as { eventId: string }
      if (!isUuid(eventId)) throw new ConsoleNotFound('no such delivery')
      try {
        await core.ops.webhooks.retryNow(
          admin.coop.id,
          { eventId: eventId.toLowerCase(), endpointId: endpoint.id },
          admin.user.id,
        )
      } catch (error) {
        // Not a failed delivery of this endpoint (delivered, pending, or none): nothing to retry.
        if (isAppError(error) && error.code === 'validation_failed')
          throw new ConsoleNotFound('no failed delivery')
        throw error
      }
      return `${WEBHOOKS_PATH}/${endpoint.id}?done=webhookRetried`
    },
    changingAdminOf,
  )
}
