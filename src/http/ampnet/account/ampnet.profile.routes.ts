import Type from 'typebox'
import { AppError } from '../../../core/errors.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { emptyDoc } from '../ampnet.contract.ts'
import { ampnetError } from '../ampnet.errors.ts'
import { guardedRoute } from '../ampnet.guarded-route.ts'
import { bodyObject, requiredString } from '../ampnet.params.ts'
import { type AmpnetDeps, userResponse, userSchema } from '../ampnet.wire.ts'

const me = guardedRoute({
  method: 'GET',
  path: '/me',
  config: { privilege: 'PRO_PROFILE' },
  // Shared with Idea Pool when both are served: this one answers requests without X-Access-Token.
  constraints: ({ settings }: AmpnetDeps) => settings.meConstraints,
  schema: { response: { 200: userSchema('The user') } },
  summary: 'The current user',
  errors: { 404: emptyDoc(404, 'The user is gone') },
  handler: async (request, _reply, { core }: AmpnetDeps) => userResponse(core, actorOf(request).user),
})

const update = guardedRoute({
  method: 'PUT',
  path: '/me/update',
  config: { privilege: 'PWO_PROFILE', missingUser: 'missing_user' },
  schema: {
    body: Type.Object({ language: Type.String({ maxLength: 8 }) }),
    response: { 200: userSchema('The user') },
  },
  summary: 'Set the language',
  errors: {
    400: {
      description: '0808 or 0301',
      examples: [new AppError('validation_failed'), ampnetError('0301', 'Missing user with uuid: x')],
    },
  },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { user } = actorOf(request)
    const language = requiredString(bodyObject(request.body), 'language')
    return userResponse(core, await core.identity.profile.setLanguage(user.id, language))
  },
})

/** The caller's own profile. */
export const profileRoutes = [me, update]
