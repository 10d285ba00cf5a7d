import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import type { Core } from '../../../core/core.ts'
import { AppError, isAppError, validationError } from '../../../core/errors.ts'
import { isRole } from '../../../core/role/role.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import type { UserPage } from '../../../core/user/user-admin.service.ts'
import type { UserPageRequest } from '../../../core/user/user-admin.ts'
import { actorOf } from '../../shared/authenticate.ts'
import type { ErrorDoc } from '../../shared/define-route.ts'
import { emptyDoc, emptySuccess } from '../ampnet.contract.ts'
import { emptyError, frameworkError } from '../ampnet.errors.ts'
import { guardedRoute } from '../ampnet.guarded-route.ts'
import { type AmpnetDeps, userBody, userSchema } from '../ampnet.wire.ts'
import { pageRequestOf, pagingOf } from './ampnet.admin.params.ts'
import {
  auditListSchema,
  countsSchema,
  findQuery,
  pagingQuery,
  userListSchema,
  uuidParams,
} from './ampnet.admin.wire.ts'
import { auditEventBody } from './ampnet.audit.wire.ts'

// `/admin/user*` and `/admin/audit`, every route scoped to the caller's coop.

const READER = "(ADMIN, PLATFORM_MANAGER, TOKEN_ISSUER; caller's coop)"

/** The caller and their coop, which every user listed belongs to. */
async function admin(core: Core, request: FastifyRequest) {
  const { user } = actorOf(request)
  return { callerId: user.id, tenantId: user.tenantId, coop: await core.tenants.tenants.get(user.tenantId) }
}

async function listed(core: Core, request: FastifyRequest, load: (tenantId: string) => Promise<UserPage>) {
  const { tenantId, coop } = await admin(core, request)
  const { users, page, totalPages } = await load(tenantId)
  return { users: users.map((user) => userBody(user, coop)), page, total_pages: totalPages }
}

function uuidOf(request: FastifyRequest): string {
  const { uuid } = request.params as { uuid: string }
  if (!isUuid(uuid)) throw frameworkError(400, `Failed to convert value to UUID: ${uuid}`)
  return uuid.toLowerCase()
}

async function requireEmailQuery(request: FastifyRequest): Promise<void> {
  const { email } = request.query as { email?: unknown }
  if (typeof email !== 'string') throw frameworkError(400, "Required parameter 'email' is not present.")
}

const badSort: ErrorDoc = {
  description: '0808 an unknown sort property',
  examples: [validationError([{ field: 'sort', problem: 'has an unknown property: x' }])],
}
const badUuid: ErrorDoc = {
  description: 'framework: the path holds no UUID',
  examples: [frameworkError(400, 'Failed to convert value to UUID: x')],
}
const noSuchUser = emptyDoc(404, 'No such user in the coop')

const reads = { config: { privilege: 'PRA_PROFILE' } } as const
const writes = { config: { privilege: 'PWA_PROFILE' } } as const

/** A paged list of the coop's users, sortable: what `load` gives for the coop and the page asked. */
function userListRoute(
  path: string,
  summary: string,
  load: (core: Core, tenantId: string, page: UserPageRequest) => Promise<UserPage>,
) {
  return guardedRoute({
    method: 'GET',
    path,
    ...reads,
    schema: { querystring: pagingQuery, response: { 200: userListSchema } },
    summary: `${summary} ${READER}`,
    errors: { 400: badSort },
    handler: (request, _reply, { core }: AmpnetDeps) =>
      listed(core, request, (tenantId) => load(core, tenantId, pageRequestOf(request.query))),
  })
}

const list = userListRoute('/admin/user', 'Users, paged', (core, tenantId, page) =>
  core.identity.userAdmin.list(tenantId, page),
)

const admins = userListRoute('/admin/user/admin', 'The ADMIN users, paged', (core, tenantId, page) =>
  core.identity.userAdmin.withRole(tenantId, 'ADMIN', page),
)

const find = guardedRoute({
  method: 'GET',
  path: '/admin/user/find',
  ...reads,
  // The original wanted the email before it looked at the caller: checked before the hook's preHandler.
  preValidation: requireEmailQuery,
  schema: { querystring: findQuery, response: { 200: userListSchema } },
  summary: `Users whose e-mail contains a text ${READER}`,
  errors: {
    400: {
      description: `${badSort.description}; framework: no email`,
      examples: [...badSort.examples, frameworkError(400, "Required parameter 'email' is not present.")],
    },
  },
  handler: (request, _reply, { core }: AmpnetDeps) => {
    const { email } = request.query as { email: string }
    return listed(core, request, (tenantId) =>
      core.identity.userAdmin.findByEmail(tenantId, email, pageRequestOf(request.query)),
    )
  },
})

