import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { addUser, createCoop } from '../../../test/support/ampnet-coops.ts'
import { consoleStaff, pressOn } from '../../../test/support/console-client.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import {
  getPage,
  headingOf,
  type PageSession,
  postForm,
  summaryOf,
} from '../../../test/support/pages-client.ts'
import { recordSecret } from '../../../test/support/secret-log-check.ts'
import { useTestApp } from '../../../test/support/suite.ts'
import {
  startWebhookReceiver,
  verifyStandardWebhook,
  type WebhookReceiver,
} from '../../../test/support/webhook-receiver.ts'
import type { User } from '../../core/user/user.ts'

forEachDatabase('admin console: webhooks', (dialect) => {
  // One attempt, then failed: the console's "retry now" is the only way on.
  const { app } = useTestApp(dialect, { env: { WEBHOOK_POLL_SECONDS: '3600', WEBHOOK_MAX_ATTEMPTS: '1' } })
  let tenantId: string
  let admin: User
  let session: PageSession
  let managerSession: PageSession
  let receiver: WebhookReceiver
  before(async () => {
    ;({ tenantId, admin, session, managerSession } = await consoleStaff(app))
    receiver = await startWebhookReceiver()
  })
  after(() => receiver.close())

  const addEndpoint = async (url: string, fields: Record<string, string> = {}) =>
    pressOn(app, session, '/console/webhooks', '/console/webhooks', { url, ...fields })

  const secretOf = (body: string) => {
    const secret = /<code class="secret">(whsec_[^<]+)<\/code>/.exec(body)?.[1]
    assert.ok(secret, 'the secret on the page')
    recordSecret(secret)
    return secret
  }

  it('adds an endpoint, shows its secret once, audits it, and lists it without the secret', async () => {
    const added = await addEndpoint(`${receiver.url}/hook`, { 'event.role.changed': 'on' })
    assert.equal(added.statusCode, 201)
    assert.equal(added.headers['cache-control'], 'no-store')
    const secret = secretOf(added.body)
    const [endpoint] = await app.core.ops.webhooks.list(tenantId)
    assert.equal(endpoint?.url, `${receiver.url}/hook`)
    assert.deepEqual(endpoint?.eventTypes, ['role.changed'])
    const { events } = await app.core.ops.audit.page(
      tenantId,
      { page: 0, size: 1 },
      { type: 'webhook.added' },
    )
    assert.equal(events[0]?.actorUserId, admin.id)
    assert.equal(events[0]?.details.endpoint_id, endpoint?.id)
    const list = await getPage(app, session, '/console/webhooks')
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /role\.changed/)
    assert.ok(!list.body.includes(secret))
    await app.core.ops.webhooks.remove(tenantId, endpoint?.id ?? '')
  })

  it('refuses a bad URL and unknown fields with the form again (400), adding nothing', async () => {
    const refused = await addEndpoint('ftp://example.com/x')
    assert.equal(refused.statusCode, 400)
    assert.equal(summaryOf(refused.body).length, 1)
    assert.match(refused.body, /value="ftp:\/\/example\.com\/x"/)
    assert.deepEqual(await app.core.ops.webhooks.list(tenantId), [])
  })

  it('shows a failed delivery in the log, retries it now, and shows it delivered', async () => {
    const added = await addEndpoint(`${receiver.url}/log`)
    const secret = secretOf(added.body)
    const [endpoint] = await app.core.ops.webhooks.list(tenantId)
    assert.ok(endpoint)
    const page = `/console/webhooks/${endpoint.id}`
    // The sign-up goes out first, delivered: one delivery at a time below.
    const target = await addUser(app, tenantId, 'hooked@example.com')
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 1)
    receiver.received.length = 0
    receiver.answerWith(500)
    await app.core.identity.roles.changeRoleAs(admin.id, {
      tenantId,
      userId: target.id,
      role: 'TOKEN_ISSUER',
    })
    await app.core.ops.webhookDispatcher.deliverDue()

    const failed = await getPage(app, session, page)
    assert.equal(failed.statusCode, 200)
    assert.match(failed.body, /<td>Failed<\/td><td>1<\/td>\s*<td>500<\/td><td>HTTP 500<\/td>/)
    const delivery = (
      await app.core.ops.webhooks.deliveries(tenantId, { endpointId: endpoint.id, page: 0, size: 5 })
    ).deliveries.find(({ eventType }) => eventType === 'role.changed')
    assert.equal(delivery?.state, 'failed')
    assert.match(failed.body, /Retry now/)

    // A PLATFORM_MANAGER sees the log but not the button, and is refused the action.
    const viewed = await getPage(app, managerSession, page)
    assert.equal(viewed.statusCode, 200)
    assert.doesNotMatch(viewed.body, /Retry now/)
    const retryPath = `${page}/deliveries/${delivery?.eventId}/retry`
    const managerRefused = await pressOn(app, managerSession, page, retryPath)
    assert.equal(managerRefused.statusCode, 403)

    const retried = await pressOn(app, session, page, retryPath)
    assert.equal(retried.statusCode, 303)
    assert.equal(retried.headers.location, `${page}?done=webhookRetried`)
    const pending = await getPage(app, session, `${page}?done=webhookRetried`)
    assert.match(pending.body, /<td>Pending<\/td>/)
    assert.match(pending.body, /The delivery will be sent again within seconds\./)
    const { events } = await app.core.ops.audit.page(
      tenantId,
      { page: 0, size: 1 },
      { type: 'webhook.retried' },
    )
    assert.equal(events[0]?.details.event_id, delivery?.eventId)

    // The retried delivery, and the `webhook.retried` event the retry itself recorded.
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 2)
    const delivered = await getPage(app, session, page)
    assert.match(delivered.body, /<td>Delivered<\/td><td>2<\/td>\s*<td>204<\/td>/)
    assert.ok(receiver.received.every((request) => verifyStandardWebhook(secret, request)))
    const sends = receiver.received.filter((request) => request.headers['webhook-id'] === delivery?.eventId)
    assert.equal(sends.length, 2)
    assert.equal(sends[0]?.body.toString(), sends[1]?.body.toString())

    // Delivered: there is nothing to retry (404), and the button is gone.
    assert.doesNotMatch(delivered.body, /Retry now/)
    const again = await pressOn(app, session, page, retryPath)
    assert.equal(again.statusCode, 404)
  })

  it('disables, enables and removes an endpoint, each audited; a PLATFORM_MANAGER may only look', async () => {
    const [endpoint] = await app.core.ops.webhooks.list(tenantId)
    assert.ok(endpoint)
    const base = `/console/webhooks/${endpoint.id}`
    const managerList = await getPage(app, managerSession, '/console/webhooks')
    assert.equal(managerList.statusCode, 200)
    assert.match(managerList.body, /Your role can view endpoints but not change them\./)
    assert.equal((await pressOn(app, managerSession, '/console/webhooks', `${base}/disable`)).statusCode, 403)
    assert.equal(
      (await pressOn(app, managerSession, '/console/webhooks', '/console/webhooks', { url: receiver.url }))
        .statusCode,
      403,
    )

    const disabled = await pressOn(app, session, '/console/webhooks', `${base}/disable`)
    assert.equal(disabled.statusCode, 303)
    assert.equal(disabled.headers.location, '/console/webhooks?done=webhookDisabled')
    assert.equal((await app.core.ops.webhooks.list(tenantId))[0]?.enabled, false)
    const enabled = await pressOn(app, session, '/console/webhooks', `${base}/enable`)
    assert.equal(enabled.statusCode, 303)
    assert.equal((await app.core.ops.webhooks.list(tenantId))[0]?.enabled, true)
    const removed = await pressOn(app, session, '/console/webhooks', `${base}/remove`)
    assert.equal(removed.statusCode, 303)
    assert.deepEqual(await app.core.ops.webhooks.list(tenantId), [])
    for (const type of ['webhook.disabled', 'webhook.enabled', 'webhook.removed']) {
      const { events } = await app.core.ops.audit.page(tenantId, { page: 0, size: 1 }, { type })
      assert.equal(events[0]?.actorUserId, admin.id, type)
    }
  })

  it('answers 404 for another coop’s endpoint, viewed or acted on, and 403 without the CSRF token', async () => {
    const other = await createCoop(app, 'webhookcoop')
    const { endpoint } = await app.core.ops.webhooks.add({ tenantId: other, url: `${receiver.url}/other` })
    const base = `/console/webhooks/${endpoint.id}`
    assert.equal((await getPage(app, session, base)).statusCode, 404)
    assert.equal((await pressOn(app, session, '/console/webhooks', `${base}/disable`)).statusCode, 404)
    assert.equal((await app.core.ops.webhooks.list(other))[0]?.enabled, true)
    assert.equal((await getPage(app, session, '/console/webhooks/not-an-id')).statusCode, 404)

    const mine = await app.core.ops.webhooks.add({ tenantId, url: `${receiver.url}/mine` })
    const noToken = await postForm(app, session, `/console/webhooks/${mine.endpoint.id}/disable`, {})
    assert.equal(noToken.statusCode, 403)
    assert.equal((await app.core.ops.webhooks.list(tenantId))[0]?.enabled, true)
  })

  it('speaks Croatian', async () => {
    const page = await getPage(app, session, '/console/webhooks?lang=hr')
    assert.equal(headingOf(page.body), 'Webhookovi')
  })
})
