import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import type { NewOidcClient } from '../../src/core/oidc/oidc-client.ts'
import { type Browser, chromiumMissing, launchBrowser } from './chromium.ts'
import type { TestDialect } from './databases.ts'
import { freePort } from './free-port.ts'
import { type CallbackServer, startCallbackServer } from './oidc-browser.ts'
import { late } from './suite.ts'
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

/** A confidential client of the default tenant; `input` names what the test cares about. */
export async function createOidcClient(
  app: TestApp,
  input: Partial<Omit<NewOidcClient, 'tenantId'>> & Pick<NewOidcClient, 'grantTypes'>,
): Promise<{ readonly id: string; readonly secret: string }> {
  const { client, secret } = await app.core.sessions.oidcClients.create({
    tenantId: app.core.tenants.tenants.defaultTenant().id,
    name: 'Example App',
    redirectUris: [],
    postLogoutRedirectUris: [],
    isPublic: false,
    resources: [],
    ...input,
  })
  return { id: client.id, secret: secret ?? assert.fail('a confidential client has a secret') }
}

export interface OidcFixture {
  readonly world: OidcWorld
  /** The relying party's redirect target. */
  readonly callback: CallbackServer
  /** Only with `browser: true`. */
  readonly browser: Browser
}

/**
 * The OIDC world, a callback server and (with `browser: true`) Chromium for the enclosing suite;
 * none is started when the suite needs Chromium and it is missing (its tests skip).
 */
export function useOidcWorld(
  dialect: TestDialect,
  options: { readonly env?: Record<string, string>; readonly browser?: boolean } = {},
): OidcFixture {
  let world: OidcWorld | undefined
  let callback: CallbackServer | undefined
  let browser: Browser | undefined
  before(async () => {
    if (options.browser && chromiumMissing) return
    world = await startOidcWorld({ dialect, ...(options.env && { env: options.env }) })
    callback = await startCallbackServer()
    if (options.browser) browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await callback?.close()
    await world?.app.close()
  })
  return {
    world: late('the OIDC world', () => world),
    callback: late('the callback server', () => callback),
    browser: late('Chromium', () => browser),
  }
}
