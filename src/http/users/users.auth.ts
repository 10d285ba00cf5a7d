import type { CredentialPlaces } from '../shared/authenticate.ts'
import { NoTokenError } from './users.errors.ts'

/**
 * The JWT from `?token=` or else the `x-access-token` header: the query wins when both are sent, as
 * the seed's reference does. None at all: 403; sent but bad (`?token=a&token=b` included): 401.
 */
export const usersPlaces: CredentialPlaces = {
  phase: 'preHandler',
  token: [{ query: 'token' }, { header: 'x-access-token' }],
  missing: () => new NoTokenError(),
}
