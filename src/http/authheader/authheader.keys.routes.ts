import { AppError } from '../../core/errors.ts'
import { actorOf } from '../shared/authenticate.ts'
import { jwtOnlyRoute, missingFields } from './authheader.docs.ts'
import { requireStrings } from './authheader.params.ts'
import {
  type AuthheaderDeps,
  addKeyBody,
  apiKeyBody,
  deleteKeyBody,
  keyListSchema,
  messageSchema,
  newKeySchema,
} from './authheader.wire.ts'

// `/authheader/*`: the caller's API keys. JWT only, so a leaked key cannot mint or list keys.

const add = jwtOnlyRoute({
  method: 'POST',
  path: '/authheader/add',
  schema: { body: addKeyBody, response: { 200: newKeySchema } },
  summary: 'Create an API key',
  errors: { 400: missingFields('name') },
  handler: async (request, _reply, { core, settings }: AuthheaderDeps) => {
    const { user } = actorOf(request)
    const { name } = requireStrings(request.body, ['name'])
    const key = await core.identity.apiKeys.issue({
      tenantId: user.tenantId,
      userId: user.id,
      name,
      ttlSeconds: settings.apiKeyTtlSeconds,
    })
    return apiKeyBody(key)
  },
})

const list = jwtOnlyRoute({
  method: 'GET',
  path: '/authheader/list',
  schema: { response: { 200: keyListSchema } },
  summary: "The caller's API keys, oldest first",
  handler: async (request, _reply, { core }: AuthheaderDeps) =>
    (await core.identity.apiKeys.list(actorOf(request).user.id)).map(apiKeyBody),
})

const remove = jwtOnlyRoute({
  method: 'POST',
  path: '/authheader/delete',
  schema: { body: deleteKeyBody, response: { 200: messageSchema('Revoked', 'Success') } },
  summary: 'Revoke an API key by its value',
  errors: {
    400: missingFields('text'),
    404: { description: "Not one of the caller's keys", examples: [new AppError('api_key_not_found')] },
  },
  handler: async (request, _reply, { core }: AuthheaderDeps) => {
    const { text } = requireStrings(request.body, ['text'])
    await core.identity.apiKeys.revoke(actorOf(request).user.id, text)
    return { message: 'Success' }
  },
})

export const apiKeyRoutes = [add, list, remove]
