import Type from 'typebox'
import type { SignUpRequest } from '../../../core/auth/sign-up.service.ts'
import { AppError, isAppError } from '../../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../../core/password/breached-password.ts'
import { ampnetPasswordRule } from '../../../core/password/password-rules.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { defineRoute } from '../../shared/define-route.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { refusalDocs } from '../../shared/refusal-docs.ts'
import { answeredEmpty, emptyDoc, emptySuccess, openErrors } from '../ampnet.contract.ts'
import { ampnetError, explained, frameworkError, validationError } from '../ampnet.errors.ts'
import { guardedRoute } from '../ampnet.guarded-route.ts'
import {
  type Body,
  bodyObject,
  optionalString,
  requiredChoice,
  signupMethods,
  stringMap,
} from '../ampnet.params.ts'
import { type AmpnetDeps, userResponse, userSchema } from '../ampnet.wire.ts'

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

const signUpBody = Type.Object({
  signup_method: Type.Union(signupMethods.map((method) => Type.Literal(method))),
  user_info: Type.Record(Type.String(), Type.String()),
  coop: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  re_captcha_token: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

const signUp = defineRoute({
  method: 'POST',
  path: '/signup',
  auth: 'optional',
  limit: 'signUp',
  schema: { body: signUpBody, response: { 200: userSchema('The new user') } },
  doc: {
    summary: 'Sign up with e-mail, Google or Facebook',
    errors: openErrors({
      400: {
        description: `0101, 0103, 0110, 0112, 1001 or 0808 (also a password that ${BREACHED_PROBLEM}); a framework 400 for a body that does not bind`,
        examples: [
          ampnetError('0101', MISSING_FIELDS),
          ampnetError('0103', 'Trying to create user with email that already exists'),
          new AppError('captcha_failed'),
          new AppError('sign_up_disabled'),
          new AppError('tenant_not_found'),
          validationError([{ field: 'password', problem: BREACHED_PROBLEM }]),
          frameworkError(400),
        ],
      },
      429: refusalDocs.limited,
      502: { description: '0106 provider failed', examples: [new AppError('social_login_failed')] },
      503: refusalDocs.busyOrUncheckable,
    }),
  },
  handler: async (request, _reply, { core, settings }: AmpnetDeps) => {
    const body = bodyObject(request.body)
    const method = requiredChoice(body, 'signup_method', signupMethods)
    const info = stringMap(body, 'user_info')
    const coop = optionalString(body, 'coop')
    const admitted = (complete: boolean) => signUpRequest(clientOf(request), body, complete)
    const coopShown = coop ?? core.tenants.tenants.defaultTenant().identifier
    const coopMessages = {
      tenant_not_found: `Missing coop with identifier: ${coopShown}`,
      sign_up_disabled: `Signup is disabled for coop: ${coopShown}`,
    }
    if (method !== 'EMAIL') {
      const signUp = core.identity.signUp.withProvider(admitted(info.token !== undefined), {
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
      core.identity.signUp.withEmail(admitted(email !== undefined && password !== undefined), {
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
  },
})

// Open to an unconfirmed user's token too: a browser that still sends it must be able to confirm.
const confirmMail = defineRoute({
  method: 'GET',
  path: '/mail-confirmation',
  auth: 'optional',
  config: { admitsUnconfirmed: true },
  schema: {
    querystring: Type.Object({ token: Type.String({ description: 'The token from the mail' }) }),
    response: { 200: emptySuccess('Confirmed') },
  },
  doc: {
    summary: 'Confirm an e-mail address',
    errors: openErrors({
      400: {
        description: '0104 a token of the wrong format, 0105 an expired one; a framework 400 without one',
        examples: [
          ampnetError('0104', 'Token: x is not in a valid format.'),
          new AppError('confirmation_token_expired'),
          frameworkError(400),
        ],
      },
      404: emptyDoc(404, 'Unknown token'),
    }),
  },
  handler: answeredEmpty(async (request, { core }: AmpnetDeps) => {
    const { token } = request.query as { token?: unknown }
    if (typeof token !== 'string') throw frameworkError(400)
    if (!isUuid(token)) throw ampnetError('0104', `Token: ${token} is not in a valid format.`)
    await explained(core.identity.emailConfirmation.confirm(token), {
      confirmation_token_expired: `User is trying to confirm mail with expired token: ${token}`,
    })
  }),
})

// Open to unconfirmed (disabled) users: they are the ones who need it (the original gave them 409).
const resendMail = guardedRoute({
  method: 'GET',
  path: '/mail-confirmation/resend',
  limit: 'mailResend',
  config: { admitsUnconfirmed: true },
  schema: { response: { 200: emptySuccess('Sent') } },
  summary: 'Send the confirmation mail again',
  errors: { 404: emptyDoc(404, 'The user is gone'), 429: refusalDocs.limited },
  handler: answeredEmpty((request, { core }: AmpnetDeps) =>
    core.identity.emailConfirmation.resend(clientOf(request), actorOf(request).user),
  ),
})

/** Sign-up and mail confirmation. */
export const accountRoutes = [signUp, confirmMail, resendMail]
