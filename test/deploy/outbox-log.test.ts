import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createMailOutbox, retryDelayMs } from '../../src/core/mail/outbox.service.ts'
import type { Logger } from '../../src/core/shared/logger.ts'
import { createSecretBox } from '../../src/core/shared/secret-box.ts'
import { createTestApp } from '../support/test-app.ts'

it('logs a failed mail with its retry time, then its retry and its delivery at debug', async () => {
  const app = await createTestApp()
  await app.core.mail.mailOutbox.stop() // its worker would race this one for the row
  const lines: { level: string; msg: string | undefined; fields: Record<string, unknown> }[] = []
  const record = (level: string) => (fields: object, msg?: string) =>
    lines.push({ level, msg, fields: fields as Record<string, unknown> })
  const log: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
  let failures = 1
  const outbox = createMailOutbox({
    db: app.database.db,
    clock: app.clock,
    log,
    secretBox: createSecretBox('outbox-log-test-secret-key-of-32-chars'),
    transport: {
      async send() {
        if (failures-- > 0) throw new Error('421 try again later')
      },
      async close() {},
    },
    pollSeconds: 3600,
  })
  try {
    await outbox.enqueue(app.database.db, {
      kind: 'user.confirmation',
      to: 'retry@example.com',
      language: undefined,
      data: { link: 'https://app.example/confirm?token=t' },
    })
    assert.equal(await outbox.deliverDue(), 0)
    app.clock.advance(retryDelayMs(0) / 1000 + 1)
    assert.equal(await outbox.deliverDue(), 1)
    assert.deepEqual(
      lines.map(({ level, msg, fields }) => [level, msg, fields.attempts ?? fields.attempt]),
      [
        ['warn', 'mail delivery failed; will retry', 1],
        ['debug', 'retrying mail', 2],
        ['debug', 'mail sent', 2],
      ],
    )
    assert.ok(lines[0]?.fields.retryAt instanceof Date)
  } finally {
    await outbox.stop()
    await app.close()
  }
})
