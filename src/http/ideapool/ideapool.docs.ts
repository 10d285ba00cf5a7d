import { AppError } from '../../core/errors.ts'
import type { ErrorDoc, RouteDoc } from '../shared/define-route.ts'
import { MissingParamError } from './ideapool.errors.ts'

// The doc fragments Idea Pool's routes share.

export const missing = (field: string): ErrorDoc => ({
  description: 'A required parameter is missing or blank',
  examples: [new MissingParamError(field)],
})

/**
 * An `auth: 'required'` route: its 401, and its own refusals. The JWT is judged before the handler
 * (ideapool.auth.ts), after the body was parsed: malformed JSON is a 400 before any 401.
 */
export const securedDoc = (summary: string, errors: RouteDoc['errors'] = {}): RouteDoc => ({
  summary,
  security: ['accessToken'],
  errors: {
    401: {
      description: 'No access token, or a malformed, expired or revoked one',
      examples: [new AppError('invalid_token')],
    },
    ...errors,
  },
})
