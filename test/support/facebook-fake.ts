import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type FakeFailure, playFailure, sendJson } from './fake-http.ts'

// Facebook's Graph API as documented: GET /{version}/me?fields=id,email,first_name,last_name
// with the user token (Authorization: Bearer, or ?access_token=), optionally with
// appsecret_proof = hex HMAC-SHA256(app secret, token); GET /{version}/debug_token?input_token=…
// with an app token `{app id}|{app secret}` answering {data:{app_id, type, application,
// expires_at, is_valid, issued_at, scopes, user_id}}. A refused token is a 400 OAuthException.

export const FACEBOOK_APP_ID = '1234567890123456'
export const FACEBOOK_APP_SECRET = 'fake-facebook-app-secret'
export const FACEBOOK_VERSION = 'v21.0'
const OTHER_APP_ID = '6543210987654321'

export interface FacebookUser {
  readonly email?: string
  readonly first_name?: string
  readonly last_name?: string
}

export interface FakeFacebook {
  /** http://127.0.0.1:<port> (the Graph base URL, without the version) */
  readonly url: string
  /** Makes the next calls fail this way. */
  failure: FakeFailure | undefined
  /** Paths with their query strings, as received. */
  readonly calls: string[]
  /** A user access token for this person, issued to our app or, with `otherApp`, to another. */
  userToken(user: FacebookUser, options?: { otherApp?: boolean }): string
  close(): Promise<void>
}

const oauthError = (response: ServerResponse, code: number, message: string) =>
  sendJson(response, 400, {
    error: { message, type: 'OAuthException', code, fbtrace_id: randomBytes(8).toString('hex') },
  })

export async function startFakeFacebook(): Promise<FakeFacebook> {
  const tokens = new Map<string, { user: FacebookUser; appId: string; userId: string }>()
  const state: { failure: FakeFailure | undefined; calls: string[] } = { failure: undefined, calls: [] }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    state.calls.push(`${url.pathname}${url.search}`)
    if (playFailure(response, state.failure)) return
    const header = (request.headers.authorization ?? '').replace(/^(Bearer|OAuth) /, '')
    const accessToken = url.searchParams.get('access_token') ?? header
    if (url.pathname === `/${FACEBOOK_VERSION}/me`) {
      const issued = tokens.get(accessToken)
      if (issued === undefined) return oauthError(response, 190, 'Invalid OAuth access token data.')
      const proof = url.searchParams.get('appsecret_proof')
      const expected = createHmac('sha256', FACEBOOK_APP_SECRET).update(accessToken).digest('hex')
      if (proof !== null && proof !== expected) {
        return oauthError(response, 100, 'Invalid appsecret_proof provided in the API argument')
      }
      const fields = (url.searchParams.get('fields') ?? 'id,name').split(',')
      const person: Record<string, unknown> = { id: issued.userId, name: 'A Person', ...issued.user }
      return sendJson(
        response,
        200,
        Object.fromEntries(fields.flatMap((f) => (f in person ? [[f, person[f]]] : []))),
      )
    }
    if (url.pathname === `/${FACEBOOK_VERSION}/debug_token`) {
      if (accessToken !== `${FACEBOOK_APP_ID}|${FACEBOOK_APP_SECRET}`) {
        return oauthError(response, 190, 'Invalid OAuth access token signature.')
      }
      const issued = tokens.get(url.searchParams.get('input_token') ?? '')
      if (issued === undefined) {
        return sendJson(response, 200, {
          data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] },
        })
      }
      const now = Math.floor(Date.now() / 1000)
      return sendJson(response, 200, {
        data: {
          app_id: issued.appId,
          type: 'USER',
          application: issued.appId === FACEBOOK_APP_ID ? 'Latchkey test' : 'Someone else',
          expires_at: now + 3600,
          is_valid: true,
          issued_at: now - 60,
          scopes: ['email', 'public_profile'],
          user_id: issued.userId,
        },
      })
    }
    oauthError(response, 2500, 'Unknown path components')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  let issued = 0

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get failure() {
      return state.failure
    },
    set failure(failure) {
      state.failure = failure
    },
    calls: state.calls,
    userToken(user, options = {}) {
      const token = `EAAfake${++issued}${randomBytes(6).toString('hex')}`
      tokens.set(token, {
        user,
        appId: options.otherApp ? OTHER_APP_ID : FACEBOOK_APP_ID,
        userId: `10${issued}`,
      })
      return token
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
