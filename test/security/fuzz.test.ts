import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import fc from 'fast-check'
import { forEachDatabase } from '../support/databases.ts'
import { isDocumentedError } from '../support/error-shapes.ts'
import { type FuzzRequest, fuzzRequest, urlOf } from '../support/fuzz-requests.ts'
import { type FuzzWorld, startFuzzWorld } from '../support/fuzz-world.ts'
import { withRequestsOfJunk } from '../support/secret-log-check.ts'

// Generated requests to every route of every surface. Replay a failure with the seed
// printed at the start: FUZZ_SEED=<seed> (and FUZZ_REQUESTS / FUZZ_REQUESTS_POSTGRES for the count).

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122)
const REQUESTS = {
  sqlite: Number(process.env.FUZZ_REQUESTS ?? 10_000),
  // PostgreSQL answers about 3x slower; SQLite alone makes the 10,000 we aim for.
  postgres: Number(process.env.FUZZ_REQUESTS_POSTGRES ?? 5_000),
}
// Live credentials are minted again this often: the fuzz may log them out or change their role.
const RENEW_EVERY = 250

/** Header values as HTTP can carry them: a client cannot send CR, LF or NUL in a header. */
const headerSafe = (text: string) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')

function injectOptions(world: FuzzWorld, request: FuzzRequest) {
  const headers: Record<string, string> = { ...request.headers }
  for (const [slot, credential] of Object.entries(request.credentials))
    headers[slot] = headerSafe(world.credential(slot, credential))
  if (request.body?.contentType !== undefined) headers['content-type'] = request.body.contentType
  return {
    method: request.route.method as 'GET' | 'HEAD',
    url: urlOf(request),
    headers,
    ...(request.body !== undefined && { payload: Buffer.from(request.body.payload) }),
  }
}

function describe(request: FuzzRequest, options: ReturnType<typeof injectOptions>): string {
  const payload =
    request.body === undefined ? '' : Buffer.from(request.body.payload).toString('utf8').slice(0, 300)
  return `${options.method} ${options.url.slice(0, 300)} ${JSON.stringify(options.headers).slice(0, 300)} ${payload}`
}

forEachDatabase('fuzz of every route', (dialect) => {
  let world: FuzzWorld
  before(async () => {
    world = await startFuzzWorld(dialect)
  })
  after(() => world.close())

  it('finds the routes of all four surfaces without a hand-kept list', () => {
    const owners = new Set(world.routes.flatMap((route) => route.owners))
    assert.deepEqual([...owners].sort(), ['ampnet', 'authheader', 'ideapool', 'platform', 'users'])
    assert.ok(
      world.routes.some((route) => route.method === 'POST' && route.url === '/veriff/webhook/decision'),
    )
  })

  it('counts a committed write, so "nothing written" below can fail', async () => {
    const before = await world.writes.count()
    const response = await world.app.inject({
      method: 'POST',
      url: '/users',
      payload: { email: 'counted@example.com', name: 'Counted', password: 'the-Secret-123' },
    })
    assert.equal(response.statusCode, 201, response.body)
    assert.ok((await world.writes.count()) > before)
    assert.ok((await world.writes.describeSince(before)).includes('insert users'))
  })

  it('answers generated requests below 500, in the surface’s error shape, and writes nothing when refusing', async (t) => {
    const runs = REQUESTS[dialect]
    t.diagnostic(`fuzz seed ${SEED}, ${runs} requests on ${dialect}, ${world.routes.length} routes`)
    let sent = 0
    const statuses = new Map<number, number>()
    const property = fc.asyncProperty(
      fc.constantFrom(...world.routes).chain((route) => fuzzRequest(route, world.ids)),
      async (request) => {
        if (sent++ % RENEW_EVERY === 0) await world.renewCredentials()
        const options = injectOptions(world, request)
        const before = await world.writes.count()
        const response = await world.app.inject(options)
        const status = response.statusCode
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        const what = `${status} ${response.body.slice(0, 200)} for ${describe(request, options)}`
        assert.ok(status < 500, what)
        if (status < 400) return
        if ((await world.writes.count()) !== before)
          assert.fail(`a refused request wrote ${await world.writes.describeSince(before)}: ${what}`)
        if (options.method !== 'HEAD')
          assert.ok(
            isDocumentedError(request.route.owners, status, response.body),
            `undocumented body: ${what}`,
          )
      },
    )
    await withRequestsOfJunk(() => fc.assert(property, { seed: SEED, numRuns: runs, endOnFailure: false }))
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
    assert.ok(sent >= runs)
  })
})
