import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type CliWorld, createCliWorld } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'
import {
  startWebhookReceiver,
  verifyStandardWebhook,
  type WebhookReceiver,
} from '../../test/support/webhook-receiver.ts'

forEachDatabase('latchkey webhooks', (dialect) => {
  let world: CliWorld
  let receiver: WebhookReceiver
  before(async () => {
    world = await createCliWorld(dialect, { WEBHOOK_POLL_SECONDS: '3600' })
    receiver = await startWebhookReceiver()
  })
  after(async () => {
    await world.close()
    await receiver.close()
  })

  const run = async (...args: string[]) => {
    const result = await world.run(['webhooks', ...args])
    assert.equal(result.code, 0, result.stderr)
    return result.stdout
  }

  it('adds an endpoint whose secret verifies what it receives, and shows its delivery log', async () => {
    const added = await run('add', `${receiver.url}/cli`, '--events', 'role.changed, sign_up')
    const match = /^added webhook endpoint (\S+) for coop ampnet\nsecret: (whsec_\S+)\n$/.exec(added)
    assert.ok(match, added)
    const [, id, secret] = match
    const listed = (await run('list')).trimEnd().split('\n')
    assert.match(listed[0] ?? '', /^ID +STATE +EVENTS +URL +CREATED$/)
    assert.deepEqual(
      listed.slice(1).map((line) => line.split(/ +/).slice(0, 4)),
      [[id, 'enabled', 'role.changed,sign_up', `${receiver.url}/cli`]],
    )
    assert.ok(!listed.join('\n').includes(secret ?? '-'))

    const app = await world.startApp()
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.identity.auth.createAccount({
      tenantId,
      email: 'hooked@example.com',
      password: 'Password1',
      displayName: 'Hooked',
      givenName: 'Hooked',
      familyName: 'Hook',
      passwordRule: { check: () => undefined },
    })
    await app.core.ops.webhookDispatcher.deliverDue()
    assert.equal(receiver.received.length, 1)
    assert.ok(verifyStandardWebhook(secret ?? '', receiver.received[0] ?? assert.fail()))

    const log = (await run('deliveries', '--endpoint', id ?? '')).trimEnd().split('\n')
    assert.match(
      log[0] ?? '',
      /^CREATED +EVENT +TYPE +ENDPOINT +STATE +ATTEMPTS +STATUS +NEXT\/ENDED +LAST ERROR$/,
    )
    assert.deepEqual(log[1]?.split(/ +/).slice(1, 7), [
      receiver.received[0]?.headers['webhook-id'],
      'sign_up',
      id,
      'delivered',
      '1',
      '204',
    ])
    assert.equal(log[2], 'page 1 of 1')
  })

  it('disables, enables and removes an endpoint, and refuses one that is not there', async () => {
    const [, id] = /endpoint (\S+)/.exec(await run('add', `${receiver.url}/other`)) ?? []
    assert.equal(await run('disable', id ?? ''), `webhook endpoint ${id} disabled\n`)
    assert.match(await run('list'), new RegExp(`${id} +disabled +\\*`))
    assert.equal(await run('enable', id ?? ''), `webhook endpoint ${id} enabled\n`)
    assert.equal(await run('remove', id ?? ''), `webhook endpoint ${id} removed\n`)
    assert.ok(!(await run('list')).includes(id ?? '-'))
    const again = await world.run(['webhooks', 'remove', id ?? ''])
    assert.deepEqual(
      [again.code, again.stderr],
      [1, 'latchkey: id is not a webhook endpoint of this tenant\n'],
    )
  })

  it('refuses a URL and event types it cannot use, and a page from 0', async () => {
    const bad = await world.run(['webhooks', 'add', 'file:///etc/passwd'])
    assert.deepEqual([bad.code, bad.stderr], [1, 'latchkey: url must use http or https\n'])
    const unknown = await world.run(['webhooks', 'add', 'https://x.example/', '--events', 'sign_up,nope'])
    assert.deepEqual(
      [unknown.code, unknown.stderr],
      [1, 'latchkey: eventTypes has unknown event types: nope\n'],
    )
    const page = await world.run(['webhooks', 'deliveries', '--page', '0'])
    assert.deepEqual(
      [page.code, page.stderr],
      [2, 'latchkey: --page counts from 1 (see latchkey webhooks deliveries --help)\n'],
    )
  })
})
