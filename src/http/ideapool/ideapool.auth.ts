import { AppError } from '../../core/errors.ts'
import type { CredentialPlaces } from '../shared/authenticate.ts'

/**
 * A JWT sent raw (no "Bearer") in X-Access-Token, judged where the handlers used to authenticate:
 * after the body was parsed, before the route reads its parameters.
 */
export const ideapoolPlaces: CredentialPlaces = {
  phase: 'preHandler',
  token: [{ header: 'X-Access-Token' }],
  missing: () => new AppError('invalid_token'),
}
