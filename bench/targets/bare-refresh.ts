// The practical limit of a refresh: a bare Fastify app that does what any refresh must, and no more.
// It finds the session by its refresh token's SHA-256, touches it (last use and sliding expiry) in
// one `UPDATE … RETURNING` on SQLite in WAL mode, as Latchkey does, and signs a new ES256 access token.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { DatabaseSync } from 'node:sqlite'
import Fastify from 'fastify'
import { signCompact } from '../../src/core/token/compact-jws.ts'

const [portArg, file] = process.argv.slice(2)
if (file === undefined) throw new Error('usage: bare-refresh.ts <port> <database file>')
/** The one session's refresh token, as operations.ts sends it. */
const TOKEN = 'bare-refresh-token'
const DAY_MS = 86_400_000

const db = new DatabaseSync(file)
db.exec('PRAGMA journal_mode = WAL')
db.exec('PRAGMA synchronous = NORMAL')
db.exec(`create table if not exists sessions (
  id text primary key, user_id text not null, refresh_token_hash text unique,
  last_used_at integer not null, expires_at integer, ended_at integer)`)
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url')
db.prepare('insert or ignore into sessions values (?, ?, ?, ?, ?, null)').run(
  '8954f91a-00e8-4235-b285-a2f698179055',
  'c1f0e1d2-7998-46ef-b6ad-b681f3c28dd8',
  hashOf(TOKEN),
  Date.now(),
  Date.now() + DAY_MS,
)
const touch = db.prepare(`update sessions set last_used_at = ?, expires_at = ?
  where refresh_token_hash = ? and ended_at is null and (expires_at is null or expires_at > ?)
  returning id, user_id`)

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const header = { alg: 'ES256', kid: 'bare-refresh-signing-key-0123456789abcdefgh', typ: 'JWT' } as const
// The ideapool access token's claims, so that the answer is as long as Latchkey's; the user's own
// are fixed here, where Latchkey reads them from the user it keeps in memory.
const user = { id: 'c1f0e1d2-7998-46ef-b6ad-b681f3c28dd8', email: 'small@bench.test', name: 'Small' }
const tenantId = 'f5bf7380-a7c3-4928-9c0c-f6c7969d43da'

const app = Fastify({ logger: false })
app.post('/refresh', async (request, reply) => {
  const sent = (request.body as { refresh_token?: unknown } | null)?.refresh_token
  if (typeof sent !== 'string') return reply.code(400).send({ reason: 'refresh_token is required' })
  const now = Date.now()
  const session = touch.get(now, now + DAY_MS, hashOf(sent), now) as
    | { id: string; user_id: string }
    | undefined
  if (session === undefined) return reply.code(401).send({ reason: 'Invalid refresh token' })
  const seconds = Math.floor(now / 1000)
  const claims = {
    id: user.id,
    email: user.email,
    name: user.name,
    uid: session.user_id,
    tid: tenantId,
    sid: session.id,
    sub: session.user_id,
    iss: `http://127.0.0.1:${portArg}`,
    iat: seconds,
    exp: seconds + 3600,
  }
  return { jwt: signCompact(header, claims, privateKey) }
})
await app.listen({ port: Number(portArg), host: '127.0.0.1' })
process.stdout.write('ready\n')
