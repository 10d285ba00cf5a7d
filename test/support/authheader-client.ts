import { createAccount, DEFAULT_PASSWORD } from './accounts.ts'
import type { TestApp } from './test-app.ts'

/** Calls of the authheader surface's key management, for the app a suite's `before` made. */
export function authheaderClient(appOf: () => TestApp) {
  let counter = 0
  return {
    /** The username of the user `signedIn` made last. */
    lastUsername: () => `keys${counter}`,
    /** A fresh user signed in through the surface; their JWT. */
    async signedIn(): Promise<string> {
      counter += 1
      await createAccount(appOf(), { email: `keys${counter}@example.com`, username: `keys${counter}` })
      const response = await appOf().inject({
        method: 'POST',
        url: '/user/login',
        payload: { username: `keys${counter}`, password: DEFAULT_PASSWORD },
      })
      return response.json().Token
    },
    add: (jwt: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${jwt}` }) =>
      appOf().inject({
        method: 'POST',
        url: '/authheader/add',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      }),
    list: (headers: Record<string, string>) =>
      appOf().inject({ method: 'GET', url: '/authheader/list', headers }),
    secureWithKey: (key: string) =>
      appOf().inject({ method: 'GET', url: '/test/secure', headers: { 'x-authorization': key } }),
  }
}
