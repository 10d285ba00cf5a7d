import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { isRole } from '../../core/role/role.ts'
import { formBodyOf } from '../pages/form-body.ts'
import { linkTo, postForm } from '../pages/forms.ts'
import { html } from '../pages/html.ts'
import { t, verifyCsrf } from '../pages/page-context.ts'
import { consoleAction } from './console-action.ts'
import { CONSOLE_PREFIX, renderConsolePage } from './console-layout.ts'
import { userIdOf, uuidParamOf } from './console-params.ts'
import { adminOf, consoleSession } from './console-session.ts'

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
    consoleAction(app, `/users/:id/${path}`, async (request, admin) => {
      const userId = userIdOf(request)
      await act(request, { adminId: admin.user.id, tenantId: admin.coop.id, userId })
      return backTo(userId, done)
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
    const sessionId = uuidParamOf(request, 'sessionId', 'invalid_refresh_token')
    return core.identity.userModeration.endSessionAs(adminId, { tenantId, userId, sessionId })
  })
  userAction('api-keys/:keyId/revoke', 'keyRevoked', (request, { adminId, tenantId, userId }) => {
    const keyId = uuidParamOf(request, 'keyId', 'api_key_not_found')
    return core.identity.userModeration.revokeApiKeyAs(adminId, { tenantId, userId, keyId })
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

  consoleAction(app, '/users/:id/delete', async (request, admin) => {
    await core.identity.userErasure.eraseAs(admin.user.id, {
      tenantId: admin.coop.id,
      userId: userIdOf(request),
    })
    return `${CONSOLE_PREFIX}/users?done=deleted`
  })

  app.post('/sign-out', async (request, reply) => {
    verifyCsrf(request)
    await core.sessions.sessions.end(adminOf(request).sessionId, 'logout')
    consoleSession.end(reply, secure)
    return reply.redirect(`${CONSOLE_PREFIX}/sign-in`, 303)
  })
}
