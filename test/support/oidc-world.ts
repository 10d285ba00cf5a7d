import { freePort } from './free-port.ts'
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts'

export interface OidcWorld {
  readonly app: TestApp
  /** PUBLIC_URL: http://127.0.0.1:<port> */
  readonly baseUrl: string
  /** The default tenant's issuer. */
  readonly issuer: string
}

/** The whole app listening on a real port, so that a browser and an OIDC client can reach it. */
export async function startOidcWorld(options: TestAppOptions = {}): Promise<OidcWorld> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const app = await createTestApp({
    ...options,
    env: { PUBLIC_URL: baseUrl, PORT: String(port), ...options.env },
  })
  await app.server.listen({ host: '127.0.0.1', port })
  return { app, baseUrl, issuer: `${baseUrl}/oidc` }
}
