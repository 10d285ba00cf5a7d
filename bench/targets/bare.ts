// The practical limit: a bare Fastify app answering one small JSON route.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/me', async () => ({
  email: 'bare@example.com',
  name: 'Bare',
  avatar_url: 'https://www.gravatar.com/avatar/x',
}))
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' })
process.stdout.write('ready\n')
