import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import {
  csrfOf,
  fillIn,
  getPage,
  headingOf,
  newPageSession,
  PAGES_CSP,
  type PageSession,
  postForm,
  summaryOf,
} from '../../../test/support/pages-client.ts'
import { passkeyCsrfOf, passkeyOptionsOf } from '../../../test/support/passkey-pages.ts'
import { createSoftAuthenticator, type SoftAuthenticator } from '../../../test/support/soft-authenticator.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import type { PublicKeyCredentialCreationOptionsJSON } from '../../core/passkey/webauthn-library.ts'
import { PASSKEY_SCRIPT_FILE } from './passkey-script.ts'

const ORIGIN = 'http://latchkey.test'
const SCRIPT_PATH = `/account/assets/${PASSKEY_SCRIPT_FILE}`
const PASSKEY_CSP = PAGES_CSP.replace(
  "style-src 'self'; ",
  `style-src 'self'; script-src ${ORIGIN}${SCRIPT_PATH}; `,
)

surfaceSuite('hosted passkey pages', ({ app }) => {
  let count = 0
  async function signedInWithPassword(): Promise<{ session: PageSession; email: string }> {
    const email = `pages-passkey${++count}@example.com`
    await createAccount(app, { email })
    const session = newPageSession()
    const response = await fillIn(app, session, '/account/sign-in', { email, password: DEFAULT_PASSWORD })
    assert.equal(response.statusCode, 303, response.body)
    assert.equal(response.headers.location, '/account/passkeys')
    return { session, email }
  }

  async function addPasskey(session: PageSession, authenticator: SoftAuthenticator, name: string) {
    const page = await getPage(app, session, '/account/passkeys')
    const options = passkeyOptionsOf<PublicKeyCredentialCreationOptionsJSON>(page.body, 'create')
    return postForm(app, session, '/account/passkeys', {
      _csrf: passkeyCsrfOf(page.body, 'create'),
      passkey_response: authenticator.create(options),
      name,
    })
  }

  it('sends a visitor who is not signed in to the account sign-in, which allows only the passkey script', async () => {
    const session = newPageSession()
    const list = await getPage(app, session, '/account/passkeys')
    assert.equal(list.statusCode, 303)
    assert.equal(list.headers.location, '/account/sign-in')
    const signIn = await getPage(app, session, '/account/sign-in')
    assert.equal(signIn.statusCode, 200)
    assert.equal(signIn.headers['content-security-policy'], PASSKEY_CSP)
    assert.match(signIn.body, new RegExp(`<script src="${SCRIPT_PATH}" defer></script>`))
    assert.doesNotMatch(signIn.body, /<script>/, 'no inline script')
    assert.equal(passkeyOptionsOf(signIn.body, 'get').rpId, 'latchkey.test')
    const other = await getPage(app, session, '/account/forgot-password')
    assert.equal(other.headers['content-security-policy'], PAGES_CSP, 'other pages keep no script')
    assert.doesNotMatch(other.body, /<script/)
  })

  it('serves the passkey script under its content hash, cached for a year', async () => {
    const response = await app.inject({ method: 'GET', url: SCRIPT_PATH })
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.match(response.body, /navigator\.credentials\.create/)
    assert.equal(response.headers['set-cookie'], undefined)
  })

  it('adds a passkey, then signs in with it alone and lists when it was used', async () => {
    const { session, email } = await signedInWithPassword()
    const authenticator = createSoftAuthenticator(ORIGIN)
    const empty = await getPage(app, session, '/account/passkeys')
    assert.equal(empty.statusCode, 200)
    assert.equal(headingOf(empty.body), 'Your passkeys')
    assert.equal(empty.headers['content-security-policy'], PASSKEY_CSP)
    assert.match(empty.body, /You have no passkeys yet\./)
    assert.match(empty.body, new RegExp(`Signed in as ${email}`))
    assert.match(empty.body, /<a class="link" href="\/account\/security">Sign-in security<\/a>/)

    const added = await addPasskey(session, authenticator, 'Work laptop')
    assert.equal(added.statusCode, 200, added.body)
    assert.match(added.body, /<p class="notice" role="status">Passkey added\.<\/p>/)
    assert.match(added.body, /<td>Work laptop<\/td>/)
    assert.match(added.body, /<td>Never<\/td>/)

    const signOut = await postForm(app, session, '/account/sign-out', { _csrf: csrfOf(added.body) })
    assert.equal(signOut.statusCode, 303)
    assert.equal((await getPage(app, session, '/account/passkeys')).statusCode, 303)

    const signInPage = await getPage(app, session, '/account/sign-in')
    const signedIn = await postForm(app, session, '/account/sign-in', {
      _csrf: passkeyCsrfOf(signInPage.body, 'get'),
      passkey_response: authenticator.get(passkeyOptionsOf<{ challenge: string }>(signInPage.body, 'get')),
    })
    assert.equal(signedIn.statusCode, 303, signedIn.body)
    const list = await getPage(app, session, '/account/passkeys')
    assert.equal(list.statusCode, 200)
    assert.doesNotMatch(list.body, /<td>Never<\/td>/)
  })

  it('refuses a passkey answer replayed on the sign-in page, and a registration made for another origin', async () => {
    const { session } = await signedInWithPassword()
    const authenticator = createSoftAuthenticator(ORIGIN)
    await addPasskey(session, authenticator, 'Phone')
    const page = await getPage(app, session, '/account/passkeys')
    const options = passkeyOptionsOf<PublicKeyCredentialCreationOptionsJSON>(page.body, 'create')
    const foreign = await postForm(app, session, '/account/passkeys', {
      _csrf: passkeyCsrfOf(page.body, 'create'),
      passkey_response: createSoftAuthenticator('https://evil.example').create(options),
      name: 'Stolen',
    })
    assert.equal(foreign.statusCode, 400)
    assert.deepEqual(summaryOf(foreign.body), ['name: The passkey could not be added. Try again.'])

    const signInPage = await getPage(app, newPageSession(), '/account/sign-in')
    const answer = authenticator.get(passkeyOptionsOf<{ challenge: string }>(signInPage.body, 'get'))
    const anonymous = newPageSession()
    const first = await fillIn(app, anonymous, '/account/sign-in', { passkey_response: answer })
    assert.equal(first.statusCode, 303)
    const replay = await fillIn(app, newPageSession(), '/account/sign-in', { passkey_response: answer })
    assert.equal(replay.statusCode, 400)
    assert.deepEqual(summaryOf(replay.body), [
      'email: This passkey was not accepted. Try again, or use your password.',
    ])
    assert.equal(replay.headers['content-security-policy'], PASSKEY_CSP)
  })

  it('removes a passkey without the password just after signing in, and asks for it later', async () => {
    const { session } = await signedInWithPassword()
    const authenticator = createSoftAuthenticator(ORIGIN)
    await addPasskey(session, authenticator, 'First')
    app.clock.advance(1)
    const added = await addPasskey(session, createSoftAuthenticator(ORIGIN), 'Second')
    const ids = [...added.body.matchAll(/passkeys\/remove\?id=([0-9a-f-]{36})/g)].map((match) => match[1])
    assert.equal(ids.length, 2)

    const fresh = await getPage(app, session, `/account/passkeys/remove?id=${ids[0]}`)
    assert.equal(headingOf(fresh.body), 'Remove First')
    assert.doesNotMatch(fresh.body, /type="password"/)
    const removed = await postForm(app, session, '/account/passkeys/remove', {
      _csrf: csrfOf(fresh.body),
      id: String(ids[0]),
    })
    assert.equal(removed.statusCode, 200)
    assert.match(removed.body, /Passkey removed\./)
    assert.doesNotMatch(removed.body, /<td>First<\/td>/)

    app.clock.advance(301)
    const later = await getPage(app, session, `/account/passkeys/remove?id=${ids[1]}`)
    assert.match(later.body, /type="password"/)
    const wrong = await postForm(app, session, '/account/passkeys/remove', {
      _csrf: csrfOf(later.body),
      id: String(ids[1]),
      password: 'Wrong-password-1',
    })
    assert.equal(wrong.statusCode, 400)
    assert.deepEqual(summaryOf(wrong.body), [
      'password: The password is wrong. Enter it, or sign in again, to remove a passkey.',
    ])
    assert.match((await getPage(app, session, '/account/passkeys')).body, /<td>Second<\/td>/)
    const right = await postForm(app, session, '/account/passkeys/remove', {
      _csrf: csrfOf(later.body),
      id: String(ids[1]),
      password: DEFAULT_PASSWORD,
    })
    assert.equal(right.statusCode, 200)
    assert.match(right.body, /You have no passkeys yet\./)
  })

  it('does not show or remove another user’s passkey, and refuses a removal without the CSRF token', async () => {
    const owner = await signedInWithPassword()
    const added = await addPasskey(owner.session, createSoftAuthenticator(ORIGIN), 'Mine')
    const id = /passkeys\/remove\?id=([0-9a-f-]{36})/.exec(added.body)?.[1]
    assert.ok(id)
    const stranger = await signedInWithPassword()
    const page = await getPage(app, stranger.session, `/account/passkeys/remove?id=${id}`)
    assert.equal(page.statusCode, 404)
    const list = await getPage(app, stranger.session, '/account/passkeys')
    const post = await postForm(app, stranger.session, '/account/passkeys/remove', {
      _csrf: csrfOf(list.body),
      id,
    })
    assert.equal(post.statusCode, 404)
    const forged = await postForm(app, owner.session, '/account/passkeys/remove', { id })
    assert.equal(forged.statusCode, 403)
    assert.match((await getPage(app, owner.session, '/account/passkeys')).body, /<td>Mine<\/td>/)
  })

  it('asks for the second step after the password once the account has a passkey, so a password alone cannot add one', async () => {
    const { session, email } = await signedInWithPassword()
    const authenticator = createSoftAuthenticator(ORIGIN)
    const added = await addPasskey(session, authenticator, 'Only key')
    await postForm(app, session, '/account/sign-out', { _csrf: csrfOf(added.body) })
    const thief = newPageSession()
    const step = await fillIn(app, thief, '/account/sign-in', { email, password: DEFAULT_PASSWORD })
    assert.equal(step.statusCode, 200)
    assert.equal(headingOf(step.body), 'Enter your security code')
    assert.equal((await getPage(app, thief, '/account/passkeys')).statusCode, 303, 'not signed in yet')
    const passed = await postForm(app, thief, '/account/sign-in', {
      _csrf: passkeyCsrfOf(step.body, 'get'),
      mfa_ticket: /name="mfa_ticket" value="([^"]+)"/.exec(step.body)?.[1] ?? '',
      passkey_response: authenticator.get(passkeyOptionsOf<{ challenge: string }>(step.body, 'get')),
    })
    assert.equal(passed.statusCode, 303)
    assert.equal(
      (await getPage(app, thief, '/account/passkeys')).statusCode,
      200,
      'the owner, with the passkey',
    )
  })
})
