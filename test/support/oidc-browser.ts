import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import * as oidc from 'openid-client'
import type { Page } from 'playwright-core'

export { type Browser, chromiumMissing, launchBrowser, SCREENSHOTS, screenshot } from './chromium.ts'

export interface CallbackServer {
  readonly url: string
  close(): Promise<void>
}

/** The relying party's redirect target: a tiny server that answers every request with 200. */
export async function startCallbackServer(): Promise<CallbackServer> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('back in the app')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  assert.ok(typeof address === 'object' && address !== null)
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** openid-client configured from the issuer's discovery document (plain http in tests). */
export function discover(issuer: string, clientId: string, secret: string | undefined) {
  return oidc.discovery(
    new URL(issuer),
    clientId,
    undefined,
    secret === undefined ? oidc.None() : oidc.ClientSecretBasic(secret),
    { execute: [oidc.allowInsecureRequests] },
  )
}

export interface AuthorizationRequest {
  readonly url: URL
  readonly verifier: string
  readonly state: string
  readonly nonce: string
}

/** An authorization URL with PKCE (S256), state and nonce. */
export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  extra: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: 'openid email profile offline_access',
    // offline_access needs prompt=consent; '' in `extra` leaves a parameter out.
    prompt: 'consent',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  }
  for (const [name, value] of Object.entries(parameters)) if (value === '') delete parameters[name]
  const url = oidc.buildAuthorizationUrl(config, parameters)
  return { url, verifier, state, nonce }
}

/** Fills the hosted sign-in form and submits it. */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('#email').fill(email)
  await page.locator('#password').fill(password)
  await page.locator('button[type=submit]').click()
}

/**
 * The browser signs in (and allows, when asked) until it is back at `redirectUri`; the URL it
 * arrived at, with the code.
 */
export async function signInThroughBrowser(
  page: Page,
  request: AuthorizationRequest,
  redirectUri: string,
  account: { email: string; password: string },
): Promise<URL> {
  await page.goto(request.url.href)
  if (page.url().startsWith(redirectUri)) return new URL(page.url())
  await page.locator('h1').waitFor()
  if ((await page.locator('#password').count()) > 0) {
    const signInUrl = page.url()
    await fillSignIn(page, account.email, account.password)
    // Consent is a new interaction (another uid), so any other URL means the sign-in went through.
    await page.waitForURL((url) => url.href !== signInUrl)
  }
  if (!page.url().startsWith(redirectUri)) {
    await page.locator('button[value=allow]').click()
    await page.waitForURL((url) => url.href.startsWith(redirectUri))
  }
  return new URL(page.url())
}
