import type { FastifyServerOptions } from 'fastify'

type ConstraintStrategy = NonNullable<
  NonNullable<FastifyServerOptions['routerOptions']>['constraints']
>[string]

// `GET /me` is the one path two surfaces share: Idea Pool answers a request
// carrying X-Access-Token, AMPnet every other. The router picks the route from this derived value,
// so each surface keeps its own handler, hooks and error handler.
export const ME_CREDENTIAL = 'meCredential'

export type MeCredential = 'x-access-token' | 'other'

export const meCredentialStrategy: ConstraintStrategy = {
  name: ME_CREDENTIAL,
  // Routes without the constraint (every other route) still match whatever is derived.
  mustMatchWhenDerived: false,
  storage() {
    const handlers = new Map<string, unknown>()
    return {
      get: (value) => (handlers.get(value) ?? null) as never,
      set: (value, handler) => void handlers.set(value, handler),
    }
  },
  validate(value) {
    if (value !== 'x-access-token' && value !== 'other') throw new Error(`unknown ${ME_CREDENTIAL}`)
  },
  deriveConstraint: (request): MeCredential =>
    request.headers['x-access-token'] === undefined ? 'other' : 'x-access-token',
}

/** The route constraints for a surface's `/me`, or none when it has the path to itself. */
export function meConstraints(shared: boolean, credential: MeCredential): Record<string, string> | undefined {
  return shared ? { [ME_CREDENTIAL]: credential } : undefined
}
