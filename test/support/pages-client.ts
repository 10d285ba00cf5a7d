import assert from 'node:assert/strict'
import { type SurfaceWorld, surfaceSuite } from './suite.ts'
import type { TestApp } from './test-app.ts'

export const PAGES_CSP =
  "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/** Runs `suite` once per test database on an app that mails through its own SMTP sink. */
export function pagesSuite(name: string, suite: (world: SurfaceWorld) => void): void {
  surfaceSuite(name, { mail: true, env: (sink) => ({ SMTP_URL: sink.url }) }, suite)
}

/** A browser's cookie jar for one test: the `name=value` pairs the pages set. */
export interface PageSession {
  readonly cookies: Map<string, string>
  /** The Cookie header the jar sends. */
  cookieHeader(): string
}

export function newPageSession(): PageSession {
  const cookies = new Map<string, string>()
  return {
    cookies,
    cookieHeader: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
  }
}

function keepCookies(session: PageSession, setCookie: string | string[] | undefined): void {
  for (const line of [setCookie ?? []].flat()) {
    const [pair = ''] = line.split(';')
    const at = pair.indexOf('=')
    session.cookies.set(pair.slice(0, at), pair.slice(at + 1))
  }
}

/** GETs a page with the session's cookies, keeping the cookies it sets. */
export async function getPage(
  app: TestApp,
  session: PageSession,
  url: string,
  headers: Record<string, string> = {},
) {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: { cookie: session.cookieHeader(), ...headers },
  })
  keepCookies(session, response.headers['set-cookie'])
  return response
}

/** The CSRF token of the first form on a page. */
export function csrfOf(body: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1]
  assert.ok(token, `a CSRF field in ${body}`)
  return token
}

/** POSTs a form the way a browser does, with the session's cookies. */
export async function postForm(
  app: TestApp,
  session: PageSession,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: session.cookieHeader(),
      ...headers,
    },
    payload: new URLSearchParams(fields).toString(),
  })
  keepCookies(session, response.headers['set-cookie'])
  return response
}

/** Opens the form at `url` and submits it with `fields` and its own CSRF token. */
export async function fillIn(
  app: TestApp,
  session: PageSession,
  url: string,
  fields: Record<string, string>,
) {
  const page = await getPage(app, session, url)
  assert.equal(page.statusCode, 200, page.body)
  return postForm(app, session, url, { _csrf: csrfOf(page.body), ...fields })
}

/** The text of a page's <h1>. */
export function headingOf(body: string): string | undefined {
  return /<h1>([^<]*)<\/h1>/.exec(body)?.[1]
}

/** The messages of a page's error summary, in order. */
export function summaryOf(body: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0] ?? ''
  return [...summary.matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => `${m[1]}: ${m[2]}`)
}

/** The link of the last mail to `email` that points at a hosted page. */
export function hostedLinkOf(
  mails: readonly { to: string; text: string; html: string }[],
  email: string,
  page: string,
  origin = 'http://latchkey.test',
) {
  const mail = mails.filter((each) => each.to === email).at(-1)
  assert.ok(mail, `a mail to ${email}`)
  const escaped = origin.replace(/[.:/]/g, (char) => `\\${char}`)
  const pattern = new RegExp(`${escaped}/account/${page}\\?token=([0-9a-f-]{36})`)
  const text = pattern.exec(mail.text)
  const html = pattern.exec(mail.html)
  assert.ok(text && html, `a ${page} link in ${mail.text}`)
  assert.equal(text[1], html[1])
  return { url: `/account/${page}?token=${text[1]}`, token: text[1] as string }
}
