// The practical limit of a password login: a bare Fastify app that does what any login must, and no
// more. It verifies Latchkey's Argon2id hash of the password sent, opens a session on SQLite in WAL
// mode (bare-session.ts) and signs an ES256 access token. As Latchkey does on one core, it runs one
// verification at a time, through the same limiter (one per core); more would only share the core.
import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import Fastify from 'fastify'
import { loadConfig } from '../../src/config/config.ts'
import { createHashingLimiter } from '../../src/core/password/hashing-limiter.ts'
import { accessToken, openSessions } from './bare-session.ts'

const [portArg, file, password] = process.argv.slice(2)
if (file === undefined || password === undefined)
  throw new Error('usage: bare-login.ts <port> <database file> <password>')
const { passwords } = loadConfig({})
const stored = await hash(password, {
  memoryCost: passwords.argon2MemoryKib,
  timeCost: passwords.argon2Iterations,
  parallelism: passwords.argon2Parallelism,
})
const sessions = openSessions(file)
const issuer = `http://127.0.0.1:${portArg}`

// Latchkey's own limiter, with the slots Latchkey takes by default and a queue as long as the bench's.
const limiter = createHashingLimiter({ concurrency: availableParallelism(), queueLimit: 100_000 })

const app = Fastify({ logger: false })
app.post('/login', async (request, reply) => {
  const sent = (request.body as { password?: unknown } | null)?.password
  const matches = typeof sent === 'string' && (await limiter.run(() => verify(stored, sent)))
  if (!matches) return reply.code(401).send({ reason: 'Wrong email or password' })
  const session = sessions.open(Date.now())
  return reply.code(201).send({ jwt: accessToken(session.id, issuer), refresh_token: session.refreshToken })
})
await app.listen({ port: Number(portArg), host: '127.0.0.1' })
process.stdout.write('ready\n')
