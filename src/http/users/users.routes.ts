import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { usersPasswordRule } from '../../core/password/password-rules.ts'
import { splitName } from '../../core/user/user.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { authenticate } from './users.auth.ts'
import { stringFields } from './users.params.ts'
import { meBody, tokenPolicy, type UsersSettings } from './users.wire.ts'

const AWAITS_CONFIRMATION = 'Confirm your email address with the link we sent you, then sign in.'

export function usersRoutes(app: FastifyInstance, core: Core, settings: UsersSettings): void {
  const policy = tokenPolicy(settings)

  app.post('/users/login', async (request) => {
    const { email, password } = stringFields(request.body, ['email', 'password'])
    const signedIn = await core.auth.signIn(
      clientOf(request),
      { tenantId: core.tenants.defaultTenant().id, email, password },
      policy,
    )
    return { uid: signedIn.user.id, token: signedIn.accessToken }
  })

  // Sign-up only: the client signs in afterwards, so no session is opened here.
  app.post('/users/register', async (request, reply) => {
    const fields = stringFields(request.body, ['email', 'password'], ['name'])
    const name = fields.name?.trim() ?? ''
    const { user, awaitsConfirmation } = await core.signUp.withPassword(
      { client: clientOf(request) },
      {
        email: fields.email,
        password: fields.password,
        displayName: name,
        ...splitName(name),
        passwordRule: usersPasswordRule,
      },
    )
    // Register never opened a session, so the account can be reported as created; it stays
    // disabled until the mailed link is used, and the message says so.
    if (awaitsConfirmation)
      return reply.code(201).send({ success: true, uid: user.id, message: AWAITS_CONFIRMATION })
    return reply.code(201).send({ success: true, uid: user.id })
  })

  app.get('/users/me', async (request) => {
    return meBody((await authenticate(core, request)).user)
  })
}
