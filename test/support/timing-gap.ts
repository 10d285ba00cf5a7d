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
await app.server.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`

type Payload = (who: 'known' | 'unknown') => { path: string; body: object }
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

console.log(`${rounds} requests per account kind, interleaved; times in ms (client-observed, loopback)`)
console.log(
  `${'endpoint'.padEnd(36)} ${'known p50'.padStart(9)} ${'unkn p50'.padStart(9)} ${'known p90'.padStart(9)} ${'unkn p90'.padStart(9)} ${'p50 gap'.padStart(9)}`,
)
for (const [name, payload] of Object.entries(endpoints)) {
  const times = { known: [] as number[], unknown: [] as number[] }
  for (const who of ['known', 'unknown'] as const) await timeOne(payload(who).path, payload(who).body) // warm-up
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so drift in machine load falls on both alike.
    const order = i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)
    for (const who of order) times[who].push(await timeOne(payload(who).path, payload(who).body))
  }
  const known50 = quantile(times.known, 0.5)
  const unknown50 = quantile(times.unknown, 0.5)
  console.log(
    `${name.padEnd(36)} ${ms(known50)}  ${ms(unknown50)}  ${ms(quantile(times.known, 0.9))}  ${ms(quantile(times.unknown, 0.9))}  ${ms(known50 - unknown50)}`,
  )
}
await app.close()
