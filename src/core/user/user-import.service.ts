import { availableParallelism } from 'node:os'
import type { Db } from '../../db/database.ts'
import { passwordExpiryAfter } from '../password/password-expiry.ts'
import type { PasswordHasher } from '../password/password-hasher.ts'
import { operatorPasswordRule } from '../password/password-rules.ts'
import { demoteRoleHolders, lockTenantRoles, updateUserRole } from '../role/role.repository.ts'
import { displacedBy } from '../role/role.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import type { Tenant } from '../tenant/tenant.ts'
import { newUser, normalizeEmail, normalizeUsername, type User } from './user.ts'
import { findTaken, insertUsersIgnoringTaken } from './user-import.repository.ts'
import {
  type CheckedCandidate,
  checkCandidate,
  type ImportCandidate,
  type ImportOutcome,
} from './user-import.ts'

export type { ImportCandidate, ImportOutcome } from './user-import.ts'

export interface UserImportDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly tenants: TenantService
}

interface Pending {
  readonly candidate: CheckedCandidate
  readonly tenant: Tenant
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export type UserImport = ReturnType<typeof createUserImport>

/**
 * Operator-created users (CLI `users create` and `import`). Users that exist (same tenant, same
 * email ignoring case) are skipped, never changed, so a re-run imports nothing twice. Each batch is
 * one transaction: a user is written whole (with its role) or not at all, and a bad row is only
 * reported. The first-account-is-ADMIN rule of sign-up does not apply: the operator names roles.
 */
export function createUserImport({ db, clock, passwords, tenants }: UserImportDeps) {
  return {
    /** An import run: remembers the rows of earlier batches to report duplicates within the file. */
    begin() {
      const tenantCache = new Map<string, Tenant | undefined>()
      const emailLines = new Map<string, number>()
      const usernameLines = new Map<string, number>()

      async function tenantNamed(identifier: string | undefined): Promise<Tenant | undefined> {
        if (identifier === undefined) return tenants.defaultTenant()
        if (!tenantCache.has(identifier))
          tenantCache.set(identifier, await tenants.findByIdentifier(identifier))
        return tenantCache.get(identifier)
      }

      async function checkAll(
        candidates: readonly ImportCandidate[],
        reject: (line: number, status: 'skipped' | 'rejected', reason: string) => void,
      ): Promise<Pending[]> {
        const pending: Pending[] = []
        for (const raw of candidates) {
          const candidate = checkCandidate(raw, operatorPasswordRule)
          if (typeof candidate === 'string') {
            reject(raw.line, 'rejected', candidate)
            continue
          }
          const tenant = await tenantNamed(candidate.tenant)
          if (tenant === undefined) {
            reject(raw.line, 'rejected', `coop "${candidate.tenant}" does not exist`)
            continue
          }
          const emailKey = `${tenant.id}\n${normalizeEmail(candidate.email)}`
          const usernameKey = candidate.username && `${tenant.id}\n${normalizeUsername(candidate.username)}`
          const emailLine = emailLines.get(emailKey)
          const usernameLine = usernameKey ? usernameLines.get(usernameKey) : undefined
          if (emailLine !== undefined) {
            reject(raw.line, 'rejected', `email "${candidate.email}" already appears on line ${emailLine}`)
          } else if (usernameLine !== undefined) {
            reject(
              raw.line,
              'rejected',
              `username "${candidate.username}" already appears on line ${usernameLine}`,
            )
          } else {
            emailLines.set(emailKey, raw.line)
            if (usernameKey) usernameLines.set(usernameKey, raw.line)
            pending.push({ candidate, tenant })
          }
        }
        return pending
      }

      /** Leaves out users the database has already; their rows are reported. */
      async function notStoredYet(
        pending: readonly Pending[],
        reject: (line: number, status: 'skipped' | 'rejected', reason: string) => void,
      ): Promise<Pending[]> {
        const fresh: Pending[] = []
        const byTenant = Map.groupBy(pending, (entry) => entry.tenant.id)
        for (const [tenantId, entries] of byTenant) {
          const emails = await findTaken(
            db,
            tenantId,
            'email_normalized',
            entries.map(({ candidate }) => normalizeEmail(candidate.email)),
          )
          const usernames = await findTaken(
            db,
            tenantId,
            'username_normalized',
            entries.flatMap(({ candidate }) =>
              candidate.username ? [normalizeUsername(candidate.username)] : [],
            ),
          )
          for (const entry of entries) {
            const { candidate } = entry
            if (emails.has(normalizeEmail(candidate.email))) {
              reject(candidate.line, 'skipped', 'a user with this email exists')
            } else if (candidate.username && usernames.has(normalizeUsername(candidate.username))) {
              reject(candidate.line, 'rejected', `username "${candidate.username}" is taken`)
            } else {
              fresh.push(entry)
            }
          }
        }
        return fresh
      }

      return {
        /** Imports a batch in one transaction; one outcome per candidate, in their order. */
        async importBatch(candidates: readonly ImportCandidate[]): Promise<ImportOutcome[]> {
          const outcomes = new Map<number, ImportOutcome>()
          const reject = (line: number, status: 'skipped' | 'rejected', reason: string) =>
            outcomes.set(line, { line, status, reason })
          const fresh = await notStoredYet(await checkAll(candidates, reject), reject)
          const now = clock.now()
          // Plain passwords get today's Argon2id; hashes are kept as they came.
          const rows = await mapLimited(fresh, availableParallelism(), async ({ candidate, tenant }) => ({
            candidate,
            user: importedUser(candidate, tenant, now),
            passwordHash:
              'password' in candidate.secret
                ? await passwords.hash(candidate.secret.password)
                : candidate.secret.passwordHash,
          }))
          await db.transaction().execute(async (trx) => {
            const inserted = await insertUsersIgnoringTaken(trx, rows)
            const locked = new Set<string>()
            for (const { candidate, user } of rows) {
              if (!inserted.has(user.id)) {
                reject(candidate.line, 'skipped', 'a user with this email exists')
                continue
              }
              outcomes.set(candidate.line, { line: candidate.line, status: 'imported', userId: user.id })
              if (candidate.role === 'USER') continue
              if (!locked.has(user.tenantId)) await lockTenantRoles(trx, user.tenantId)
              locked.add(user.tenantId)
              await demoteRoleHolders(trx, user.tenantId, displacedBy(candidate.role), now)
              await updateUserRole(trx, user.id, candidate.role, now)
            }
          })
          return candidates.flatMap((candidate) => outcomes.get(candidate.line) ?? [])
        },
      }
    },
  }
}

function importedUser(candidate: CheckedCandidate, tenant: Tenant, now: Date): User {
  return newUser(
    {
      id: newId(),
      tenantId: tenant.id,
      email: candidate.email,
      username: candidate.username,
      displayName: candidate.displayName,
      givenName: candidate.givenName,
      familyName: candidate.familyName,
      hasPassword: true,
      passwordExpiresAt: passwordExpiryAfter(now, tenant.passwordMaxAgeDays),
      emailConfirmed: false,
    },
    now,
  )
}
