import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { usersPasswordRule } from '../../core/password/password-rules.ts'
import { splitName } from '../../core/user/user.ts'
import { guardedSignIn, limitRequest } from '../shared/rate-limit.ts'
import { authenticate } from './users.auth.ts'
import { stringFields } from './users.params.ts'
import { meBody, tokenPolicy, type UsersSettings } from './users.wire.ts'

export function usersRoutes(app: FastifyInstance, core: Core, settings: UsersSettings): void {
  const policy = tokenPolicy(settings)

  app.post('/users/login', async (request) => {
    const { email, password } = stringFields(request.body, ['email', 'password'])
    const signedIn = await guardedSignIn(core, request, { tenant: undefined, identifier: email }, () =>
      core.auth.signIn({ tenantId: core.tenants.defaultTenant().id, email, password }, policy),
    )
    return { uid: signedIn.user.id, token: signedIn.accessToken }
  })

  // Sign-up only: the client signs in afterwards, so no session is opened here.
  app.post('/users/register', async (request, reply) => {
    const fields = stringFields(request.body, ['email', 'password'], ['name'])
    const name = fields.name?.trim() ?? ''
    await limitRequest(core, request, 'signUp')
    const user = await core.auth.createAccount({
      tenantId: core.tenants.defaultTenant().id,
      email: fields.email,
      password: fields.password,
      displayName: name,
      ...splitName(name),
      passwordRule: usersPasswordRule,
    })
    return reply.code(201).send({ success: true, uid: user.id })
  })

  app.get('/users/me', async (request) => {
    return meBody((await authenticate(core, request)).user)
  })
}
