import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { html } from '../pages/html.ts'
import { t } from '../pages/page-context.ts'
import { consoleAction } from './console-action.ts'
import { doneNotice } from './console-done.ts'
import {
  actionForm,
  actionsHeading,
  CONSOLE_PREFIX,
  pagedTable,
  pageRequestOf,
  renderConsolePage,
  timeText,
} from './console-layout.ts'
import { uuidParamOf } from './console-params.ts'
import { adminOf } from './console-session.ts'

/**
 * Every API key of the coop's users, newest first: name, id, owner and dates, never a value. The
 * revoke is the user page's (`core.identity.userModeration.revokeApiKeyAs`): the coop's ADMIN only.
 */
export function consoleApiKeyPages(app: FastifyInstance, core: Core): void {
  app.get('/api-keys', async (request, reply) => {
    const admin = adminOf(request)
    const result = await core.identity.apiKeys.pageOfTenant(admin.coop.id, pageRequestOf(request))
    const rows = result.keys.map(
      (key) => html`<tr><td>${key.name}</td><td><code>${key.id.slice(0, 8)}</code></td>
<td><a href="${CONSOLE_PREFIX}/users/${key.userId}">${key.ownerEmail}</a></td>
<td>${timeText(key.createdAt)}</td><td>${timeText(key.expiresAt)}</td>
<td>${
        admin.canChange && key.userId !== admin.user.id
          ? actionForm(
              request,
              `${CONSOLE_PREFIX}/api-keys/${key.userId}/${key.id}/revoke`,
              t(request, 'console.user.revoke'),
              { secondary: true, ariaLabel: t(request, 'console.user.revokeKeyLabel', { name: key.name }) },
            )
          : ''
      }</td></tr>`,
    )
    return renderConsolePage(reply, admin, {
      section: 'api-keys',
      title: t(request, 'console.apiKeys.title'),
      body: html`${doneNotice(request)}
${pagedTable(request, {
  headings: [
    t(request, 'console.col.name'),
    'Id',
    t(request, 'console.apiKeys.owner'),
    t(request, 'console.col.created'),
    t(request, 'console.col.expires'),
    actionsHeading(request),
  ],
  rows,
  none: t(request, 'console.user.noApiKeys'),
  pages: result.totalPages,
})}`,
    })
  })

  consoleAction(app, '/api-keys/:userId/:keyId/revoke', async (request, admin) => {
    await core.identity.userModeration.revokeApiKeyAs(admin.user.id, {
      tenantId: admin.coop.id,
      userId: uuidParamOf(request, 'userId', 'user_not_found'),
      keyId: uuidParamOf(request, 'keyId', 'api_key_not_found'),
    })
    return `${CONSOLE_PREFIX}/api-keys?done=keyRevoked`
  })
}
