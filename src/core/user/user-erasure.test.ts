import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { rowCounts, rowsHolding } from '../../../test/support/user-traces.ts'
import { insertKycRecord, linkKycRecord } from '../kyc/kyc.repository.ts'
import { insertVeriffSession, upsertVeriffDecision } from '../kyc/veriff.repository.ts'
import { newId } from '../shared/random.ts'
import type { User } from './user.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

coreSuite('user erasure', (world) => {
  /** A user with a row of every kind that can be theirs, and an event in the audit log. */
  async function userWithEverything(email: string): Promise<{ user: User; accessToken: string }> {
    const { core, database } = world
    const local = email.split('@')[0] ?? 'someone'
    const user = await createAccount(world, { email, username: local })
    const tenantId = user.tenantId
    await core.identity.auth.signIn(
      client,
      { tenantId, email, password: DEFAULT_PASSWORD },
      { surface: 'test', accessTtlSeconds: 600, refreshTtlSeconds: 3600 },
    )
    const { accessToken } = await core.identity.auth.openSession(user, {
      surface: 'test',
      accessTtlSeconds: 600,
      refreshTtlSeconds: undefined,
    })
    await core.identity.apiKeys.issue({ tenantId, userId: user.id, name: 'ci', ttlSeconds: undefined })
    await core.tenants.ideas.create(user.id, { content: 'an idea', impact: 5, ease: 5, confidence: 5 })
    await core.kyc.bankAccounts.create(user.id, {
      iban: 'HR1723600001101234565',
      bankCode: 'ZABAHRXX',
      alias: 'mine',
      bankName: undefined,
      bankAddress: undefined,
      beneficiaryName: `Beneficiary-${local}`,
      beneficiaryAddress: undefined,
      beneficiaryCity: undefined,
      beneficiaryCountry: undefined,
    })
    await core.identity.emailConfirmation.resend(client, user) // a mail token and a queued mail
    const now = core.clock.now()
    const veriffSession = newId()
    await insertVeriffSession(database.db, {
      id: veriffSession,
      userId: user.id,
      url: 'https://veriff.test/x',
      state: 'submitted',
      createdAt: now,
    })
    const decision = { status: 'approved', code: 9001, reason: undefined, reasonCode: undefined } as const
    await upsertVeriffDecision(
      database.db,
      { ...decision, sessionId: veriffSession, decisionTime: undefined, acceptanceTime: undefined },
      now,
    )
    const person = {
      givenName: local,
      familyName: `Family-${local}`,
      dateOfBirth: '1815-12-10',
      nationality: 'GB',
      documentType: 'PASSPORT',
      documentCountry: 'GB',
      documentValidUntil: undefined,
    }
    const veriffRecord = await insertKycRecord(
      database.db,
      newId(),
      { provider: 'VERIFF', sessionId: veriffSession, person },
      now,
    )
    const identyumRecord = await insertKycRecord(
      database.db,
      newId(),
      { provider: 'IDENTYUM', sessionId: newId(), person },
      now,
    )
    await linkKycRecord(database.db, user.id, veriffRecord ?? '', person, now)
    await linkKycRecord(database.db, user.id, identyumRecord ?? '', person, now)
    await core.identity.roles.changeRole({ tenantId, userId: user.id, role: 'PLATFORM_MANAGER' })
    return { user: await core.identity.users.get(user.id), accessToken }
  }

  it('leaves no row anywhere holding the id or the email, and keeps the events under a pseudonym', async () => {
    const { user, accessToken } = await userWithEverything('ada@erase.test')
    const other = await userWithEverything('grace@erase.test')
    const { db } = world.database
    assert.ok((await rowsHolding(db, [user.id])).length >= 10)
    const before = await rowCounts(db)

    const counts = await world.core.identity.userErasure.erase({ tenantId: user.tenantId, userId: user.id })

    assert.deepEqual(await rowsHolding(db, [user.id, user.email, 'family-ada', 'beneficiary-ada']), [])
    assert.deepEqual(counts, {
      sessions: 2,
      api_keys: 1,
      ideas: 1,
      bank_accounts: 1,
      mail_tokens: 1,
      kyc_records: 2,
      veriff_sessions: 1,
      queued_mails: 1,
      audit_events: counts.audit_events,
    })
    assert.ok(counts.audit_events >= 3, `${counts.audit_events}`)
    const after = await rowCounts(db)
    assert.equal(after.users, (before.users ?? 0) - 1)
    assert.equal(after.veriff_decisions, (before.veriff_decisions ?? 0) - 1)
    // The other user is whole.
    assert.equal(
      (await rowsHolding(db, [other.user.id])).length,
      (await rowsHolding(db, [other.user.id])).length,
    )
    assert.equal((await world.core.identity.apiKeys.list(other.user.id)).length, 1)
    assert.equal((await world.core.identity.users.get(other.user.id)).kycVerified, true)

    const pseudonym = world.core.identity.userErasure.pseudonymOf(user.id)
    assert.match(pseudonym, /^deleted-user-[A-Za-z0-9_-]{22}$/)
    const { events } = await world.core.ops.audit.page(user.tenantId, { page: 0, size: 100 })
    const theirs = events.filter(
      (event) => event.actorUserId === pseudonym || event.subjectUserId === pseudonym,
    )
    assert.deepEqual(
      theirs.map((event) => event.type),
      ['user.deleted', 'role.changed', 'api_key.issued', 'sign_in.succeeded', 'sign_up'],
    )
    assert.deepEqual(theirs[0]?.details, { ...counts })
    assert.equal(theirs[0]?.actorUserId, undefined)
    assert.equal(world.core.identity.userErasure.pseudonymOf(user.id), pseudonym)
    assert.notEqual(world.core.identity.userErasure.pseudonymOf(other.user.id), pseudonym)

    // Their access token is refused at once: the session is revoked and the user is gone.
    await assert.rejects(world.core.sessions.tokens.verify(accessToken), { code: 'invalid_token' })
    assert.equal((await world.core.sessions.tokens.verify(other.accessToken)).userId, other.user.id)
  })

  it('refuses an unknown user and a user of another tenant, changing nothing', async () => {
    const { user } = await userWithEverything('edsger@erase.test')
    const { tenant } = await world.core.tenants.coops.create({ identifier: 'erase-other', name: 'Other' })
    const before = await rowCounts(world.database.db)
    await assert.rejects(world.core.identity.userErasure.erase({ tenantId: tenant.id, userId: user.id }), {
      code: 'user_not_found',
    })
    await assert.rejects(
      world.core.identity.userErasure.erase({ tenantId: user.tenantId, userId: newId() }),
      {
        code: 'user_not_found',
      },
    )
    assert.deepEqual(await rowCounts(world.database.db), before)
  })
})
