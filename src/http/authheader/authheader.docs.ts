import { AppError, validationError } from '../../core/errors.ts'
import { type ErrorDoc, signedInRoutes } from '../shared/define-route.ts'
import type { AuthheaderDeps } from './authheader.wire.ts'

// The doc fragments authheader's routes share, and the shape of its JWT-only routes.

/** The one refusal of a credential, whatever was wrong with it. */
export const unauthorized: ErrorDoc = {
  description: 'Missing, invalid, expired or revoked credential',
  examples: [new AppError('invalid_token')],
}

export const required = (field: string) => validationError([{ field, problem: 'is required' }])

/** The 400 of a body whose named field is missing (each field is refused alike). */
export const missingFields = (field: string): ErrorDoc => ({
  description: 'Missing or invalid fields',
  examples: [required(field)],
})

/**
 * A route for the JWT alone (an API key opens no session and manages no keys): a signed-in caller,
 * its 401 and its own refusals.
 */
export const jwtOnlyRoute = signedInRoutes<AuthheaderDeps>(['bearer'], (own) => ({
  401: unauthorized,
  ...own,
}))
