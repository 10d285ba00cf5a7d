import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { unlessDuplicate } from '../../db/errors.ts'
import { cachedRowById } from '../../db/read-cache.ts'
import { date, flag, oneOf, optional, rowMapper } from '../../db/row-mapping.ts'
import { findRow, listRows, updateRows } from '../../db/rows.ts'
import type { TenantTable } from '../../db/schema.ts'
import { isKycProvider, type Tenant } from './tenant.ts'

const toTenant = rowMapper<Selectable<TenantTable>, Tenant>({
  id: 'id',
  identifier: 'identifier',
  name: 'name',
  createdAt: date('created_at'),
  passwordMaxAgeDays: 'password_max_age_days',
  hostname: optional('hostname'),
  config: optional('config'),
  needUserVerification: flag('need_user_verification'),
  kycProvider: oneOf('kyc_provider', isKycProvider, 'VERIFF'),
  disableSignUp: flag('disable_sign_up'),
  confirmEmail: flag('confirm_email'),
  logoFileId: optional('logo_file_id'),
  bannerFileId: optional('banner_file_id'),
})

function toRow(tenant: Tenant): Required<Insertable<TenantTable>> {
  return {
    id: tenant.id,
    identifier: tenant.identifier,
    name: tenant.name,
    created_at: tenant.createdAt.getTime(),
    password_max_age_days: tenant.passwordMaxAgeDays,
    hostname: tenant.hostname ?? null,
    config: tenant.config ?? null,
    need_user_verification: tenant.needUserVerification ? 1 : 0,
    kyc_provider: tenant.kycProvider,
    disable_sign_up: tenant.disableSignUp ? 1 : 0,
    confirm_email: tenant.confirmEmail ? 1 : 0,
    logo_file_id: tenant.logoFileId ?? null,
    banner_file_id: tenant.bannerFileId ?? null,
    lockout_threshold: null,
    lockout_base_seconds: null,
    lockout_max_seconds: null,
  }
}

export async function findTenantByIdentifier(db: Db, identifier: string): Promise<Tenant | undefined> {
  const row = await findRow(db, 'tenants', { identifier })
  return row && toTenant(row)
}

/** The oldest tenant with that host name: the column is not unique, so the answer stays stable. */
export async function findTenantByHostname(db: Db, hostname: string): Promise<Tenant | undefined> {
  const [row] = await listRows(db, 'tenants', { hostname }, { limit: 1 })
  return row && toTenant(row)
}

/** Every tenant, oldest first. */
export async function listTenants(db: Db): Promise<Tenant[]> {
  return (await listRows(db, 'tenants', {})).map(toTenant)
}

/** On the path of every AMPnet request that answers with a user: kept until tenants may have changed. */
export const findTenantById: (db: Db, tenantId: string) => Promise<Tenant | undefined> = cachedRowById(
  'tenants',
  toTenant,
)

/** True when the tenant exists (and now has the policy). */
export async function updateTenantPasswordMaxAgeDays(
  db: Db,
  tenantId: string,
  days: number,
): Promise<boolean> {
  return (await updateRows(db, 'tenants', { id: tenantId }, { password_max_age_days: days })) > 0
}

/** Sets who may sign up to the tenant and how; true when the tenant exists. */
export async function updateTenantSignUpPolicy(
  db: Db,
  tenantId: string,
  policy: { readonly disableSignUp: boolean; readonly confirmEmail: boolean },
): Promise<boolean> {
  const columns = {
    disable_sign_up: policy.disableSignUp ? 1 : 0,
    confirm_email: policy.confirmEmail ? 1 : 0,
  }
  return (await updateRows(db, 'tenants', { id: tenantId }, columns)) > 0
}

/** Inserts unless a tenant with that identifier exists (two instances may start together). */
export async function insertTenantIfAbsent(db: Db, tenant: Tenant): Promise<void> {
  await db
    .insertInto('tenants')
    .values(toRow(tenant))
    .onConflict((oc) => oc.column('identifier').doNothing())
    .execute()
}

/** Inserts the tenant; false when the identifier is taken (the race the caller lost). */
export async function insertTenant(db: Db, tenant: Tenant): Promise<boolean> {
  return unlessDuplicate(db.insertInto('tenants').values(toRow(tenant)).execute())
}

/** Writes the coop settings (everything but id, identifier, creation time and password policy). */
export async function updateTenantSettings(db: Db, tenant: Tenant): Promise<void> {
  const row = toRow(tenant)
  await updateRows(
    db,
    'tenants',
    { id: row.id },
    {
      name: row.name,
      hostname: row.hostname,
      config: row.config,
      need_user_verification: row.need_user_verification,
      kyc_provider: row.kyc_provider,
      disable_sign_up: row.disable_sign_up,
      logo_file_id: row.logo_file_id,
      banner_file_id: row.banner_file_id,
    },
  )
}

/** A tenant's own lockout settings; a field left out follows the installation's. */
export interface TenantLockout {
  readonly threshold?: number
  readonly baseSeconds?: number
  readonly maxSeconds?: number
}

/** The lockout of the tenant with that identifier; undefined when there is no such tenant. */
export async function findTenantLockout(db: Db, identifier: string): Promise<TenantLockout | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(['lockout_threshold', 'lockout_base_seconds', 'lockout_max_seconds'])
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return {
    ...(row.lockout_threshold !== null && { threshold: row.lockout_threshold }),
    ...(row.lockout_base_seconds !== null && { baseSeconds: row.lockout_base_seconds }),
    ...(row.lockout_max_seconds !== null && { maxSeconds: row.lockout_max_seconds }),
  }
}

/** Replaces the tenant's own lockout (fields left out follow the installation); false: no tenant. */
export async function updateTenantLockout(
  db: Db,
  identifier: string,
  lockout: TenantLockout,
): Promise<boolean> {
  const columns = {
    lockout_threshold: lockout.threshold ?? null,
    lockout_base_seconds: lockout.baseSeconds ?? null,
    lockout_max_seconds: lockout.maxSeconds ?? null,
  }
  return (await updateRows(db, 'tenants', { identifier }, columns)) > 0
}

export async function hasOtherTenantWithHostname(
  db: Db,
  hostname: string,
  exceptTenantId: string | undefined,
): Promise<boolean> {
  let query = db.selectFrom('tenants').select('id').where('hostname', '=', hostname)
  if (exceptTenantId !== undefined) query = query.where('id', '<>', exceptTenantId)
  return (await query.executeTakeFirst()) !== undefined
}
