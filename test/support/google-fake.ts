import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose'
import { type FakeFailure, playFailure, sendJson } from './fake-http.ts'

// Google as its documentation describes it: GET /oauth2/v2/userinfo with `Authorization: Bearer
// <access token>` answering {id, email, verified_email, name, given_name, family_name, picture} or
// 401 {error:{code, message, status}}; GET /oauth2/v3/certs, the JWKS that verifies ID tokens
// (RS256 JWTs from https://accounts.google.com with aud = the OAuth client id); GET
// /tokeninfo?access_token=… answering {azp, aud, scope, exp, expires_in, email, email_verified} for a
// live access token, or 400 {error: "invalid_token", error_description: "Invalid Value"}.

export const GOOGLE_CLIENT_ID = 'latchkey-test.apps.googleusercontent.com'

export interface GoogleUser {
  readonly email?: string
  /** As Google reports it; Google always sends the flag (true unless given), `null` leaves it out. */
  readonly verified_email?: boolean | null
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
  /** http://127.0.0.1:<port>/tokeninfo */
  readonly tokeninfoUrl: string
  /** Makes the next userinfo and JWKS calls fail this way. */
  failure: FakeFailure | undefined
  /** Authorization headers the userinfo endpoint received. */
  readonly authorizations: string[]
  /** An OAuth access token (opaque, `ya29.` like Google's) for this person, issued to `clientId`. */
  accessToken(user: GoogleUser, clientId?: string): string
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
  const clients = new Map<string, string>()
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
    const { verified_email = true, ...rest } = person
    sendJson(response, 200, {
      id: '1234567890',
      name: 'A Person',
      picture: 'https://lh3.example/p.jpg',
      ...rest,
      ...(verified_email !== null && { verified_email }),
    })
  }

  function tokeninfo(request: IncomingMessage, response: ServerResponse) {
    const token = new URL(request.url ?? '/', 'http://fake').searchParams.get('access_token') ?? ''
    const person = people.get(token)
    const client = clients.get(token)
    if (person === undefined || client === undefined) {
      return sendJson(response, 400, { error: 'invalid_token', error_description: 'Invalid Value' })
    }
    sendJson(response, 200, {
      azp: client,
      aud: client,
      scope: 'openid https://www.googleapis.com/auth/userinfo.email',
      exp: String(Math.floor(Date.now() / 1000) + 3600),
      expires_in: '3599',
      email: person.email,
      email_verified: String(person.verified_email !== false),
    })
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname
    if (playFailure(response, state.failure)) return
    if (request.method === 'GET' && path === '/oauth2/v2/userinfo') return userinfo(request, response)
    if (request.method === 'GET' && path === '/tokeninfo') return tokeninfo(request, response)
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
    tokeninfoUrl: `${base}/tokeninfo`,
    get failure() {
      return state.failure
    },
    set failure(failure) {
      state.failure = failure
    },
    authorizations: state.authorizations,
    accessToken(user, clientId = GOOGLE_CLIENT_ID) {
      const token = `ya29.fake-${++issued}`
      people.set(token, user)
      clients.set(token, clientId)
      return token
    },
    async idToken(user, claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000)
      const { verified_email = true, ...names } = user
      return new SignJWT({
        iss: 'https://accounts.google.com',
        azp: GOOGLE_CLIENT_ID,
        aud: GOOGLE_CLIENT_ID,
        sub: '1234567890',
        iat: now - 60,
        exp: now + (options.expiresIn ?? 3600),
        ...names,
        ...(verified_email !== null && { email_verified: verified_email }),
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
