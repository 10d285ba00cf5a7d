import { type LoadResult, type LoadSpec, measure } from './load.ts'
import { FLOOR_OPERATION } from './report.ts'
import { promoteToAdmin, seedIdeas, seedUsersFrom } from './seed.ts'

export interface RunSettings {
  readonly seconds: number
  readonly warmupSeconds: number
  readonly serverPid?: number
}

export interface Operation {
  readonly name: string
  /** Which Better Auth operation it lines up with, if any. */
  readonly comparable?: 'me' | 'login'
  /** Data it needs that must not exist for the operations before it (e.g. more users). */
  readonly before?: () => Promise<void>
  run(settings: RunSettings): Promise<LoadResult>
}

const READ_CONNECTIONS = 32
// Password work is CPU-bound: a few connections saturate it; more only queue.
const HASH_CONNECTIONS = 8

function operation(
  name: string,
  spec: Omit<LoadSpec, 'seconds' | 'warmupSeconds'>,
  comparable?: Operation['comparable'],
): Operation {
  return { name, ...(comparable && { comparable }), run: (settings) => measure({ ...spec, ...settings }) }
}

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  })
  if (response.status >= 400)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`)
  return response
}

const userIdOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()).uid as string
/** Every bench account's password (and the one the bare login target verifies). */
export const PASSWORD = 'the-Secret-123'
// One address in the small coop and in the large one alike (member-42@…): the same answer, so the
// two runs compare what the coop's size costs, not a bigger result (member-42 alone would match
// 1 user of 100 and 1,111 of 100,000).
const FIND_FRAGMENT = encodeURIComponent('member-42@')

export function bareOperations(url: string): Operation[] {
  return [operation('GET /me', { url: `${url}/me`, connections: READ_CONNECTIONS }, 'me')]
}

/** A password login's limit on this stack: Fastify verifying the same hash, opening a session, signing (targets/bare-login.ts). */
export function bareLoginOperations(url: string): Operation[] {
  return [
    operation('POST /login (hash verified, session opened, token signed)', {
      url: `${url}/login`,
      method: 'POST',
      body: JSON.stringify({ email: 'small@bench.test', password: PASSWORD }),
      connections: HASH_CONNECTIONS,
    }),
  ]
}

/** A refresh's limit on this stack: Fastify touching a session on SQLite and signing ES256 (targets/bare-refresh.ts). */
export function bareRefreshOperations(url: string): Operation[] {
  return [
    operation('POST /refresh (session touched, token signed)', {
      url: `${url}/refresh`,
      method: 'POST',
      body: JSON.stringify({ refresh_token: 'bare-refresh-token' }),
      connections: READ_CONNECTIONS,
    }),
  ]
}

/** The generator's ceiling: a raw node:http server that answers before reading anything. */
export function rawOperations(url: string): Operation[] {
  return [operation('GET / (generator ceiling)', { url: `${url}/`, connections: READ_CONNECTIONS })]
}

/** Creates the accounts and data the operations need, then lists the operations. */
export async function latchkeyOperations(
  url: string,
  dataDir: string,
  ideaCount: number,
  coopUsers: number,
): Promise<Operation[]> {
  const signUp = async (email: string) =>
    (await (
      await call(`${url}/users`, { method: 'POST', body: { email, name: 'Bench User', password: PASSWORD } })
    ).json()) as {
      jwt: string
      refresh_token: string
    }
  const small = await signUp('small@bench.test')
  const large = await signUp('large@bench.test')
  await seedIdeas(dataDir, userIdOf(small.jwt), 10)
  await seedIdeas(dataDir, userIdOf(large.jwt), ideaCount)
  const key = (await (
    await call(`${url}/authheader/add`, {
      method: 'POST',
      headers: { authorization: `Bearer ${small.jwt}` },
      body: { name: 'bench' },
    })
  ).json()) as { token: string }
  const deepPage = Math.floor(ideaCount / 10)
  const [edited] = (await (
    await call(`${url}/ideas?page=1`, { headers: { 'x-access-token': small.jwt } })
  ).json()) as { id: string }[]
  if (edited === undefined) throw new Error('the small user has no idea to edit')
  const edit = {
    method: 'PUT',
    path: `/ideas/${edited.id}`,
    body: JSON.stringify({ content: 'Edited in the bench', impact: 8, ease: 7, confidence: 9 }),
  } as const
  // The admin of the default coop (named by the operator, here straight in the database), signed in
  // through AMPnet.
  await promoteToAdmin(dataDir, userIdOf(small.jwt))
  const ampnet = (await (
    await call(`${url}/token`, {
      method: 'POST',
      body: { login_method: 'EMAIL', credentials: { email: 'small@bench.test', password: PASSWORD } },
    })
  ).json()) as { access_token: string }
  const adminBearer = { authorization: `Bearer ${ampnet.access_token}` }
  const tenantId = JSON.parse(Buffer.from(small.jwt.split('.')[1] ?? '', 'base64url').toString())
    .tid as string
  await seedUsersFrom(dataDir, tenantId, 0, 97) // with small, large and the first sign-up: 100 users

  return [
    operation(FLOOR_OPERATION, { url: `${url}/health`, connections: READ_CONNECTIONS }),
    operation(
      'GET /me (ideapool token)',
      { url: `${url}/me`, headers: { 'x-access-token': small.jwt }, connections: READ_CONNECTIONS },
      'me',
    ),
    operation(
      'GET /me (AMPnet bearer)',
      { url: `${url}/me`, headers: adminBearer, connections: READ_CONNECTIONS },
      'me',
    ),
    operation('GET /admin/user/find (100 users)', {
      url: `${url}/admin/user/find?email=${FIND_FRAGMENT}&size=20`,
      headers: adminBearer,
      connections: READ_CONNECTIONS,
    }),
    {
      ...operation(`GET /admin/user/find (${coopUsers} users)`, {
        url: `${url}/admin/user/find?email=${FIND_FRAGMENT}&size=20`,
        headers: adminBearer,
        connections: READ_CONNECTIONS,
      }),
      before: () => seedUsersFrom(dataDir, tenantId, 97, coopUsers - 100),
    },
    operation('GET /test/secure (API key)', {
      url: `${url}/test/secure`,
      headers: { 'x-authorization': key.token },
      connections: READ_CONNECTIONS,
    }),
    operation('GET /ideas?page=1 (10 ideas)', {
      url: `${url}/ideas?page=1`,
      headers: { 'x-access-token': small.jwt },
      connections: READ_CONNECTIONS,
    }),
    // The user's own edit drops their kept pages: the page after it is read from SQLite.
    operation(`${edit.method} /ideas/:id (edit an idea)`, {
      url: `${url}${edit.path}`,
      method: edit.method,
      headers: { 'x-access-token': small.jwt },
      body: edit.body,
      connections: READ_CONNECTIONS,
    }),
    operation('PUT /ideas/:id and GET /ideas?page=1 in turn (a page after each edit)', {
      url: `${url}/ideas?page=1`,
      headers: { 'x-access-token': small.jwt },
      alternate: edit,
      connections: READ_CONNECTIONS,
    }),
    operation(`GET /ideas?page=1 (${ideaCount} ideas)`, {
      url: `${url}/ideas?page=1`,
      headers: { 'x-access-token': large.jwt },
      connections: READ_CONNECTIONS,
    }),
    operation(`GET /ideas?page=${deepPage} (${ideaCount} ideas)`, {
      url: `${url}/ideas?page=${deepPage}`,
      headers: { 'x-access-token': large.jwt },
      connections: READ_CONNECTIONS,
    }),
    operation('POST /access-tokens/refresh', {
      url: `${url}/access-tokens/refresh`,
      method: 'POST',
      body: JSON.stringify({ refresh_token: small.refresh_token }),
      connections: READ_CONNECTIONS,
    }),
    operation(
      'POST /access-tokens (password login)',
      {
        url: `${url}/access-tokens`,
        method: 'POST',
        body: JSON.stringify({ email: 'small@bench.test', password: PASSWORD }),
        connections: HASH_CONNECTIONS,
      },
      'login',
    ),
    operation('POST /users (sign-up)', {
      url: `${url}/users`,
      method: 'POST',
      bodyTemplate: JSON.stringify({ email: 'new-%d@bench.test', name: 'New User', password: PASSWORD }),
      connections: HASH_CONNECTIONS,
    }),
  ]
}

/** get-session (with the target's cookie cache setting) and, once, sign-in/email. */
export async function betterAuthOperations(url: string, includeSignIn: boolean): Promise<Operation[]> {
  const credentials = { email: 'bench@bench.test', password: PASSWORD, name: 'Bench User' }
  // Better Auth refuses cookie-less POSTs without an Origin it trusts (CSRF protection).
  const origin = { origin: url }
  await call(`${url}/api/auth/sign-up/email`, { method: 'POST', headers: origin, body: credentials })
  const signIn = await call(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: origin,
    body: { email: credentials.email, password: PASSWORD },
  })
  const cookie = signIn.headers
    .getSetCookie()
    .map((set) => set.split(';')[0])
    .join('; ')
  const operations = [
    operation(
      'GET /api/auth/get-session',
      { url: `${url}/api/auth/get-session`, headers: { cookie }, connections: READ_CONNECTIONS },
      'me',
    ),
  ]
  if (includeSignIn) {
    operations.push(
      operation(
        'POST /api/auth/sign-in/email',
        {
          url: `${url}/api/auth/sign-in/email`,
          method: 'POST',
          headers: origin,
          body: JSON.stringify({ email: credentials.email, password: PASSWORD }),
          connections: HASH_CONNECTIONS,
        },
        'login',
      ),
    )
  }
  return operations
}
