import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { isAppError } from '../../../core/errors.ts'
import { isRole } from '../../../core/role/role.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import type { UserPage } from '../../../core/user/user-admin.service.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { emptyError, frameworkError } from '../ampnet.errors.ts'
import { userBody } from '../ampnet.wire.ts'
import { pageRequestOf, pagingOf } from './ampnet.admin.params.ts'
import { auditEventBody } from './ampnet.audit.wire.ts'

type UuidParams = { Params: { uuid: string } }

const READS = { config: { auth: 'required', privilege: 'PRA_PROFILE' } } as const
const WRITES = { config: { auth: 'required', privilege: 'PWA_PROFILE' } } as const

async function requireEmailQuery(request: FastifyRequest): Promise<void> {
  const { email } = request.query as { email?: unknown }
  if (typeof email !== 'string') throw frameworkError(400, "Required parameter 'email' is not present.")
}

/** `/admin/user*` and `/admin/audit`, every route scoped to the caller's coop. */
export function adminRoutes(app: FastifyInstance, core: Core): void {
  /** The caller and their coop, which every user listed belongs to. */
  async function admin(request: FastifyRequest) {
    const { user } = actorOf(request)
    return { callerId: user.id, tenantId: user.tenantId, coop: await core.tenants.get(user.tenantId) }
  }

  async function listed(request: FastifyRequest, load: (tenantId: string) => Promise<UserPage>) {
    const { tenantId, coop } = await admin(request)
    const { users, page, totalPages } = await load(tenantId)
    return { users: users.map((user) => userBody(user, coop)), page, total_pages: totalPages }
  }

  function uuidOf(request: FastifyRequest<UuidParams>): string {
    const { uuid } = request.params
    if (!isUuid(uuid)) throw frameworkError(400, `Failed to convert value to UUID: ${uuid}`)
    return uuid.toLowerCase()
  }

  app.get('/admin/user', READS, (request) =>
    listed(request, (tenantId) => core.userAdmin.list(tenantId, pageRequestOf(request.query))),
  )

  // The original wanted the email before it looked at the caller: checked before the hook's preHandler.
  const findOptions = { ...READS, preValidation: requireEmailQuery }
  app.get('/admin/user/find', findOptions, (request) => {
    const { email } = request.query as { email: string }
    return listed(request, (tenantId) =>
      core.userAdmin.findByEmail(tenantId, email, pageRequestOf(request.query)),
    )
  })

  app.get('/admin/user/admin', READS, (request) =>
    listed(request, (tenantId) => core.userAdmin.withRole(tenantId, 'ADMIN', pageRequestOf(request.query))),
  )

  // Latchkey's own (issue #6): the coop's audit log, newest first, paged like the user lists.
  app.get('/admin/audit', READS, async (request) => {
    const { tenantId } = await admin(request)
    const { events, page, totalPages } = await core.audit.page(tenantId, pagingOf(request.query))
    return { events: events.map(auditEventBody), page, total_pages: totalPages }
  })

  app.get('/admin/user/count', READS, async (request) => {
    const { tenantId } = await admin(request)
    return core.userAdmin.counts(tenantId)
  })

  app.get<UuidParams>('/admin/user/:uuid', READS, async (request) => {
    const { tenantId, coop } = await admin(request)
    const user = await core.userAdmin.find(tenantId, uuidOf(request))
    if (user === undefined) throw emptyError(404)
    return userBody(user, coop)
  })

  // AMPnet's single-holder roles (one ADMIN, one PLATFORM_MANAGER, one TOKEN_ISSUER per coop);
  // a user of another coop is as unknown as a missing one (404).
  app.post<UuidParams>('/admin/user/:uuid/role', WRITES, async (request) => {
    const { callerId, tenantId, coop } = await admin(request)
    const userId = uuidOf(request)
    const { role } = (request.body ?? {}) as { role?: unknown }
    if (!isRole(role)) throw frameworkError(400, 'JSON parse error: role')
    try {
      return userBody(await core.roles.changeRoleAs(callerId, { tenantId, userId, role }), coop)
    } catch (error) {
      if (isAppError(error) && error.code === 'user_not_found') throw emptyError(404)
      throw error
    }
  })

  // Latchkey's own (issue #14): erasure (GDPR). PWA_PROFILE, then only the coop's ADMIN (as for
  // role changes) and never the caller themselves (403); another coop's user is unknown (404).
  app.delete<UuidParams>('/admin/user/:uuid', WRITES, async (request, reply) => {
    const { callerId, tenantId } = await admin(request)
    const userId = uuidOf(request)
    try {
      await core.userErasure.eraseAs(callerId, { tenantId, userId })
    } catch (error) {
      if (isAppError(error) && error.code === 'user_not_found') throw emptyError(404)
      throw error
    }
    return reply.code(204).send()
  })
}
