import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useCliWorld } from '../../test/support/cli.ts'
import { csrfOf, getPage, newPageSession, postForm } from '../../test/support/pages-client.ts'
import type { TestApp } from '../../test/support/test-app.ts'

describe('latchkey console sign-in-link', () => {
  const world = useCliWorld('sqlite', { PUBLIC_URL: 'https://id.example.com' })

  it('prints a one-time link to the operator console that the server redeems once', async () => {
    const result = await world.run(['console', 'sign-in-link'])
    assert.equal(result.code, 0, result.stderr)
    const match =
      /^https:\/\/id\.example\.com\/console\/operator\/sign-in\?token=([0-9a-f]{64})\nvalid once, until (\S+)\n$/.exec(
        result.stdout,
      )
    assert.ok(match, result.stdout)
    const [, token, until] = match
    const minutes = (Date.parse(until ?? '') - Date.now()) / 60_000
    assert.ok(minutes > 9 && minutes <= 10, String(minutes))

    const server = await world.startApp()
    const app = { inject: server.server.inject.bind(server.server) } as TestApp
    // Only the hash is stored.
    const stored = await server.database.db.selectFrom('operator_sign_in_links').selectAll().execute()
    assert.equal(stored.length, 1)
    assert.ok(!JSON.stringify(stored).includes(token ?? ''))

    const session = newPageSession()
    const url = `/console/operator/sign-in?token=${token}`
    const page = await getPage(app, session, url)
    assert.equal(page.statusCode, 200)
    const opened = await postForm(app, session, '/console/operator/sign-in', {
      _csrf: csrfOf(page.body),
      token: token ?? '',
    })
    assert.equal(opened.statusCode, 303)
    assert.equal(opened.headers.location, '/console/operator/coops')
    const cookie = [opened.headers['set-cookie']]
      .flat()
      .find((line) => line?.startsWith('__Host-lk_console_operator='))
    assert.match(cookie ?? '', /; Path=\/; SameSite=Strict; Max-Age=28800; HttpOnly; Secure$/)
    // Single use: the same link again opens nothing.
    const again = await postForm(app, session, '/console/operator/sign-in', {
      _csrf: csrfOf(page.body),
      token: token ?? '',
    })
    assert.equal(again.statusCode, 400)
    assert.equal(again.headers['set-cookie'], undefined)
  })
})
