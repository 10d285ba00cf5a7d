import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { sql } from 'kysely'
import { openDatabase } from '../../src/db/database.ts'
import { createPostgresSchema, forEachDatabase } from '../support/databases.ts'
import { freePort } from '../support/free-port.ts'
import { startLatchkeyProcess } from '../support/latchkey-process.ts'
import { startSmtpSink } from '../support/smtp-sink.ts'

const SIGN_UPS = 40

function signUp(url: string, i: number) {
  return fetch(`${url}/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      signup_method: 'EMAIL',
      user_info: { email: `load-${i}@crash.test`, password: 'abcdefgh' },
    }),
  }).then(
    (response) => response.status,
    () => 0, // cut off by the kill
  )
}

forEachDatabase('a kill -9 under sign-up load', (dialect) => {
  it('leaves no user without its password hash and mail, delivers every mail after restart, and keeps the database sound', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-load-crash-'))
    const schema = dialect === 'postgres' ? await createPostgresSchema() : undefined
    const sink = await startSmtpSink()
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      SECRET_KEY: 'crash-test-secret-key-of-32-characters!',
      // Real Argon2 cost, so that sign-ups are still in flight when the kill lands.
      MAIL_POLL_SECONDS: '1',
      // Mails the killed process had claimed wait out this claim before the restart sends them.
      MAIL_CLAIM_SECONDS: '5',
      MAIL_BASE_URL: 'https://app.example',
      AMPNET_FIRST_ADMIN: 'false',
      ...(schema && { DATABASE_URL: schema.url }),
    }
    const database = openDatabase({ url: schema?.url, dataDir })
    try {
      // Nothing can be mailed before the kill: the first process's SMTP relay refuses connections.
      const first = await startLatchkeyProcess({ ...env, SMTP_URL: `smtp://127.0.0.1:${await freePort()}` })
      // Kill once a few sign-ups were answered, while the rest are still in flight.
      let answeredSoFar = 0
      let killNow: () => void = () => {}
      const enoughAnswered = new Promise<void>((resolve) => {
        killNow = resolve
      })
      const attempts = Array.from({ length: SIGN_UPS }, (_, i) =>
        signUp(first.url, i).then((status) => {
          if (status === 200 && ++answeredSoFar === 5) killNow()
          return status
        }),
      )
      await enoughAnswered
      first.child.kill('SIGKILL')
      await first.exited
      const statuses = await Promise.all(attempts)
      const answered = statuses.flatMap((status, i) => (status === 200 ? [`load-${i}@crash.test`] : []))

      const users = await database.db.selectFrom('users').select(['id', 'email', 'password_hash']).execute()
      assert.ok(users.length > 0, 'some sign-ups committed before the kill')
      assert.ok(
        users.length < SIGN_UPS || statuses.every((status) => status === 200),
        'the kill cut the load short',
      )
      for (const email of answered)
        assert.ok(
          users.some((user) => user.email === email),
          `${email} was answered 200, so it exists`,
        )
      const outbox = await database.db.selectFrom('mail_outbox').select('recipient').execute()
      const tokens = await database.db.selectFrom('mail_tokens').select('user_id').execute()
      for (const user of users) {
        assert.ok(user.password_hash?.startsWith('$argon2id$'), `${user.email} has its password hash`)
        assert.equal(
          outbox.filter((mail) => mail.recipient === user.email).length,
          1,
          `${user.email} has its mail`,
        )
        assert.equal(
          tokens.filter((token) => token.user_id === user.id).length,
          1,
          `${user.email} has its token`,
        )
      }

      if (dialect === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db)
        assert.deepEqual(
          check.rows.map((row) => row.integrity_check),
          ['ok'],
        )
      } else {
        await sql`create extension if not exists amcheck with schema public`.execute(database.db)
        const indexes = await sql<{ oid: number }>`
          select c.oid from pg_index i join pg_class c on c.oid = i.indexrelid
          join pg_namespace n on n.oid = c.relnamespace join pg_am a on a.oid = c.relam
          where n.nspname = ${schema?.name} and a.amname = 'btree'`.execute(database.db)
        assert.ok(indexes.rows.length > 5)
        for (const index of indexes.rows)
          await sql`select public.bt_index_check(${index.oid}::regclass, true)`.execute(database.db)
      }

      const second = await startLatchkeyProcess({ ...env, SMTP_URL: sink.url })
      try {
        const mails = await sink.waitFor(users.length, 30_000)
        assert.deepEqual(mails.map((mail) => mail.to).sort(), users.map((user) => user.email).sort())
      } finally {
        second.child.kill('SIGKILL')
        await second.exited
      }
    } finally {
      await database.close()
      await sink.close()
      await schema?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
