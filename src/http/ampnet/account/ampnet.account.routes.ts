import type { FastifyInstance } from 'fastify'
import type { SignUpRequest } from '../../../core/auth/sign-up.service.ts'
import type { Core } from '../../../core/core.ts'
import { isAppError } from '../../../core/errors.ts'
import { ampnetPasswordRule } from '../../../core/password/password-rules.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { ampnetError, explained, frameworkError } from '../ampnet.errors.ts'
import {
  type Body,
  bodyObject,
  optionalString,
  requiredChoice,
  signupMethods,
  stringMap,
} from '../ampnet.params.ts'
import { type AmpnetSettings, userResponse } from '../ampnet.wire.ts'

const MISSING_FIELDS = 'Some fields missing or could not be parsed from JSON request.'

/**
 * The original's order for a sign-up: counted, then the reCAPTCHA token bound (a framework 400 when
 * it is no string) and checked, then the user_info read (0101 when a field is missing).
 */
function signUpRequest(client: string, body: Body, complete: boolean): SignUpRequest {
  let token: string | undefined
  try {
    token = optionalString(body, 're_captcha_token')
  } catch (unbound) {
    return { client, refusal: unbound as Error }
  }
  return { client, captcha: { token }, ...(!complete && { refusal: ampnetError('0101', MISSING_FIELDS) }) }
}

/** Sign-up and mail confirmation. */
export function accountRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  app.post('/signup', async (request) => {
    const body = bodyObject(request.body)
    const method = requiredChoice(body, 'signup_method', signupMethods)
    const info = stringMap(body, 'user_info')
    const coop = optionalString(body, 'coop')
    const admitted = (complete: boolean) => signUpRequest(clientOf(request), body, complete)
    const coopShown = coop ?? core.tenants.defaultTenant().identifier
    const coopMessages = {
      tenant_not_found: `Missing coop with identifier: ${coopShown}`,
      sign_up_disabled: `Signup is disabled for coop: ${coopShown}`,
    }
    if (method !== 'EMAIL') {
      const signUp = core.signUp.withProvider(admitted(info.token !== undefined), {
        coopIdentifier: coop,
        provider: method,
        token: info.token ?? '',
      })
      // The address is the provider's, which the client never sent: the refusal carries it.
      const user = await explained(signUp, coopMessages).catch((error: unknown) => {
        if (!isAppError(error) || error.code !== 'email_taken') throw error
        return explained(Promise.reject(error), {
          email_taken: `Trying to create user with email that already exists: ${error.details.email} in coop: ${coopShown}`,
        })
      })
      return userResponse(core, user)
    }
    const { email, password } = info
    // An absent address mails nobody: the request counts against the client only.
    const user = await explained(
      core.signUp.withEmail(admitted(email !== undefined && password !== undefined), {
        coopIdentifier: coop,
        email: email ?? '',
        password: password ?? '',
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
    await core.emailConfirmation.resend(clientOf(request), user)
    return reply.code(200).send()
  })
}
