import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type SmtpSink, startSmtpSink } from '../../../test/support/smtp-sink.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { silentLogger } from '../shared/logger.ts'
import { createSecretBox } from '../shared/secret-box.ts'
import type { MailRequest } from './mail.ts'
import { createSmtpTransport } from './mail-transport.ts'
import { claimDueOutboxMails } from './outbox.repository.ts'
import { createMailOutbox, retryDelayMs } from './outbox.service.ts'

coreSuite('mail outbox', (world, dialect) => {
  let sink: SmtpSink
  before(async () => {
    sink = await startSmtpSink()
  })
  after(() => sink.close())

  const secretBox = createSecretBox('outbox-test-secret-key-of-32-characters')
  const outbox = () =>
    createMailOutbox({
      db: world.database.db,
      clock: world.clock,
      log: silentLogger,
      secretBox,
      transport: createSmtpTransport(sink.url, 'Latchkey <no-reply@latchkey.test>'),
      pollSeconds: 3600,
    })
  const confirmation = (to: string, token: string, language?: string): MailRequest => ({
    kind: 'user.confirmation',
    to,
    language,
    data: { link: `https://app.example/ampnet/auth/mail_confirmation?token=${token}` },
  })

  it('delivers an enqueued mail over SMTP, in text and HTML, and keeps no readable token', async () => {
    const box = outbox()
    await box.enqueue(world.database.db, confirmation('first@example.com', 'token-one'))
    const stored = await world.database.db.selectFrom('mail_outbox').selectAll().execute()
    assert.equal(stored.length, 1)
    assert.doesNotMatch(JSON.stringify(stored), /token-one/)
    assert.equal(await box.deliverDue(), 1)
    const [mail] = await sink.waitFor(1)
    assert.equal(mail?.to, 'first@example.com')
    assert.equal(mail?.from, 'no-reply@latchkey.test')
    assert.equal(mail?.subject, 'Confirm your email')
    assert.match(mail?.text ?? '', /https:\/\/app\.example\/ampnet\/auth\/mail_confirmation\?token=token-one/)
    assert.match(
      mail?.html ?? '',
      /href="https:\/\/app\.example\/ampnet\/auth\/mail_confirmation\?token=token-one"/,
    )
    const sent = await world.database.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    assert.equal(sent.data_sealed, null)
    assert.equal(await box.deliverDue(), 0, 'sent once')
    await box.stop()
  })

  it('writes nothing when the enqueuing transaction rolls back', async () => {
    const before = await outbox().backlog()
    await assert.rejects(
      world.database.db.transaction().execute(async (trx) => {
        await outbox().enqueue(trx, confirmation('rolled-back@example.com', 'never'))
        throw new Error('the sign-up failed')
      }),
    )
    assert.equal(await outbox().backlog(), before)
  })

  it('renders the recipient’s language, falling back to English', async () => {
    const box = outbox()
    const start = sink.mails.length
    await box.enqueue(world.database.db, confirmation('hr@example.com', 't-hr', 'hr'))
    await box.enqueue(world.database.db, confirmation('de@example.com', 't-de', 'de'))
    await box.deliverDue()
    const mails = (await sink.waitFor(start + 2)).slice(start)
    assert.deepEqual(mails.map((mail) => [mail.to, mail.subject]).sort(), [
      ['de@example.com', 'Confirm your email'],
      ['hr@example.com', 'Potvrdite svoju e-mail adresu'],
    ])
    await box.stop()
  })

  it('retries with backoff while SMTP refuses, and delivers once it accepts', async () => {
    const box = outbox()
    const start = sink.mails.length
    await box.enqueue(world.database.db, confirmation('retry@example.com', 't-retry'))
    sink.refuse = true
    assert.equal(await box.deliverDue(), 0)
    const failed = await world.database.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('recipient', '=', 'retry@example.com')
      .executeTakeFirstOrThrow()
    assert.equal(failed.attempts, 1)
    assert.match(failed.last_error ?? '', /451/)
    sink.refuse = false
    assert.equal(await box.deliverDue(), 0, 'not before the backoff')
    world.clock.advance(retryDelayMs(0) / 1000)
    assert.equal(await box.deliverDue(), 1)
    assert.equal((await sink.waitFor(start + 1)).at(-1)?.to, 'retry@example.com')
    await box.stop()
  })

  it('lets two workers drain one outbox with no mail sent twice', async () => {
    const start = sink.mails.length
    for (let i = 0; i < 30; i++)
      await outbox().enqueue(world.database.db, confirmation(`many${i}@example.com`, `t${i}`))
    const [a, b] = [outbox(), outbox()]
    const [sentA, sentB] = await Promise.all([a.deliverDue(), b.deliverDue()])
    assert.equal(sentA + sentB, 30)
    const recipients = (await sink.waitFor(start + 30)).slice(start).map((mail) => mail.to)
    assert.equal(new Set(recipients).size, 30)
    await Promise.all([a.stop(), b.stop()])
  })

  it('takes over a crashed worker’s claimed mails once its lease has run out', async () => {
    const crashed = outbox()
    await crashed.enqueue(world.database.db, confirmation('lease@example.com', 't-lease'))
    const now = world.clock.now()
    const claimed = await claimDueOutboxMails(
      world.database.db,
      'dead-worker',
      now,
      new Date(now.getTime() + 60_000),
      10,
    )
    assert.equal(claimed.length, 1)
    const survivor = outbox()
    assert.equal(await survivor.deliverDue(), 0, 'still leased')
    world.clock.advance(61)
    assert.equal(await survivor.deliverDue(), 1)
    await survivor.stop()
  })

  it('passes over rows another worker holds locked instead of waiting for them (PostgreSQL)', {
    skip: dialect !== 'postgres' && 'SQLite has no row locks',
  }, async () => {
    const box = outbox()
    await box.enqueue(world.database.db, confirmation('held@example.com', 't-held'))
    await box.enqueue(world.database.db, confirmation('free@example.com', 't-free'))
    const held = await world.database.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('recipient', '=', 'held@example.com')
      .executeTakeFirstOrThrow()
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve
    })
    // Another instance's claim, caught between picking its rows and committing.
    const holder = world.database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('mail_outbox').select('id').where('id', '=', held.id).forUpdate().execute()
      locked()
      await released
    })
    await isLocked
    const now = world.clock.now()
    const claim = claimDueOutboxMails(world.database.db, 'other', now, new Date(now.getTime() + 60_000), 10)
    const outcome = await Promise.race([
      claim,
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 2_000)),
    ])
    release()
    await holder
    await claim
    assert.notEqual(outcome, 'blocked', 'the claim waited for the locked row')
    assert.deepEqual(
      (outcome as Awaited<typeof claim>).map((row) => row.recipient),
      ['free@example.com'],
    )
    await box.stop()
  })
})
