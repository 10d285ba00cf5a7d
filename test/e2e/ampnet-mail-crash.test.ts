import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import { openDatabase } from '../../src/db/database.ts'
import { createPostgresSchema, forEachDatabase, type PostgresSchema } from '../support/databases.ts'
import { freePort } from '../support/free-port.ts'
import { type LatchkeyProcess, startLatchkeyProcess } from '../support/latchkey-process.ts'
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts'

function killHard(running: LatchkeyProcess): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve())
    running.child.kill('SIGKILL')
  })
}

forEachDatabase('the mail outbox across a crash', (dialect) => {
  let dataDir: string
  let schema: PostgresSchema | undefined
  let sink: SmtpSink
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-crash-'))
    schema = dialect === 'postgres' ? await createPostgresSchema() : undefined
    sink = await startSmtpSink()
  })
  after(async () => {
    await sink.close()
    await schema?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('sends the confirmation mail of a sign-up made just before a kill -9, after the restart', async () => {
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SECRET_KEY: 'crash-test-secret-key-of-32-characters!',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      MAIL_POLL_SECONDS: '1',
      MAIL_BASE_URL: 'https://app.example',
      ...(schema && { DATABASE_URL: schema.url }),
    }
    const first = await startLatchkeyProcess({ ...env, SMTP_URL: `smtp://127.0.0.1:${await freePort()}` })
    const signUp = await fetch(`${first.url}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        signup_method: 'EMAIL',
        user_info: { email: 'crash@smith.com', password: 'abcdefgh' },
      }),
    })
    assert.equal(signUp.status, 200)
    assert.equal(((await signUp.json()) as { enabled: boolean }).enabled, false)

    // Wait for the refused delivery to be recorded, so that the kill cannot land inside a claim.
    const database = openDatabase({ url: schema?.url, dataDir })
    try {
      for (let tries = 0; ; tries++) {
        const row = await database.db.selectFrom('mail_outbox').selectAll().executeTakeFirst()
        if (row !== undefined && row.attempts >= 1 && row.locked_until === null) {
          assert.equal(row.sent_at, null)
          break
        }
        assert.ok(tries < 100, 'a failed delivery attempt is recorded')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      await database.close()
    }
    await killHard(first)
    assert.equal(sink.mails.length, 0)

    const second = await startLatchkeyProcess({ ...env, SMTP_URL: sink.url })
    try {
      const [mail] = await sink.waitFor(1, 20_000)
      assert.equal(mail?.to, 'crash@smith.com')
      const token = /mail_confirmation\?token=([0-9a-f-]{36})/.exec(mail?.text ?? '')?.[1]
      assert.ok(token, 'the mail carries the confirmation link')
      const confirmed = await fetch(`${second.url}/mail-confirmation?token=${token}`)
      assert.equal(confirmed.status, 200)
      assert.equal(sink.mails.length, 1, 'sent once')
    } finally {
      await killHard(second)
    }
  })
})
