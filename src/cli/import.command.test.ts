import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Algorithm, hash } from '@node-rs/argon2'
import { hashSync } from '@node-rs/bcrypt'
import { type CliWorld, createCliWorld, useCliWorld } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'
import type { App } from '../app.ts'

const ROWS = 10_000
// @node-rs/argon2's Algorithm is a const enum, which type stripping cannot read.
const ARGON2D = 0 as Algorithm
const ARGON2I = 1 as Algorithm
const HASHED_PASSWORD = 'Imported-pass1'
const PLAIN_PASSWORD = 'Plain-pass1'

// Made once per run, at the lowest costs: a row never costs a hash of its own.
const bcrypt2b = hashSync(HASHED_PASSWORD, 4)
const hashes = {
  bcrypt2b,
  bcrypt2y: bcrypt2b.replace('$2b$', '$2y$'),
  bcrypt2a: bcrypt2b.replace('$2b$', '$2a$'),
  argon2id: await hash(HASHED_PASSWORD, { memoryCost: 2048, timeCost: 1 }),
  argon2i: await hash(HASHED_PASSWORD, { algorithm: ARGON2I, memoryCost: 1024, timeCost: 1 }),
}
const body = bcrypt2b.slice(7)
const unknownHashes = [
  '$1$saltsalt$qjX5XXc8qkUa5hfQVVtPx1', // md5-crypt
  await hash(HASHED_PASSWORD, { algorithm: ARGON2D, memoryCost: 1024, timeCost: 1 }),
  '{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=',
  '5f4dcc3b5aa765d61d8327deb882cf99',
]
const badCosts = [
  `$2b$3$${body}`,
  `$2b$32$${body}`,
  `$2b$ab$${body}`,
  `$2x$10$${body}`,
  `$2b$10$${body.slice(1)}`,
]

interface Plan {
  readonly lines: string[]
  readonly rejected: Map<number, string>
  readonly imported: number
  /** The last line giving PLATFORM_MANAGER in my-coop: its user holds the role. */
  readonly lastManager: string
  readonly samples: Record<'bcrypt2b' | 'bcrypt2y' | 'bcrypt2a' | 'argon2id' | 'argon2i' | 'plain', string>
}

/** 10,000 lines: 9,100 good users and 800 bad rows of nine kinds, with 100 blank lines. */
function plan(): Plan {
  const lines: string[] = []
  const rejected = new Map<number, string>()
  const samples: Record<string, string> = {}
  let lastManager = ''
  let imported = 0
  const good = (row: Record<string, unknown>) => {
    imported++
    return JSON.stringify(row)
  }
  for (let line = 1; line <= ROWS; line++) {
    const email = `user-${line}@example.com`
    const kind = line % 100
    const coop = line % 2 === 0 ? 'my-coop' : undefined
    const hashed = (passwordHash: string) => ({
      email,
      name: `User ${line}`,
      coop,
      password_hash: passwordHash,
    })
    let text: string
    if (kind === 0) {
      text = `{"email": "${email}", "password_hash": `
      rejected.set(line, 'not valid JSON')
    } else if (kind === 1) {
      text = JSON.stringify({ email: `not-an-email-${line}`, password_hash: hashes.bcrypt2b })
      rejected.set(line, `email "not-an-email-${line}" is invalid`)
    } else if (kind === 3) {
      const first = `USER-${line - 1}@example.com`
      text = JSON.stringify({
        ...hashed(hashes.bcrypt2b),
        email: first,
        coop: (line - 1) % 2 === 0 ? 'my-coop' : undefined,
      })
      rejected.set(line, `email "${first}" already appears on line ${line - 1}`)
    } else if (kind === 4) {
      text = JSON.stringify(hashed(unknownHashes[line % unknownHashes.length] ?? ''))
      rejected.set(
        line,
        'password_hash is not a bcrypt ($2a$/$2b$/$2y$, cost 04-14) or Argon2id/Argon2i hash (m ≤ 262144, t ≤ 10, p ≤ 16)',
      )
    } else if (kind === 5) {
      text = JSON.stringify(hashed(badCosts[line % badCosts.length] ?? ''))
      rejected.set(
        line,
        'password_hash is not a bcrypt ($2a$/$2b$/$2y$, cost 04-14) or Argon2id/Argon2i hash (m ≤ 262144, t ≤ 10, p ≤ 16)',
      )
    } else if (kind === 6) {
      text = JSON.stringify({ email, password: 'weakpass' })
      rejected.set(
        line,
        'password must include at least one upper-case letter, one lower-case letter and one digit',
      )
    } else if (kind === 7) {
      text = JSON.stringify({ ...hashed(hashes.bcrypt2b), coop: 'no-such-coop' })
      rejected.set(line, 'coop "no-such-coop" does not exist')
    } else if (kind === 8 && line % 200 === 8) {
      text = JSON.stringify({ ...hashed(hashes.bcrypt2b), role: 5 })
      rejected.set(line, 'role must be a string')
    } else if (kind === 8) {
      text = JSON.stringify({ ...hashed(hashes.bcrypt2b), name: 'Nul\u0000Byte' })
      rejected.set(line, 'contains a NUL character (U+0000)')
    } else if (kind === 9) {
      text = ''
    } else if (kind >= 10 && kind <= 14) {
      text = good({
        email,
        first_name: 'Plain',
        last_name: String(line),
        coop,
        password: PLAIN_PASSWORD,
      })
      samples.plain ??= email
    } else if (kind >= 15 && kind <= 18) {
      const which = (['argon2id', 'argon2i', 'bcrypt2y', 'bcrypt2a'] as const)[kind - 15] ?? 'bcrypt2a'
      text = good(hashed(hashes[which]))
      samples[which] ??= email
    } else if (kind === 19) {
      text = good({ ...hashed(hashes.bcrypt2b), coop: 'my-coop', role: 'PLATFORM_MANAGER' })
      lastManager = email
    } else {
      text = good({ ...hashed(hashes.bcrypt2b), username: kind === 20 ? `user${line}` : undefined })
      samples.bcrypt2b ??= email
    }
    lines.push(text)
  }
  return { lines, rejected, imported, lastManager, samples: samples as Plan['samples'] }
}

