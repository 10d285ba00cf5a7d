import { AppError, validationError } from '../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../core/password/breached-password.ts'
import { usersPasswordRule } from '../../core/password/password-rules.ts'
import { actorOf } from '../shared/authenticate.ts'
import { defineRoute } from '../shared/define-route.ts'
import { passwordSignInRoute } from '../shared/sign-in-route.ts'
import { passwordSignUpRoute } from '../shared/sign-up-route.ts'
import type { SurfaceOptions } from '../shared/surface.ts'
import { NoTokenError } from './users.errors.ts'
import { bodyOf } from './users.params.ts'
import {
  credentialsBody,
  meBody,
  meSchema,
  registerBody,
  registeredBody,
  signedInBody,
  tokenPolicy,
  type UsersSettings,
} from './users.wire.ts'

export type UsersDeps = SurfaceOptions<UsersSettings>

const AWAITS_CONFIRMATION = 'Confirm your email address with the link we sent you, then sign in.'

const notAString = validationError([{ field: 'email', problem: 'must be a string' }])

const login = passwordSignInRoute({
  path: '/users/login',
  summary: 'Log in',
  body: credentialsBody,
  credentials: (body) => bodyOf(credentialsBody, body),
  status: 200,
  response: signedInBody,
  answer: (signedIn) => ({ uid: signedIn.user.id, token: signedIn.accessToken }),
  policy: tokenPolicy,
  wrongPassword: 'Wrong email or password',
  errors: { 400: { description: 'Missing or invalid fields', examples: [notAString] } },
})

// Sign-up only: the client signs in afterwards, so no session is opened here.
const register = passwordSignUpRoute({
  path: '/users/register',
  summary: 'Register',
  body: registerBody,
  response: { 201: registeredBody },
  account: (body) => {
    const fields = bodyOf(registerBody, body)
    return { email: fields.email, password: fields.password, name: fields.name?.trim() ?? '' }
  },
  passwordRule: usersPasswordRule,
  // Register never opened a session, so the account can be reported as created; it stays
  // disabled until the mailed link is used, and the message says so.
  answer: async (reply, _options, { user, awaitsConfirmation }) =>
    awaitsConfirmation
      ? reply.code(201).send({ success: true, uid: user.id, message: AWAITS_CONFIRMATION })
      : reply.code(201).send({ success: true, uid: user.id }),
  errors: {
    400: {
      description: `Missing or invalid fields; a breached password: password ${BREACHED_PROBLEM}`,
      examples: [notAString, validationError([{ field: 'password', problem: BREACHED_PROBLEM }])],
    },
    409: { description: 'Email taken', examples: [new AppError('email_taken')] },
  },
})

const me = defineRoute({
  method: 'GET',
  path: '/users/me',
  auth: 'required',
  schema: { response: { 200: meSchema } },
  doc: {
    summary: 'The current user',
    security: ['queryToken', 'accessToken'],
    errors: {
      401: { description: 'Malformed, expired or revoked token', examples: [new AppError('invalid_token')] },
      403: { description: 'No token', examples: [new NoTokenError()] },
    },
  },
  // The user was read to authenticate (users.auth.ts): no second look-up.
  handler: async (request) => meBody(actorOf(request).user),
})

export const usersRoutes = [login, register, me]
