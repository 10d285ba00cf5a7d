import type { FastifyReply, FastifyRequest } from 'fastify'
import Type, { type TSchema } from 'typebox'
import type { ErrorDoc, SurfaceContract } from '../shared/define-route.ts'
import {
  ampnetError,
  ampnetErrors,
  DISABLED_PROFILE,
  emptyError,
  frameworkError,
  jwtError,
} from './ampnet.errors.ts'

// AMPnet's error shapes as schemas (property order is wire order: they serialize the bodies), and
// the failures every route shares, as ampnet.auth.ts answers them.

export const ampnetErrorBody = Type.Object({
  description: Type.String(),
  err_code: Type.String({ description: '4 digits' }),
  message: Type.String(),
  errors: Type.Record(Type.String(), Type.String()),
})

// Closed: an AMPnet body must not pass for it, or a status with both would lose `errors`.
export const jwtErrorBody = Type.Object(
  { description: Type.String(), err_code: Type.String(), message: Type.String() },
  { additionalProperties: false },
)

export const frameworkBody = Type.Object({
  timestamp: Type.String(),
  status: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  path: Type.String(),
})

/** No body: a handler-chosen empty response. */
export const emptyBody = Type.Null()

// The shapes ampnet.errors.ts answers with each status (any other: the framework body). A route's
// schema of a status admits all of them, whichever its examples show, since the schema serializes
// the body.
const shapesByStatus: Readonly<Record<number, readonly TSchema[]>> = {
  400: [ampnetErrorBody, jwtErrorBody, frameworkBody, emptyBody],
  403: [ampnetErrorBody, frameworkBody],
  404: [emptyBody],
  500: [ampnetErrorBody, frameworkBody],
  502: [ampnetErrorBody, emptyBody],
  503: [ampnetErrorBody, frameworkBody],
}

function errorBodyOf(status: number): TSchema {
  const shapes = shapesByStatus[status] ?? [frameworkBody]
  return shapes.length === 1 ? (shapes[0] ?? frameworkBody) : Type.Union([...shapes])
}

export const ampnetContract: SurfaceContract = { errors: ampnetErrors, errorBody: errorBodyOf }

type ErrorDocs = Readonly<Record<number, ErrorDoc>>

const badToken = jwtError('0204')
// Any route's input may fail to bind: the framework's 400.
const unbound = frameworkError(400)

/** One status's docs with another's examples added (the shared 400s beside the route's own). */
function joined(shared: ErrorDoc, own: ErrorDoc | undefined): ErrorDoc {
  if (own === undefined) return shared
  return {
    ...own,
    description: `${own.description}; ${shared.description}`,
    examples: [...own.examples, ...shared.examples],
  }
}

/** Public: only a Bearer token that comes along can fail: invalid (0204), or its user disabled (409). */
export function openErrors(errors: ErrorDocs): ErrorDocs {
  return {
    409: {
      description: 'A token came along and its user is disabled',
      examples: [frameworkError(409, DISABLED_PROFILE)],
    },
    ...errors,
    400: joined(
      {
        description: '0204 Invalid JWT (a bad Bearer token); framework: input that does not bind',
        examples: [badToken, unbound],
      },
      errors[400],
    ),
  }
}

/** Needs a Bearer token: no token is 0206, a disabled user 409, a missing privilege 403. */
export function guardedErrors(errors: ErrorDocs, privileged = true): ErrorDocs {
  return {
    409: { description: 'The user is disabled', examples: [frameworkError(409, DISABLED_PROFILE)] },
    ...(privileged && {
      403: { description: 'The role lacks the privilege', examples: [frameworkError(403)] },
    }),
    ...errors,
    400: joined(
      {
        description:
          '0204 Invalid JWT (a bad Bearer token) or 0206 (no token); framework: input that does not bind',
        examples: [badToken, jwtError('0206'), unbound],
      },
      errors[400],
    ),
  }
}

/** A fault's framework 500, documented beside a route's own 500. */
export const serverFault = () => frameworkError(500, 'Internal server error (request req-1)')

/** An empty response of this status. */
export const emptyDoc = (status: number, description: string): ErrorDoc => ({
  description,
  examples: [emptyError(status)],
})

/** 0301: the token's user is gone, on a route that says so (`missingUser: 'missing_user'`, ampnet.auth.ts). */
export const userGoneDoc: ErrorDoc = {
  description: '0301 the user is gone',
  examples: [ampnetError('0301', 'Missing user with uuid: x')],
}

/** An empty success of this status. */
export const emptySuccess = (description: string) => Type.Null({ description })

/** The handler of a route whose success is the original's empty 200: no body, no content type. */
export function answeredEmpty<D>(act: (request: FastifyRequest, deps: D) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply, deps: D): Promise<FastifyReply> => {
    await act(request, deps)
    return reply.code(200).send()
  }
}
