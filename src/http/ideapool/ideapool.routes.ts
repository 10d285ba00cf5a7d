import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { ideapoolPasswordRule } from '../../core/password/password-rules.ts'
import { splitName } from '../../core/user/user.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { authenticate } from './ideapool.auth.ts'
import { pageParam, requireParams, stringParam, stringProblems } from './ideapool.params.ts'
import { type IdeapoolSettings, ideaBody, ideaListSchema, meBody, tokenPolicy } from './ideapool.wire.ts'

const IDEA_FIELDS = ['content', 'impact', 'ease', 'confidence'] as const
const AWAITS_CONFIRMATION = 'Confirm your email address with the link we sent you, then sign in'

export function accessTokenRoutes(app: FastifyInstance, core: Core, settings: IdeapoolSettings): void {
  const policy = tokenPolicy(settings)

  app.post('/users', async (request, reply) => {
    const params = requireParams(request.body, ['email', 'name', 'password'])
    const name = stringParam(params.name, 'name')
    // As the original: the address and password are judged only once the request is counted.
    const { email, password } = params
    const refusal = stringProblems([
      { value: email, field: 'email', problem: 'is invalid' },
      { value: password, field: 'password' },
    ])
    const { user, awaitsConfirmation } = await core.signUp.withPassword(
      { client: clientOf(request), ...(refusal && { refusal }) },
      {
        email: typeof email === 'string' ? email : '',
        displayName: name,
        ...splitName(name),
        password: typeof password === 'string' ? password : '',
        passwordRule: ideapoolPasswordRule,
      },
    )
    // The coop wants confirmed addresses: the account exists, but no token before the link is used.
    if (awaitsConfirmation) return reply.code(202).send({ message: AWAITS_CONFIRMATION })
    const signedIn = await core.auth.openSession(user, policy)
    return reply.code(201).send({ jwt: signedIn.accessToken, refresh_token: signedIn.refreshToken })
  })

  app.post('/access-tokens', async (request, reply) => {
    const params = requireParams(request.body, ['email', 'password'])
    const email = typeof params.email === 'string' ? params.email : ''
    const password = typeof params.password === 'string' ? params.password : ''
    const signedIn = await core.auth.signIn(
      clientOf(request),
      { tenantId: core.tenants.defaultTenant().id, email, password },
      policy,
    )
    return reply.code(201).send({ jwt: signedIn.accessToken, refresh_token: signedIn.refreshToken })
  })

  app.post('/access-tokens/refresh', async (request) => {
    const params = requireParams(request.body, ['refresh_token'])
    const refreshToken = typeof params.refresh_token === 'string' ? params.refresh_token : ''
    return { jwt: await core.auth.refresh(clientOf(request), refreshToken, policy) }
  })

  app.delete('/access-tokens', async (request, reply) => {
    const caller = await authenticate(core, request)
    const params = requireParams(request.body, ['refresh_token'])
    if (typeof params.refresh_token === 'string') {
      await core.auth.signOutWithRefreshToken(caller.userId, params.refresh_token)
    }
    return reply.code(204).send()
  })

  const meOptions = settings.meConstraints === undefined ? {} : { constraints: settings.meConstraints }
  app.get('/me', meOptions, async (request) => {
    // The user was read to authenticate: no second look-up.
    return meBody((await authenticate(core, request)).user)
  })
}

export function ideaRoutes(app: FastifyInstance, core: Core): void {
  app.post('/ideas', async (request, reply) => {
    const caller = await authenticate(core, request)
    const idea = await core.ideas.create(caller.userId, requireParams(request.body, IDEA_FIELDS))
    return reply.code(201).send(ideaBody(idea))
  })

  app.put<{ Params: { id: string } }>('/ideas/:id', async (request) => {
    const caller = await authenticate(core, request)
    const idea = await core.ideas.update(
      caller.userId,
      request.params.id,
      requireParams(request.body, IDEA_FIELDS),
    )
    return ideaBody(idea)
  })

  app.delete<{ Params: { id: string } }>('/ideas/:id', async (request, reply) => {
    const caller = await authenticate(core, request)
    await core.ideas.remove(caller.userId, request.params.id)
    return reply.code(204).send()
  })

  const listOptions = { schema: { response: { 200: ideaListSchema } } }
  app.get<{ Querystring: { page?: unknown } }>('/ideas', listOptions, async (request) => {
    const caller = await authenticate(core, request)
    const ideas = await core.ideas.listPage(caller.userId, pageParam(request.query.page))
    return ideas.map(ideaBody)
  })
}
