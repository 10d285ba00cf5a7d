import type { FastifyInstance } from 'fastify'
import type { AuditEvent, AuditFilter } from '../../core/audit/audit.ts'
import { auditEventTypes } from '../../core/audit/audit.ts'
import type { Core } from '../../core/core.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import { html } from '../pages/html.ts'
import { t } from '../pages/page-context.ts'
import { CONSOLE_PREFIX, pagedTable, pageRequestOf, renderConsolePage, timeText } from './console-layout.ts'
import { adminOf } from './console-session.ts'

const PAGE_SIZE = 25
const DAY_MS = 86_400_000

/** A YYYY-MM-DD date as midnight UTC; undefined when empty; null when not a real date. */
function dateOf(value: string): Date | undefined | null {
  if (value === '') return undefined
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const date = new Date(`${value}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date
}

/** A user id, shortened, linking to the log filtered by it (the full id in its title). */
function userCell(id: string | undefined) {
  if (id === undefined) return html`—`
  // An erased user's pseudonym is shown whole: it is their only name left, and filtering takes only ids.
  if (!isUuid(id)) return html`<code>${id}</code>`
  return html`<a href="${CONSOLE_PREFIX}/audit?user=${id}" title="${id}"><code>${id.slice(0, 8)}</code></a>`
}

const textOf = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '')

function detailsText(event: AuditEvent): string {
  return Object.entries(event.details)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ')
}

/** The coop's audit log, newest first, filtered by type, user and dates (UTC), paged. */
export function consoleAuditPages(app: FastifyInstance, core: Core): void {
  app.get('/audit', async (request, reply) => {
    const admin = adminOf(request)
    const query = request.query as Record<string, unknown>
    const type = textOf(query.type)
    const user = textOf(query.user)
    const fromText = textOf(query.from)
    const toText = textOf(query.to)
    const from = dateOf(fromText)
    const to = dateOf(toText)
    const knownType = (auditEventTypes as readonly string[]).includes(type)
    const valid = from !== null && to !== null && (user === '' || isUuid(user)) && (type === '' || knownType)
    const filter: AuditFilter = {
      ...(knownType && { type }),
      ...(user !== '' && isUuid(user) && { userId: user.toLowerCase() }),
      ...(from && { from }),
      // The "to" day is inclusive: events before the next midnight.
      ...(to && { to: new Date(to.getTime() + DAY_MS) }),
    }
    const result = valid
      ? await core.ops.audit.page(admin.coop.id, pageRequestOf(request, PAGE_SIZE), filter)
      : { events: [], totalPages: 0 }
    const rows = result.events.map(
      (event) => html`<tr><td class="nowrap">${timeText(event.createdAt)}</td><td>${event.type}</td>
<td>${userCell(event.actorUserId)}</td><td>${userCell(event.subjectUserId)}</td>
<td>${event.ip ?? '—'}</td><td class="details">${detailsText(event)}</td></tr>`,
    )
    const options = auditEventTypes.map(
      (each) => html`<option value="${each}"${each === type ? html` selected` : ''}>${each}</option>`,
    )
    return renderConsolePage(reply, admin, {
      section: 'audit',
      status: valid ? 200 : 400,
      title: t(request, 'console.audit.title'),
      body: html`<form method="get" action="${CONSOLE_PREFIX}/audit" class="filters">
<div><label for="type">${t(request, 'console.audit.type')}</label>
<select id="type" name="type"><option value="">${t(request, 'console.audit.anyType')}</option>${options}</select></div>
<div><label for="user">${t(request, 'console.audit.user')}</label>
<input id="user" name="user" type="text" value="${user}" spellcheck="false" autocapitalize="off"></div>
<div><label for="from">${t(request, 'console.audit.from')}</label>
<input id="from" name="from" type="date" value="${fromText}"></div>
<div><label for="to">${t(request, 'console.audit.to')}</label>
<input id="to" name="to" type="date" value="${toText}"></div>
<div><button type="submit" class="button small">${t(request, 'console.audit.filter')}</button></div>
</form>
${valid ? '' : html`<p class="error" role="alert">${t(request, 'console.audit.badFilter')}</p>`}
${pagedTable(request, {
  headings: [
    t(request, 'console.col.time'),
    t(request, 'console.col.event'),
    t(request, 'console.col.actor'),
    t(request, 'console.col.subject'),
    t(request, 'console.col.ip'),
    t(request, 'console.col.details'),
  ],
  rows,
  none: t(request, 'console.audit.none'),
  scroll: true,
  pages: result.totalPages,
})}`,
    })
  })
}
