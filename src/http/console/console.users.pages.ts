import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { roles } from '../../core/role/role.ts'
import type { User } from '../../core/user/user.ts'
import { html } from '../pages/html.ts'
import { csrfField, t } from '../pages/page-context.ts'
import { doneNotice } from './console-done.ts'
import {
  actionForm,
  actionsHeading,
  CONSOLE_PREFIX,
  dataTable,
  pagedTable,
  pageRequestOf,
  renderConsolePage,
  timeText,
} from './console-layout.ts'
import { userIdOf } from './console-params.ts'
import { adminOf } from './console-session.ts'

const BY_EMAIL = [{ key: 'email', descending: false }] as const

function statusOf(request: FastifyRequest, user: User): string {
  if (user.disabledAt !== undefined) return t(request, 'console.status.disabled')
  return t(request, user.enabled ? 'console.status.active' : 'console.status.unconfirmed')
}

/** The user list (search, paging) and one user's page. */
export function consoleUserPages(app: FastifyInstance, core: Core): void {
  app.get('/users', async (request, reply) => {
    const admin = adminOf(request)
    const q = (request.query as Record<string, unknown>).q
    const search = typeof q === 'string' ? q.trim().slice(0, 200) : ''
    const paging = { ...pageRequestOf(request), sort: BY_EMAIL }
    const tenantId = admin.coop.id
    const result =
      search === ''
        ? await core.identity.userAdmin.list(tenantId, paging)
        : await core.identity.userAdmin.findByEmail(tenantId, search, paging)
    const rows = result.users.map(
      (user) => html`<tr>
<td><a href="${CONSOLE_PREFIX}/users/${user.id}">${user.email}</a></td>
<td>${user.displayName}</td><td>${user.role}</td><td>${statusOf(request, user)}</td>
<td>${timeText(user.createdAt)}</td></tr>`,
    )
    return renderConsolePage(reply, admin, {
      section: 'users',
      title: t(request, 'console.users.title'),
      body: html`${doneNotice(request)}
<form method="get" action="${CONSOLE_PREFIX}/users" class="search" role="search">
<label for="q">${t(request, 'console.users.search')}</label>
<input id="q" name="q" type="search" value="${search}" spellcheck="false" autocapitalize="off">
<button type="submit" class="button small">${t(request, 'console.users.searchSubmit')}</button>
</form>
${pagedTable(request, {
  headings: [
    t(request, 'console.col.email'),
    t(request, 'console.col.name'),
    t(request, 'console.col.role'),
    t(request, 'console.col.status'),
    t(request, 'console.col.created'),
  ],
  rows,
  none: t(request, 'console.users.none'),
  pages: result.totalPages,
})}`,
    })
  })

  app.get('/users/:id', async (request, reply) => {
    const admin = adminOf(request)
    const user = await core.identity.userAdmin.find(admin.coop.id, userIdOf(request))
    if (user === undefined) throw new AppError('user_not_found')
    const sessions = await core.identity.userModeration.sessionsOf({
      tenantId: admin.coop.id,
      userId: user.id,
    })
    const keys = await core.identity.userModeration.apiKeysOf({ tenantId: admin.coop.id, userId: user.id })
    const base = `${CONSOLE_PREFIX}/users/${user.id}`
    const changeable = admin.canChange && user.id !== admin.user.id
    const mfaOn = await core.identity.mfa.isEnabled(user.id)
    const sessionRows = sessions.map(
      (session) => html`<tr><td><code>${session.id.slice(0, 8)}</code></td><td>${session.surface}</td>
<td>${timeText(session.createdAt)}</td><td>${timeText(session.lastUsedAt)}</td><td>${timeText(session.expiresAt)}</td>
<td>${changeable ? actionForm(request, `${base}/sessions/${session.id}/revoke`, t(request, 'console.user.revoke'), { secondary: true, ariaLabel: t(request, 'console.user.revokeLabel', { id: session.id.slice(0, 8) }) }) : ''}</td></tr>`,
    )
    const keyRows = keys.map(
      (key) => html`<tr><td>${key.name}</td><td><code>${key.id.slice(0, 8)}</code></td>
<td>${timeText(key.createdAt)}</td><td>${timeText(key.expiresAt)}</td>
<td>${changeable ? actionForm(request, `${base}/api-keys/${key.id}/revoke`, t(request, 'console.user.revoke'), { secondary: true, ariaLabel: t(request, 'console.user.revokeKeyLabel', { name: key.name }) }) : ''}</td></tr>`,
    )
    const actions = changeable
      ? html`<h2>${t(request, 'console.user.actions')}</h2>
<div class="console-actions">
${
  user.disabledAt === undefined
    ? actionForm(request, `${base}/disable`, t(request, 'console.user.disable'))
    : actionForm(request, `${base}/enable`, t(request, 'console.user.enable'))
}
${mfaOn ? actionForm(request, `${base}/reset-mfa`, t(request, 'console.user.resetMfa')) : ''}
<a class="button danger small" href="${base}/delete">${t(request, 'console.user.delete')}</a>
</div>
<form method="post" action="${base}/role" class="role-form">
${csrfField(request)}
<label for="role">${t(request, 'console.user.role')}</label>
<p class="hint" id="role-hint">${t(request, 'console.user.roleHint')}</p>
<select id="role" name="role" aria-describedby="role-hint">
<option value="">${t(request, 'console.user.chooseRole')}</option>
${roles.filter((role) => role !== 'USER').map((role) => html`<option value="${role}">${role}</option>`)}
</select>
<button type="submit" class="button small">${t(request, 'console.user.roleSubmit')}</button>
</form>`
      : html`<p class="muted">${admin.canChange ? '' : t(request, 'console.user.readOnly')}</p>`
    return renderConsolePage(reply, admin, {
      section: 'users',
      title: user.email,
      body: html`${doneNotice(request)}
<p><a href="${CONSOLE_PREFIX}/users">${t(request, 'console.user.back')}</a></p>
<dl class="facts">
<dt>${t(request, 'console.user.id')}</dt><dd><code>${user.id}</code></dd>
<dt>${t(request, 'console.col.name')}</dt><dd>${user.displayName}</dd>
<dt>${t(request, 'console.col.role')}</dt><dd>${user.role}</dd>
<dt>${t(request, 'console.col.status')}</dt><dd>${statusOf(request, user)}</dd>
<dt>${t(request, 'console.user.mfa')}</dt><dd>${t(request, mfaOn ? 'console.user.mfaOn' : 'console.user.mfaOff')}</dd>
<dt>${t(request, 'console.col.created')}</dt><dd>${timeText(user.createdAt)}</dd>
</dl>
${actions}
<h2>${t(request, 'console.user.sessions')}</h2>
${dataTable({
  headings: [
    'Id',
    t(request, 'console.col.surface'),
    t(request, 'console.col.created'),
    t(request, 'console.col.lastUsed'),
    t(request, 'console.col.expires'),
    actionsHeading(request),
  ],
  rows: sessionRows,
  none: t(request, 'console.user.noSessions'),
})}
<h2>${t(request, 'console.user.apiKeys')}</h2>
${dataTable({
  headings: [
    t(request, 'console.col.name'),
    'Id',
    t(request, 'console.col.created'),
    t(request, 'console.col.expires'),
    actionsHeading(request),
  ],
  rows: keyRows,
  none: t(request, 'console.user.noApiKeys'),
})}`,
    })
  })
}
