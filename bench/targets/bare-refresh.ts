// The practical limit of a refresh: a bare Fastify app that does what any refresh must, and no more.
// It finds the session by its refresh token's SHA-256, touches it (last use and sliding expiry) in
// one `UPDATE … RETURNING` on SQLite in WAL mode, as Latchkey does, and signs a new ES256 access token.
import Fastify from 'fastify'
import { accessToken, openSessions } from './bare-session.ts'

const [portArg, file] = process.argv.slice(2)
if (file === undefined) throw new Error('usage: bare-refresh.ts <port> <database file>')
/** The one session's refresh token, as operations.ts sends it. */
const TOKEN = 'bare-refresh-token'

const sessions = openSessions(file)
sessions.ensure('8954f91a-00e8-4235-b285-a2f698179055', TOKEN, Date.now())
const issuer = `http://127.0.0.1:${portArg}`

const app = Fastify({ logger: false })
app.post('/refresh', async (request, reply) => {
  const sent = (request.body as { refresh_token?: unknown } | null)?.refresh_token
  if (typeof sent !== 'string') return reply.code(400).send({ reason: 'refresh_token is required' })
  const session = sessions.touch(sent, Date.now())
  if (session === undefined) return reply.code(401).send({ reason: 'Invalid refresh token' })
  return { jwt: accessToken(session.id, issuer) }
})
await app.listen({ port: Number(portArg), host: '127.0.0.1' })
process.stdout.write('ready\n')