// Latchkey's own: the coop's audit log, newest first, paged like the user lists.
const audit = guardedRoute({
  method: 'GET',
  path: '/admin/audit',
  ...reads,
  schema: { querystring: pagingQuery, response: { 200: auditListSchema } },
  summary: `The coop's audit log, newest first ${READER}`,
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { tenantId } = await admin(core, request)
    const { events, page, totalPages } = await core.ops.audit.page(tenantId, pagingOf(request.query))
    return { events: events.map(auditEventBody), page, total_pages: totalPages }
  },
})

const count = guardedRoute({
  method: 'GET',
  path: '/admin/user/count',
  ...reads,
  schema: { response: { 200: countsSchema } },
  summary: `User counts ${READER}`,
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { tenantId } = await admin(core, request)
    return core.identity.userAdmin.counts(tenantId)
  },
})

const one = guardedRoute({
  method: 'GET',
  path: '/admin/user/:uuid',
  ...reads,
  schema: { params: uuidParams, response: { 200: userSchema('The user') } },
  summary: `One user ${READER}`,
  errors: { 400: badUuid, 404: noSuchUser },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { tenantId, coop } = await admin(core, request)
    const user = await core.identity.userAdmin.find(tenantId, uuidOf(request))
    if (user === undefined) throw emptyError(404)
    return userBody(user, coop)
  },
})

const roleBody = Type.Object({
  role: Type.Union([
    Type.Literal('USER'),
    Type.Literal('ADMIN'),
    Type.Literal('TOKEN_ISSUER'),
    Type.Literal('PLATFORM_MANAGER'),
  ]),
})

// AMPnet's single-holder roles (one ADMIN, one PLATFORM_MANAGER, one TOKEN_ISSUER per coop);
// a user of another coop is as unknown as a missing one (404).
const changeRole = guardedRoute({
  method: 'POST',
  path: '/admin/user/:uuid/role',
  ...writes,
  schema: { params: uuidParams, body: roleBody, response: { 200: userSchema('The user') } },
  summary: "Change a user's role (ADMIN)",
  errors: {
    400: {
      description: `${badUuid.description}; framework: no role; 0808: USER`,
      examples: [
        ...badUuid.examples,
        frameworkError(400, 'JSON parse error: role'),
        new AppError('role_not_assignable'),
      ],
    },
    404: noSuchUser,
  },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { callerId, tenantId, coop } = await admin(core, request)
    const userId = uuidOf(request)
    const { role } = (request.body ?? {}) as { role?: unknown }
    if (!isRole(role)) throw frameworkError(400, 'JSON parse error: role')
    try {
      return userBody(await core.identity.roles.changeRoleAs(callerId, { tenantId, userId, role }), coop)
    } catch (error) {
      if (isAppError(error) && error.code === 'user_not_found') throw emptyError(404)
      throw error
    }
  },
})

// Latchkey's own: erasure (GDPR). PWA_PROFILE, then only the coop's ADMIN (as for
// role changes) and never the caller themselves (403); another coop's user is unknown (404).
const erase = guardedRoute({
  method: 'DELETE',
  path: '/admin/user/:uuid',
  ...writes,
  schema: {
    params: uuidParams,
    response: { 204: emptySuccess('Erased; the audit log keeps its events under a pseudonym') },
  },
  summary: 'Erase a user and their data (GDPR; ADMIN, not oneself)',
  errors: {
    400: badUuid,
    403: {
      description: 'The role lacks the privilege, the caller is not the ADMIN, or it is the caller',
      examples: [frameworkError(403)],
    },
    404: noSuchUser,
  },
  handler: async (request, reply, { core }: AmpnetDeps) => {
    const { callerId, tenantId } = await admin(core, request)
    const userId = uuidOf(request)
    try {
      await core.identity.userErasure.eraseAs(callerId, { tenantId, userId })
    } catch (error) {
      if (isAppError(error) && error.code === 'user_not_found') throw emptyError(404)
      throw error
    }
    return reply.code(204).send()
  },
})

export const adminRoutes = [list, find, admins, audit, count, one, changeRole, erase]
