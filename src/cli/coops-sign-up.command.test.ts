import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type CliWorld, createCliWorld } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'
import type { App } from '../app.ts'

forEachDatabase('latchkey coops set-sign-up', (dialect) => {
  let world: CliWorld
  let app: App
  before(async () => {
    world = await createCliWorld(dialect, { AMPNET_MAIL_CONFIRMATION: 'false' })
    app = await world.startApp()
  })
  after(() => world.close())

  const ideapoolSignUp = (email: string) =>
    app.server.inject({
      method: 'POST',
      url: '/users',
      payload: { email, name: 'Jack Black', password: 'the-Secret-123' },
    })

  it('closes and opens sign-up of the default coop, which a running server applies at once', async () => {
    const closed = await world.run(['coops', 'set-sign-up', 'ampnet', '--sign-up', 'closed'])
    assert.deepEqual(closed, {
      code: 0,
      stdout:
        'coop ampnet: sign-up closed; only AMPnet e-mail sign-up waits for the link (AMPNET_MAIL_CONFIRMATION)\n',
      stderr: '',
    })
    assert.equal((await ideapoolSignUp('closed@example.com')).statusCode, 403)
    const open = await world.run([
      'coops',
      'set-sign-up',
      'ampnet',
      '--sign-up',
      'open',
      '--confirm-email',
      'all',
    ])
    assert.equal(
      open.stdout,
      'coop ampnet: sign-up open; every surface waits for the mailed confirmation link\n',
    )
    assert.equal((await ideapoolSignUp('confirm@example.com')).statusCode, 202)
    await world.run(['coops', 'set-sign-up', 'ampnet', '--confirm-email', 'ampnet'])
    assert.equal((await ideapoolSignUp('open@example.com')).statusCode, 201)
  })

  it('refuses an unknown coop or an unknown value', async () => {
    assert.deepEqual(await world.run(['coops', 'set-sign-up', 'nowhere', '--sign-up', 'closed']), {
      code: 1,
      stdout: '',
      stderr: 'latchkey: no such coop\n',
    })
    assert.deepEqual(await world.run(['coops', 'set-sign-up', 'ampnet', '--sign-up', 'maybe']), {
      code: 2,
      stdout: '',
      stderr: 'latchkey: --sign-up must be open or closed (see latchkey coops set-sign-up --help)\n',
    })
  })
})
