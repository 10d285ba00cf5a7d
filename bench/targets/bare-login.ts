// The practical limit of a password login: a bare Fastify app that verifies Latchkey's Argon2id hash
// of the password it is sent and answers with a token-sized body. As Latchkey does on one core, it
// runs one verification at a time (hashing-limiter.ts: one per core); more only share the core.
import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import Fastify from 'fastify'
import { loadConfig } from '../../src/config/config.ts'

const [portArg, password] = process.argv.slice(2)
if (password === undefined) throw new Error('usage: bare-login.ts <port> <password>')
const { passwords } = loadConfig({})
const stored = await hash(password, {
  memoryCost: passwords.argon2MemoryKib,
  timeCost: passwords.argon2Iterations,
  parallelism: passwords.argon2Parallelism,
})

const slots = availableParallelism()
let running = 0
const waiting: (() => void)[] = []
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

// As long as the ideapool login's answer (its access token and refresh token).
const body = { jwt: 'x'.repeat(636), refresh_token: 'r'.repeat(100) }
const app = Fastify({ logger: false })
app.post('/login', async (request, reply) => {
  const sent = (request.body as { password?: unknown } | null)?.password
  const matches = typeof sent === 'string' && (await inSlot(() => verify(stored, sent)))
  if (!matches) return reply.code(401).send({ reason: 'Wrong email or password' })
  return reply.code(201).send(body)
})
await app.listen({ port: Number(portArg), host: '127.0.0.1' })
process.stdout.write('ready\n')
