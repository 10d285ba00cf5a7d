import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { type FakeFailure, playFailure, sendJson } from './fake-http.ts'

// Google as its documentation describes it: GET /oauth2/v2/userinfo with `Authorization: Bearer
// <access token>` answering {id, email, verified_email, name, given_name, family_name, picture} or
// 401 {error:{code, message, status}}; GET /oauth2/v3/certs, the JWKS that verifies ID tokens
// (RS256 JWTs from https://accounts.google.com with aud = the OAuth client id).

export const GOOGLE_CLIENT_ID = 'latchkey-test.apps.googleusercontent.com'

export interface GoogleUser {
  readonly email?: string
  readonly verified_email?: boolean
  readonly given_name?: string
  readonly family_name?: string
}

export interface IdTokenOptions {
  /** Signed by a key Google never published (under Google's key id). */
  readonly foreignKey?: boolean
  /** Seconds from now; negative: already expired. Default one hour. */
  readonly expiresIn?: number
}

export interface FakeGoogle {
  /** http://127.0.0.1:<port>/oauth2/v2/userinfo */
  readonly userinfoUrl: string
  /** http://127.0.0.1:<port>/oauth2/v3/certs */
  readonly jwksUrl: string
  /** Makes the next userinfo and JWKS calls fail this way. */
  failure: FakeFailure | undefined
  /** Authorization headers the userinfo endpoint received. */
  readonly authorizations: string[]
  /** An OAuth access token (opaque, `ya29.` like Google's) for this person. */
  accessToken(user: GoogleUser): string
  /** An ID token for this person; claims override Google's usual ones. */
  idToken(user: GoogleUser, claims?: JWTPayload, options?: IdTokenOptions): Promise<string>
  close(): Promise<void>
}

const KID = 'fake-google-key-1'

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const keys = await generateKeyPair('RS256', { extractable: true })
  const foreign = await generateKeyPair('RS256')
  const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }
  const people = new Map<string, GoogleUser>()
  const state: { failure: FakeFailure | undefined; authorizations: string[] } = {
    failure: undefined,
    authorizations: [],
  }

  function userinfo(request: IncomingMessage, response: ServerResponse) {
    const authorization = request.headers.authorization ?? ''
    state.authorizations.push(authorization)
    const person = people.get(authorization.replace(/^Bearer /, ''))
    if (person === undefined) {
      return sendJson(response, 401, {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      })
    }
    sendJson(response, 200, {
      id: '1234567890',
      name: 'A Person',
      picture: 'https://lh3.example/p.jpg',
      ...person,
    })
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname
    if (playFailure(response, state.failure)) return
    if (request.method === 'GET' && path === '/oauth2/v2/userinfo') return userinfo(request, response)
    if (request.method === 'GET' && path === '/oauth2/v3/certs')
      return sendJson(response, 200, { keys: [publicJwk] })
    sendJson(response, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let issued = 0

  return {
    userinfoUrl: `${base}/oauth2/v2/userinfo`,
    jwksUrl: `${base}/oauth2/v3/certs`,
    get failure() {
      return state.failure
    },
    set failure(failure) {
      state.failure = failure
    },
    authorizations: state.authorizations,
    accessToken(user) {
      const token = `ya29.fake-${++issued}`
      people.set(token, user)
      return token
    },
    async idToken(user, claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000)
      const { verified_email, ...names } = user
      return new SignJWT({
        iss: 'https://accounts.google.com',
        azp: GOOGLE_CLIENT_ID,
        aud: GOOGLE_CLIENT_ID,
        sub: '1234567890',
        iat: now - 60,
        exp: now + (options.expiresIn ?? 3600),
        ...names,
        ...(verified_email !== undefined && { email_verified: verified_email }),
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .sign(options.foreignKey ? foreign.privateKey : keys.privateKey)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A loopback URL where nothing listens: a provider that is down. */
export async function closedPortUrl(path = '/'): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}${path}`
}
