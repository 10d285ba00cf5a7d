import assert from 'node:assert/strict'
import type { SmtpSink } from './smtp-sink.ts'
import { type SurfaceWorld, surfaceSuite } from './suite.ts'
import type { TestApp } from './test-app.ts'

export const AMPNET_PASSWORD = 'abcdefgh'
export const COOP = 'ampnet-test'

/** The settings of the original's test suite: default coop `ampnet-test`, no first-admin rule. */
export function ampnetEnv(sink: SmtpSink, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMTP_URL: sink.url,
    MAIL_BASE_URL: 'https://app.example',
    AMPNET_DEFAULT_COOP: COOP,
    AMPNET_FIRST_ADMIN: 'false',
    ...extra,
  }
}

/** Sign-ups enabled at once, as most suites want (the default asks for a confirmed address). */
export const WITHOUT_CONFIRMATION = { AMPNET_MAIL_CONFIRMATION: 'false' }

type AmpnetSuite = (world: SurfaceWorld) => void

/** Runs `suite` once per test database on an app with `ampnetEnv` (plus `extra`) and its SMTP sink. */
export function ampnetSuite(name: string, ...args: [AmpnetSuite] | [Record<string, string>, AmpnetSuite]) {
  const [extra, suite] = args.length === 1 ? [{}, args[0]] : args
  surfaceSuite(name, { mail: true, env: (sink) => ampnetEnv(sink, extra) }, suite)
}

export function signUpBody(email: string, extra: Record<string, unknown> = {}) {
  return {
    signup_method: 'EMAIL',
    user_info: { first_name: 'first', last_name: 'last', email, password: AMPNET_PASSWORD },
    coop: COOP,
    re_captcha_token: 'token',
    ...extra,
  }
}

export async function signUp(app: TestApp, email: string) {
  const response = await app.inject({ method: 'POST', url: '/signup', payload: signUpBody(email) })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<{ uuid: string; enabled: boolean; role: string }>()
}

/** The token of the last mail to `email` whose link goes to `path` (mail_confirmation, reset_password). */
export async function tokenFromMail(sink: SmtpSink, email: string, path: string, count: number) {
  const mails = await sink.waitFor(count)
  const mail = mails.filter((each) => each.to === email).at(-1)
  assert.ok(mail, `a mail to ${email}`)
  const link = new RegExp(`https://app\\.example/${COOP}/auth/${path}\\?token=([0-9a-f-]{36})`)
  const text = link.exec(mail.text)
  const html = link.exec(mail.html)
  assert.ok(text && html, `a ${path} link in the text and HTML of ${mail.text}`)
  assert.equal(text[1], html[1])
  return text[1] as string
}

export async function logIn(app: TestApp, email: string, password = AMPNET_PASSWORD) {
  const response = await app.inject({
    method: 'POST',
    url: '/token',
    payload: { coop: COOP, login_method: 'EMAIL', credentials: { email, password } },
  })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<{
    access_token: string
    expires_in: number
    refresh_token: string
    refresh_token_expires_in: number
  }>()
}

/** A user signed up and logged in through AMPnet: its uuid and access token. */
export async function signedInUser(app: TestApp, email: string) {
  const { uuid } = await signUp(app, email)
  return { uuid, accessToken: (await logIn(app, email)).access_token }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** The AMPnet error body. */
export function ampnetBody(errCode: string, description: string, message: string, errors = {}) {
  return { description, err_code: errCode, message, errors }
}
