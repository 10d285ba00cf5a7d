// Measures how long sign-in and forgot-password take for known and unknown accounts, with the
// production Argon2 parameters, over a real socket. Not a test (no timing assertions): run it by hand,
// `npx node test/support/timing-gap.ts [rounds]`, and report the table in docs/security.md.
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createAccount } from './accounts.ts'
import { createTestApp } from './test-app.ts'

const rounds = Number(process.argv[2] ?? 40)

const app = await createTestApp({
  env: {
    // The production defaults (config.ts), not the tests' cheap ones.
    ARGON2_MEMORY_KIB: '19456',
    ARGON2_ITERATIONS: '2',
    ARGON2_PARALLELISM: '1',
    AMPNET_MAIL_CONFIRMATION: 'false',
  },
})
await createAccount(app, { email: 'known@example.com', username: 'known', password: 'Password1' })
// An account brought by `latchkey import` with a cost-12 bcrypt hash (of 'Imported-pass1').
const imported = await createAccount(app, { email: 'imported@example.com', username: 'imported' })
await app.database.db
  .updateTable('users')
  .set({ password_hash: '$2b$12$QaT70M9Au9bBhErBuV7A/O.6QD4bA.O5NumteJW9Kzhc8wBjs1sBS' })
  .where('id', '=', imported.id)
  .execute()
await app.server.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`

type Who = 'known' | 'imported' | 'unknown'
type Payload = (who: Who) => { path: string; body: object }
const endpoints: Record<string, Payload> = {
  'ideapool POST /access-tokens': (who) => ({
    path: '/access-tokens',
    body: { email: `${who}@example.com`, password: 'Wrong-password-1' },
  }),
  'authheader POST /user/login': (who) => ({
    path: '/user/login',
    body: { username: who, password: 'Wrong-password-1' },
  }),
  'users POST /users/login': (who) => ({
    path: '/users/login',
    body: { email: `${who}@example.com`, password: 'Wrong-password-1' },
  }),
  'AMPnet POST /token': (who) => ({
    path: '/token',
    body: {
      login_method: 'EMAIL',
      credentials: { email: `${who}@example.com`, password: 'Wrong-password-1' },
    },
  }),
  'AMPnet POST /forgot-password/token': (who) => ({
    path: '/forgot-password/token',
    body: { email: `${who}@example.com` },
  }),
}

async function timeOne(path: string, body: object): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await response.arrayBuffer()
  return performance.now() - started
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}
const ms = (value: number) => value.toFixed(2).padStart(8)

const KINDS = ['known', 'imported', 'unknown'] as const
console.log(`${rounds} requests per account kind, interleaved; times in ms (client-observed, loopback)`)
console.log(
  [
    'endpoint'.padEnd(36),
    ...KINDS.map((who) => `${who.slice(0, 5)} p50`.padStart(10)),
    ...KINDS.map((who) => `${who.slice(0, 5)} p90`.padStart(10)),
  ].join(' '),
)
for (const [name, payload] of Object.entries(endpoints)) {
  const times: Record<Who, number[]> = { known: [], imported: [], unknown: [] }
  for (const who of KINDS) await timeOne(payload(who).path, payload(who).body) // warm-up
  for (let i = 0; i < rounds; i++) {
    // Rotate which goes first, so drift in machine load falls on every kind alike.
    const order = KINDS.map((_, k) => KINDS[(i + k) % KINDS.length] as Who)
    for (const who of order) times[who].push(await timeOne(payload(who).path, payload(who).body))
  }
  const cells = [0.5, 0.9].flatMap((q) => KINDS.map((who) => `${ms(quantile(times[who], q))}  `))
  console.log(`${name.padEnd(36)} ${cells.join('')}`)
}
await app.close()
