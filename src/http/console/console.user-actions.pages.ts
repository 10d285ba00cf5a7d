import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { isRole } from '../../core/role/role.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { linkTo, postForm } from '../pages/forms.ts'
import { html } from '../pages/html.ts'
import { t, verifyCsrf } from '../pages/page-context.ts'
import { appendSetCookie } from '../pages/session-cookie.ts'
import { userIdOf } from './console.users.pages.ts'
import { CONSOLE_PREFIX, renderConsolePage } from './console-layout.ts'
import { adminOf, consoleCookie } from './console-session.ts'

/**
 * The console's changes, each a CSRF-checked POST that answers 303 to the user's page (so a reload
 * repeats nothing). The core decides who may: only the coop's ADMIN, never on themselves.
 */
export function consoleUserActions(app: FastifyInstance, core: Core, secure: boolean): void {
  const backTo = (userId: string, done: string) => `${CONSOLE_PREFIX}/users/${userId}?done=${done}`

  /** A CSRF-checked POST on one user of the admin's coop that answers 303 to that user's page. */
  const userAction = (
    path: string,
    done: string,
    act: (
      request: FastifyRequest,
      change: { adminId: string; tenantId: string; userId: string },
    ) => Promise<unknown>,
  ) =>
    app.post(`/users/:id/${path}`, async (request, reply) => {
      verifyCsrf(request)
      const admin = adminOf(request)
      const userId = userIdOf(request)
      await act(request, { adminId: admin.user.id, tenantId: admin.coop.id, userId })
      return reply.redirect(backTo(userId, done), 303)
    })

  userAction('disable', 'disabled', (_, { adminId, tenantId, userId }) =>
    core.identity.userModeration.disableAs(adminId, { tenantId, userId }),
  )
  userAction('enable', 'enabled', (_, { adminId, tenantId, userId }) =>
    core.identity.userModeration.enableAs(adminId, { tenantId, userId }),
  )
  userAction('role', 'role', (request, { adminId, tenantId, userId }) => {
    const { role } = formBodyOf(request.body)
    if (!isRole(role) || role === 'USER') throw new AppError('role_not_assignable')
    // A new ADMIN took the caller's role over: their console session no longer passes the hook.
    return core.identity.roles.changeRoleAs(adminId, { tenantId, userId, role })
  })
  userAction('sessions/:sessionId/revoke', 'revoked', (request, { adminId, tenantId, userId }) => {
    const { sessionId } = request.params as { sessionId: string }
    if (!isUuid(sessionId)) throw new AppError('invalid_refresh_token')
    return core.identity.userModeration.endSessionAs(adminId, {
      tenantId,
      userId,
      sessionId: sessionId.toLowerCase(),
    })
  })
  userAction('api-keys/:keyId/revoke', 'keyRevoked', (request, { adminId, tenantId, userId }) => {
    const { keyId } = request.params as { keyId: string }
    if (!isUuid(keyId)) throw new AppError('api_key_not_found')
    return core.identity.userModeration.revokeApiKeyAs(adminId, {
      tenantId,
      userId,
      keyId: keyId.toLowerCase(),
    })
  })

  // A confirmation step: the user's page links here, and only this page's button erases.
  app.get('/users/:id/delete', async (request, reply) => {
    const admin = adminOf(request)
    const user = await core.identity.userAdmin.find(admin.coop.id, userIdOf(request))
    if (user === undefined) throw new AppError('user_not_found')
    if (!admin.canChange || user.id === admin.user.id) throw new AppError('forbidden')
    const back = `${CONSOLE_PREFIX}/users/${user.id}`
    return renderConsolePage(reply, admin, {
      section: 'users',
      title: t(request, 'console.delete.title', { email: user.email }),
      body: html`<p>${t(request, 'console.delete.body')}</p>
${postForm(request, {
  action: `${back}/delete`,
  fields: html``,
  submit: t(request, 'console.delete.confirm'),
  after: linkTo(back, t(request, 'console.delete.cancel')),
})}`,
    })
  })

  app.post('/users/:id/delete', async (request, reply) => {
    verifyCsrf(request)
    const admin = adminOf(request)
    await core.identity.userErasure.eraseAs(admin.user.id, {
      tenantId: admin.coop.id,
      userId: userIdOf(request),
    })
    return reply.redirect(`${CONSOLE_PREFIX}/users?done=deleted`, 303)
  })

  app.post('/sign-out', async (request, reply) => {
    verifyCsrf(request)
    await core.sessions.sessions.end(adminOf(request).sessionId, 'logout')
    appendSetCookie(reply, consoleCookie(secure, '', 0))
    return reply.redirect(`${CONSOLE_PREFIX}/sign-in`, 303)
  })
}
