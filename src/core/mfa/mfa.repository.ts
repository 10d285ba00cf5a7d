import type { Db } from '../../db/database.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { isMfaPolicyName, type MfaFactorKind, type TenantMfaPolicy } from './mfa.ts'

const TOTP = 'totp' satisfies MfaFactorKind
const RECOVERY_CODE = 'recovery_code' satisfies MfaFactorKind

export interface TotpFactorRow {
  readonly id: string
  readonly secretSealed: string
  readonly confirmed: boolean
  readonly lastUsedStep: number | undefined
}

// Prepared, as the tenant's policy below: every password sign-in asks both.
const selectTotpFactor = prepareQuery(1, (db, userId: string) =>
  db
    .selectFrom('mfa_factors')
    .select(['id', 'secret_sealed', 'confirmed_at', 'last_used_step'])
    .where((eb) => eb.and({ user_id: userId, kind: TOTP }))
    .orderBy('created_at', 'desc')
    .limit(1),
)

/** The user's TOTP authenticator, confirmed or still being enrolled (there is at most one). */
export async function findTotpFactor(db: Db, userId: string): Promise<TotpFactorRow | undefined> {
  const [row] = await selectTotpFactor(db, userId)
  if (row?.secret_sealed == null) return undefined
  return {
    id: row.id,
    secretSealed: row.secret_sealed,
    confirmed: row.confirmed_at !== null,
    lastUsedStep: row.last_used_step === null ? undefined : Number(row.last_used_step),
  }
}

export async function insertTotpFactor(
  db: Db,
  factor: { id: string; tenantId: string; userId: string; secretSealed: string; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('mfa_factors')
    .values({
      id: factor.id,
      tenant_id: factor.tenantId,
      user_id: factor.userId,
      kind: TOTP,
      secret_sealed: factor.secretSealed,
      code_hash: null,
      last_used_step: null,
      confirmed_at: null,
      used_at: null,
      created_at: factor.createdAt.getTime(),
    })
    .execute()
}

/**
 * Records `step` as used, and confirms the factor with it when it is pending; false when that step
 * (or a later one) was used already: two requests with one code cannot both pass.
 */
export async function useTotpStep(db: Db, factorId: string, step: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('mfa_factors')
    .set((eb) => ({
      last_used_step: step,
      confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(now.getTime())),
    }))
    .where('id', '=', factorId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteFactorsOfUser(db: Db, userId: string, kind?: MfaFactorKind): Promise<number> {
  let query = db.deleteFrom('mfa_factors').where('user_id', '=', userId)
  if (kind !== undefined) query = query.where('kind', '=', kind)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function insertRecoveryCodes(
  db: Db,
  owner: { tenantId: string; userId: string; ids: readonly string[]; hashes: readonly string[] },
  now: Date,
): Promise<void> {
  await db
    .insertInto('mfa_factors')
    .values(
      owner.hashes.map((hash, i) => ({
        id: owner.ids[i] ?? '',
        tenant_id: owner.tenantId,
        user_id: owner.userId,
        kind: RECOVERY_CODE,
        secret_sealed: null,
        code_hash: hash,
        last_used_step: null,
        confirmed_at: now.getTime(),
        used_at: null,
        created_at: now.getTime(),
      })),
    )
    .execute()
}

/** Marks the unused code with that hash used; false when there is none (unknown or used). */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('mfa_factors')
    .set({ used_at: now.getTime() })
    .where((eb) => eb.and({ user_id: userId, kind: RECOVERY_CODE, code_hash: codeHash, used_at: null }))
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('mfa_factors')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => eb.and({ user_id: userId, kind: RECOVERY_CODE, used_at: null }))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const selectTenantMfaPolicy = prepareQuery(1, (db, tenantId: string) =>
  db
    .selectFrom('tenant_mfa_policies')
    .select(['policy', 'legacy_password_allowed'])
    .where('tenant_id', '=', tenantId),
)

export async function findTenantMfaPolicy(db: Db, tenantId: string): Promise<TenantMfaPolicy | undefined> {
  const [row] = await selectTenantMfaPolicy(db, tenantId)
  if (row === undefined || !isMfaPolicyName(row.policy)) return undefined
  return { policy: row.policy, legacyPasswordAllowed: row.legacy_password_allowed === 1 }
}

export async function upsertTenantMfaPolicy(
  db: Db,
  tenantId: string,
  policy: TenantMfaPolicy,
  now: Date,
): Promise<void> {
  const values = {
    policy: policy.policy,
    legacy_password_allowed: policy.legacyPasswordAllowed ? 1 : 0,
    updated_at: now.getTime(),
  }
  await db
    .insertInto('tenant_mfa_policies')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute()
}
