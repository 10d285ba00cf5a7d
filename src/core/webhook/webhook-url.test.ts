import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.ts'
import { webhookRetryDelayMs } from './webhook-dispatcher.ts'
import { createWebhookSender } from './webhook-sender.ts'
import { isNonPublicAddress, webhookUrlProblems } from './webhook-url.ts'

const production = { requireHttps: true, allowPrivate: false }
const development = { requireHttps: false, allowPrivate: true }
const problemOf = (url: string, policy = production) => webhookUrlProblems(url, policy)[0]?.problem

describe('webhook URL policy', () => {
  it('takes a public https URL in production', () => {
    assert.deepEqual(webhookUrlProblems('https://hooks.example.com/latchkey?x=1', production), [])
    assert.deepEqual(webhookUrlProblems('https://93.184.216.34:8443/in', production), [])
  })

  it('refuses http, credentials, fragments, non-URLs and other schemes in production', () => {
    assert.equal(problemOf('http://hooks.example.com/'), 'must use https')
    assert.equal(problemOf('ftp://hooks.example.com/'), 'must use https')
    assert.equal(problemOf('https://user:pw@hooks.example.com/'), 'must not carry credentials')
    assert.equal(problemOf('https://hooks.example.com/#x'), 'must not have a fragment')
    assert.equal(problemOf('hooks.example.com'), 'must be an absolute URL')
    assert.equal(problemOf(`https://example.com/${'a'.repeat(2048)}`), 'must be at most 2048 characters')
  })

  it('refuses loopback, private, link-local and mapped addresses in production (SSRF)', () => {
    for (const host of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '[::1]',
      '[fd00::1]',
      '[fe80::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:a9fe:a9fe]',
    ])
      assert.equal(problemOf(`https://${host}/hook`), 'must not point at a private or loopback address', host)
    assert.equal(problemOf('https://localhost/hook'), 'must not point at this machine')
    assert.equal(problemOf('https://api.localhost/hook'), 'must not point at this machine')
  })

  it('takes http and loopback outside production, but still no other scheme', () => {
    assert.deepEqual(webhookUrlProblems('http://127.0.0.1:9000/hook', development), [])
    assert.deepEqual(webhookUrlProblems('http://localhost:9000/hook', development), [])
    assert.equal(problemOf('file:///etc/passwd', development), 'must use http or https')
  })

  it('judges addresses', () => {
    assert.equal(isNonPublicAddress('8.8.8.8'), false)
    assert.equal(isNonPublicAddress('2606:4700::1111'), false)
    assert.equal(isNonPublicAddress('::ffff:8.8.8.8'), false)
    assert.equal(isNonPublicAddress('::ffff:10.0.0.1'), true)
    assert.equal(isNonPublicAddress('not-an-address'), true)
  })
})

describe('webhook sender', () => {
  let receiver: WebhookReceiver
  before(async () => {
    receiver = await startWebhookReceiver()
  })
  after(() => receiver.close())

  it('refuses, at connect time, a name that resolves to a loopback address unless allowed', async () => {
    const port = new URL(receiver.url).port
    const guarded = createWebhookSender({ timeoutMs: 2_000, allowPrivate: false })
    await assert.rejects(
      guarded(`http://localhost:${port}/`, {}, '{}'),
      /localhost resolves to a non-public address/,
    )
    await assert.rejects(guarded(`${receiver.url}/`, {}, '{}'), /127\.0\.0\.1 is a non-public address/)
    assert.equal(receiver.received.length, 0)
    const open = createWebhookSender({ timeoutMs: 2_000, allowPrivate: true })
    assert.equal(await open(`http://localhost:${port}/`, {}, '{}'), 204)
    assert.equal(receiver.received.length, 1)
  })

  it('gives up on a receiver that does not answer within the timeout', async () => {
    receiver.answerWith('hang')
    const send = createWebhookSender({ timeoutMs: 200, allowPrivate: true })
    await assert.rejects(send(`${receiver.url}/`, {}, '{}'), /no answer within 200 ms/)
  })

  it('does not follow a redirect: its status is the answer', async () => {
    receiver.answerWith(307)
    const send = createWebhookSender({ timeoutMs: 2_000, allowPrivate: true })
    assert.equal(await send(`${receiver.url}/`, {}, '{}'), 307)
  })
})

describe('webhook retry delay', () => {
  const retry = { maxAttempts: 10, baseSeconds: 30, maxSeconds: 3600 }
  it('doubles from the base, capped, with the upper half random', () => {
    assert.deepEqual(
      [1, 2, 3].map((attempts) => webhookRetryDelayMs(attempts, retry, 0)),
      [15_000, 30_000, 60_000],
    )
    assert.equal(webhookRetryDelayMs(1, retry, 0.999_999), 30_000)
    assert.equal(webhookRetryDelayMs(9, retry, 0), 1_800_000)
    assert.equal(webhookRetryDelayMs(60, retry, 0.5), 2_700_000)
  })
})