forEachDatabase('latchkey import (10,000 rows)', (dialect) => {
  let world: CliWorld
  let app: App
  const { lines, rejected, imported, lastManager, samples } = plan()
  let file: string
  before(async () => {
    world = await createCliWorld(dialect)
    assert.equal((await world.run(['coops', 'create', 'my-coop', '--name', 'My Coop'])).code, 0)
    file = join(world.dataDir, 'users.jsonl')
    writeFileSync(file, `${lines.join('\n')}\n`)
  })
  after(() => world.close())

  const userCount = async () => {
    const { count } = await app.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow()
    return Number(count)
  }
  const expectedReport = (importedCount: number, skipped: number) =>
    `imported ${importedCount}, skipped ${skipped} (already there), rejected ${rejected.size}\n${[...rejected]
      .map(([line, reason]) => `  line ${line}: ${reason}\n`)
      .join('')}`

  it('imports the good rows in batches and reports every bad one by line, exit 65', async () => {
    assert.equal(imported, 9_100)
    const result = await world.run(['import', file])
    assert.equal(result.stdout, expectedReport(imported, 0))
    assert.equal(result.code, 65, result.stderr)
    assert.doesNotMatch(result.stderr, /latchkey:/)
    app = await world.startApp()
    assert.equal(await userCount(), imported)
  })

  it('imports nothing new on a re-run: every good row is skipped', async () => {
    const result = await world.run(['import', file])
    assert.equal(result.stdout, expectedReport(0, imported))
    assert.equal(result.code, 65)
    assert.equal(await userCount(), imported)
  })

  it('gives a single-holder role to the last row naming it in the coop', async () => {
    const managers = await app.database.db
      .selectFrom('users')
      .select('email')
      .where('role', '=', 'PLATFORM_MANAGER')
      .execute()
    assert.deepEqual(
      managers.map(({ email }) => email),
      [lastManager],
    )
  })

  const storedHash = async (email: string) =>
    (
      await app.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('email_normalized', '=', email)
        .executeTakeFirstOrThrow()
    ).password_hash ?? ''
  const login = (email: string, password: string) =>
    app.server.inject({ method: 'POST', url: '/access-tokens', payload: { email, password } })

  it('signs in imported bcrypt and Argon2 users and re-hashes them with the current Argon2id', async () => {
    for (const kind of ['bcrypt2b', 'bcrypt2y', 'bcrypt2a', 'argon2id', 'argon2i'] as const) {
      const email = samples[kind]
      // Users of my-coop sign in there; the ideapool surface serves the default coop.
      const coop = Number(/user-(\d+)@/.exec(email)?.[1]) % 2 === 0 ? 'my-coop' : undefined
      assert.equal(await storedHash(email), hashes[kind], kind)
      const wrong = coop
        ? await ampnetLogin(app, email, 'Imported-pass2', coop)
        : (await login(email, 'Imported-pass2')).statusCode
      assert.equal(wrong, coop ? 400 : 401, kind)
      assert.equal(await storedHash(email), hashes[kind], `${kind} unchanged by a wrong password`)
      const ok = coop
        ? await ampnetLogin(app, email, HASHED_PASSWORD, coop)
        : (await login(email, HASHED_PASSWORD)).statusCode
      assert.equal(ok, coop ? 200 : 201, kind)
      assert.match(await storedHash(email), /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/, kind)
      const again = coop
        ? await ampnetLogin(app, email, HASHED_PASSWORD, coop)
        : (await login(email, HASHED_PASSWORD)).statusCode
      assert.equal(again, coop ? 200 : 201, `${kind} after the re-hash`)
    }
    const plain = samples.plain
    assert.match(await storedHash(plain), /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
  })
})

async function ampnetLogin(app: App, email: string, password: string, coop: string): Promise<number> {
  const response = await app.server.inject({
    method: 'POST',
    url: '/token',
    payload: { coop, login_method: 'EMAIL', credentials: { email, password } },
  })
  return response.statusCode
}

describe('latchkey import (CSV)', () => {
  const world = useCliWorld('sqlite')

  it('reads quoted fields, header aliases and multi-line values, and reports broken rows', async () => {
    const file = join(world.dataDir, 'export.txt')
    writeFileSync(
      file,
      [
        'Email,First Name,Last_Name,Username,Role,Password_Hash',
        `ada@example.com,"Ada, Countess",Lovelace,ada,ADMIN,${hashes.bcrypt2b}`,
        `"grace@example.com","Grace ""Amazing""","Hopper",,,"${hashes.argon2id}"`,
        `"ml@example.com","Two`,
        `lines",Name,,,${hashes.bcrypt2b}`,
        `bad@example.com,un"quoted,x,,,${hashes.bcrypt2b}`,
        'short@example.com,Short',
        '',
      ].join('\r\n'),
    )
    const result = await world.run(['import', file, '--format', 'csv'])
    assert.equal(
      result.stdout,
      [
        'imported 3, skipped 0 (already there), rejected 2',
        '  line 6: malformed CSV quoting',
        '  line 7: has 2 fields, the header 6',
        '',
      ].join('\n'),
    )
    assert.equal(result.code, 65)
    const list = await world.run(['users', 'list', '--json'])
    const users = list.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
      .map(({ email, username, name, role }) => ({ email, username, name, role }))
      // One batch shares one creation time: the list's order among them is the ids'.
      .sort((a, b) => a.email.localeCompare(b.email))
    assert.deepEqual(users, [
      { email: 'ada@example.com', username: 'ada', name: 'Ada, Countess Lovelace', role: 'ADMIN' },
      { email: 'grace@example.com', username: null, name: 'Grace "Amazing" Hopper', role: 'USER' },
      { email: 'ml@example.com', username: null, name: 'Two\nlines Name', role: 'USER' },
    ])
  })

  it('stops with one line and exit 1 on a file it cannot use', async () => {
    const noEmail = join(world.dataDir, 'no-email.csv')
    writeFileSync(noEmail, 'name,password\nAda,Analytical-1843\n')
    assert.deepEqual(await world.run(['import', noEmail]), {
      code: 1,
      stdout: '',
      stderr: 'latchkey: the CSV header has no email column\n',
    })
    const missing = join(world.dataDir, 'missing.jsonl')
    assert.deepEqual(await world.run(['import', missing]), {
      code: 1,
      stdout: '',
      stderr: `latchkey: cannot read ${missing}: no such file\n`,
    })
  })
})
