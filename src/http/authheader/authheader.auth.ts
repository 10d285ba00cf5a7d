import { AppError } from '../../core/errors.ts'
import type { CredentialPlaces } from '../shared/authenticate.ts'

/**
 * The JWT in `Authorization`, with or without the `Bearer` scheme (clients of the seed send both);
 * on routes with `keys: true` an API key in `X-Authorization` (bare, no scheme) may stand in for it.
 * The key stands in rather than joins, so when both are sent the JWT decides. An optional route
 * ignores a bad JWT.
 */
export const authheaderPlaces: CredentialPlaces = {
  phase: 'preHandler',
  token: [{ header: 'authorization', scheme: 'maybe-bearer' }],
  apiKey: { header: 'X-Authorization' },
  missing: () => new AppError('invalid_token'),
}
