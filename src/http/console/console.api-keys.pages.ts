import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import { html } from '../pages/html.ts'
import { t, verifyCsrf } from '../pages/page-context.ts'
import { doneNotice } from './console-done.ts'
import {
  actionForm,
  actionsHeading,
  CONSOLE_PREFIX,
  pagedTable,
  pageNumberOf,
  renderConsolePage,
  timeText,
} from './console-layout.ts'
import { adminOf } from './console-session.ts'

const PAGE_SIZE = 20

/**
 * Every API key of the coop's users, newest first: name, id, owner and dates, never a value. The
 * revoke is the user page's (`core.identity.userModeration.revokeApiKeyAs`): the coop's ADMIN only.
 */
export function consoleApiKeyPages(app: FastifyInstance, core: Core): void {
  app.get('/api-keys', async (request, reply) => {
    const admin = adminOf(request)
    const page = pageNumberOf(request.query)
    const result = await core.identity.apiKeys.pageOfTenant(admin.coop.id, {
      page: page - 1,
      size: PAGE_SIZE,
    })
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
  page,
  pages: result.totalPages,
})}`,
    })
  })

  app.post('/api-keys/:userId/:keyId/revoke', async (request, reply) => {
    verifyCsrf(request)
    const admin = adminOf(request)
    const { userId, keyId } = request.params as { userId: string; keyId: string }
    if (!isUuid(userId)) throw new AppError('user_not_found')
    if (!isUuid(keyId)) throw new AppError('api_key_not_found')
    await core.identity.userModeration.revokeApiKeyAs(admin.user.id, {
      tenantId: admin.coop.id,
      userId: userId.toLowerCase(),
      keyId: keyId.toLowerCase(),
    })
    return reply.redirect(`${CONSOLE_PREFIX}/api-keys?done=keyRevoked`, 303)
  })
}
