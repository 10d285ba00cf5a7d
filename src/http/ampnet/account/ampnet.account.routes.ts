import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { ampnetPasswordRule } from '../../../core/password/password-rules.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { limitRequest } from '../../shared/rate-limit.ts'
import { ampnetError, explained, frameworkError } from '../ampnet.errors.ts'
import { bodyObject, optionalString, requiredChoice, signupMethods, stringMap } from '../ampnet.params.ts'
import { type AmpnetSettings, userResponse } from '../ampnet.wire.ts'

const MISSING_FIELDS = 'Some fields missing or could not be parsed from JSON request.'

/** Sign-up and mail confirmation. */
export function accountRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  app.post('/signup', async (request) => {
    const body = bodyObject(request.body)
    const method = requiredChoice(body, 'signup_method', signupMethods)
    const info = stringMap(body, 'user_info')
    const coop = optionalString(body, 'coop')
    const mailedTo = method === 'EMAIL' ? info.email : undefined
    await limitRequest(
      core,
      request,
      'signUp',
      mailedTo === undefined ? undefined : { tenant: coop, identifier: mailedTo },
    )
    // As the original: reCAPTCHA right after the body is bound, before the user_info is read.
    await core.captcha.verify(optionalString(body, 're_captcha_token'))
    const coopShown = coop ?? core.tenants.defaultTenant().identifier
    const coopMessages = {
      tenant_not_found: `Missing coop with identifier: ${coopShown}`,
      sign_up_disabled: `Signup is disabled for coop: ${coopShown}`,
    }
    if (method !== 'EMAIL') {
      if (info.token === undefined) throw ampnetError('0101', MISSING_FIELDS)
      const profile = await core.socialLogin.verify({
        provider: method,
        token: info.token,
        coopIdentifier: coop,
      })
      const user = await explained(core.signUp.withProvider({ coopIdentifier: coop, profile }), {
        ...coopMessages,
        email_taken: `Trying to create user with email that already exists: ${profile.email} in coop: ${coopShown}`,
      })
      return userResponse(core, user)
    }
    const { email, password } = info
    if (email === undefined || password === undefined) throw ampnetError('0101', MISSING_FIELDS)
    const user = await explained(
      core.signUp.withEmail({
        coopIdentifier: coop,
        email,
        password,
        givenName: info.first_name?.trim() ?? '',
        familyName: info.last_name?.trim() ?? '',
        passwordRule: ampnetPasswordRule,
        confirmEmail: settings.mailConfirmation,
      }),
      {
        ...coopMessages,
        email_taken: `Trying to create user with email that already exists: ${email} in coop: ${coopShown}`,
      },
    )
    return userResponse(core, user)
  })

  // Open to an unconfirmed user's token too: a browser that still sends it must be able to confirm.
  app.get<{ Querystring: { token?: unknown } }>(
    '/mail-confirmation',
    { config: { admitsUnconfirmed: true } },
    async (request, reply) => {
      const { token } = request.query
      if (typeof token !== 'string') throw frameworkError(400)
      if (!isUuid(token)) throw ampnetError('0104', `Token: ${token} is not in a valid format.`)
      await explained(core.emailConfirmation.confirm(token), {
        confirmation_token_expired: `User is trying to confirm mail with expired token: ${token}`,
      })
      return reply.code(200).send()
    },
  )

  // Open to unconfirmed (disabled) users: they are the ones who need it (the original gave them 409).
  const resendOptions = { config: { auth: 'required', admitsUnconfirmed: true } } as const
  app.get('/mail-confirmation/resend', resendOptions, async (request, reply) => {
    const { user } = actorOf(request)
    const { identifier } = await core.tenants.get(user.tenantId)
    await limitRequest(core, request, 'mailResend', { tenant: identifier, identifier: user.email })
    await core.emailConfirmation.resend(user.id)
    return reply.code(200).send()
  })
}
