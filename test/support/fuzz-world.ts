import type { User } from '../../src/core/user/user.ts'
import { createAccount } from './accounts.ts'
import type { TestDialect } from './databases.ts'
import { installWriteCounter, type WriteCounter } from './db-writes.ts'
import { startFakeFacebook } from './facebook-fake.ts'
import { RECAPTCHA_SECRET, startFakeRecaptcha } from './fake-recaptcha.ts'
import type { Credential } from './fuzz-requests.ts'
import { startFakeGoogle } from './google-fake.ts'
import { startFakeIdentyum } from './identyum-fake.ts'
import { type CatalogueRoute, collectRoutes } from './route-catalogue.ts'
import { recordSecret } from './secret-log-check.ts'
import { socialEnv } from './social-env.ts'
import { createTestApp, type TestApp } from './test-app.ts'
import { startFakeVeriff, VERIFF_API_KEY, VERIFF_SECRET } from './veriff-fake.ts'

/**
 * A Latchkey with every surface and every external provider on (each a local fake, so a random
 * token gets the provider's own "no" and the fuzz never reaches the internet), its routes, and live
 * credentials the requests may carry.
 */
export interface FuzzWorld {
  readonly app: TestApp
  readonly routes: readonly CatalogueRoute[]
  readonly writes: WriteCounter
  /** Ids path parameters sometimes take: the users', their coop's, a real idea's. */
  readonly ids: readonly string[]
  /** The text a credential slot carries now. */
  credential(slot: string, credential: Credential): string
  /** New sessions and keys, in case the fuzz logged the old ones out. */
  renewCredentials(): Promise<void>
  close(): Promise<void>
}

export async function startFuzzWorld(dialect: TestDialect): Promise<FuzzWorld> {
  const [google, facebook, veriff, identyum, recaptcha] = await Promise.all([
    startFakeGoogle(),
    startFakeFacebook(),
    startFakeVeriff(),
    startFakeIdentyum(),
    startFakeRecaptcha(),
  ])
  const { built: app, routes } = await collectRoutes(() =>
    createTestApp({
      dialect,
      env: {
        ...socialEnv(google, facebook),
        ...identyum.env(),
        VERIFF_BASE_URL: veriff.url,
        VERIFF_API_KEY,
        VERIFF_SECRET,
        RECAPTCHA_ENABLED: 'true',
        RECAPTCHA_SECRET,
        RECAPTCHA_VERIFY_URL: recaptcha.url,
        KYC_TIMEOUT_MS: '2000',
      },
    }),
  )
  // Mails stay queued: a delivery pass would write to the outbox while a rejected request runs.
  await app.core.mail.mailOutbox.stop()
  const admin = await createAccount(app, { email: 'fuzz-admin@example.com', username: 'fuzzadmin' })
  await app.core.identity.roles.changeRole({ tenantId: admin.tenantId, userId: admin.id, role: 'ADMIN' })
  const other = await createAccount(app, { email: 'fuzz-user@example.com', username: 'fuzzuser' })
  const live = { jwt: '', otherJwt: '', apiKey: '' }
  const openSession = async (user: User) =>
    (
      await app.core.identity.auth.openSession(user, {
        surface: 'test',
        accessTtlSeconds: 86_400,
        refreshTtlSeconds: undefined,
      })
    ).accessToken
  const renewCredentials = async () => {
    live.jwt = await openSession(admin)
    live.otherJwt = await openSession(other)
    live.apiKey = (
      await app.core.identity.apiKeys.issue({
        tenantId: admin.tenantId,
        userId: admin.id,
        name: 'fuzz',
        ttlSeconds: undefined,
      })
    ).token
    // Live credentials are secrets, though the fuzz's requests are not recorded (withRequestsOfJunk).
    for (const secret of Object.values(live)) recordSecret(secret)
  }
  await renewCredentials()
  const idea = await app.core.tenants.ideas.create(admin.id, {
    content: 'an idea',
    impact: 5,
    ease: 5,
    confidence: 5,
  })
  const writes = await installWriteCounter(app.database.db, dialect)
  return {
    app,
    routes,
    writes,
    ids: [admin.id, other.id, admin.tenantId, idea.id],
    credential(slot, credential) {
      if ('junk' in credential) return credential.junk
      const value =
        credential.valid === 'api-key' ? live.apiKey : credential.valid === 'jwt' ? live.jwt : live.otherJwt
      return slot === 'authorization' && credential.valid !== 'api-key' ? `Bearer ${value}` : value
    },
    renewCredentials,
    async close() {
      await app.close()
      await Promise.all([
        google.close(),
        facebook.close(),
        veriff.close(),
        identyum.close(),
        recaptcha.close(),
      ])
    },
  }
}
