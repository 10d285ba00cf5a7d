import type { Db } from '../../db/database.ts'
import type { AbuseGuard, ClientRef } from '../abuse/abuse-guard.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, type FieldProblem, validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import { type Coop, type CoopImages, coopFiles, withImages } from './coop-images.ts'
import {
  findTenantByHostname,
  findTenantById,
  findTenantByIdentifier,
  hasOtherTenantWithHostname,
  insertTenant,
  listTenants,
  updateTenantSettings,
} from './tenant.repository.ts'
import type { TenantService } from './tenant.service.ts'
import type { KycProvider, Tenant } from './tenant.ts'
import { isValidTenantIdentifier } from './tenant.ts'
import { deleteTenantFile, findTenantFile, insertTenantFile } from './tenant-file.repository.ts'
import type { TenantFile } from './tenant-file.ts'

export type { Coop, CoopImages, ImageUpload } from './coop-images.ts'

export interface CoopServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly tenants: TenantService
  readonly defaultIdentifier: string
  /** AMPnet's `coop.enable-creating`: false refuses every new coop but the operator's. */
  readonly creationEnabled: boolean
  /** The largest logo or banner accepted, in bytes. */
  readonly maxImageBytes: number
  readonly audit?: AuditRecorder
  /** Public creation counts against the client: each coop and its images are kept. */
  readonly abuse: Pick<AbuseGuard, 'limit'>
}

export interface NewCoop {
  readonly identifier: string
  readonly name: string
  readonly hostname?: string | undefined
  /** Any JSON object, kept verbatim; undefined or null: none. */
  readonly config?: unknown
}

/** Fields left undefined stay as they are; `config` replaces the old one whole. */
export interface CoopChanges {
  readonly name?: string | undefined
  readonly hostname?: string | undefined
  readonly config?: unknown
  readonly needUserVerification?: boolean | undefined
  readonly kycProvider?: KycProvider | undefined
  readonly disableSignUp?: boolean | undefined
}

const size = (max: number) => `size must be between 0 and ${max}`

function check(problems: FieldProblem[], field: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) problems.push({ field, problem: size(max) })
}

// Far above any web app's settings; POST /coop is public, so what it stores must stay bounded.
const MAX_CONFIG_CHARS = 65_536

function configText(problems: FieldProblem[], config: unknown): string | undefined {
  if (config === undefined || config === null) return undefined
  if (typeof config !== 'object' || Array.isArray(config)) {
    problems.push({ field: 'config', problem: 'must be a JSON object' })
    return undefined
  }
  const text = JSON.stringify(config)
  if (text.length > MAX_CONFIG_CHARS) {
    problems.push({ field: 'config', problem: `must be at most ${MAX_CONFIG_CHARS} characters of JSON` })
  }
  return text
}

export type CoopService = ReturnType<typeof createCoopService>

export function createCoopService({
  db,
  clock,
  tenants,
  defaultIdentifier,
  creationEnabled,
  maxImageBytes,
  audit = noAuditLog,
  abuse,
}: CoopServiceDeps) {
  const withImagesIfFound = async (tenant: Tenant | undefined) => tenant && withImages(db, tenant)

  async function assertHostnameFree(hostname: string | undefined, tenantId: string | undefined) {
    if (hostname !== undefined && (await hasOtherTenantWithHostname(db, hostname, tenantId))) {
      throw validationError([{ field: 'hostname', problem: 'is already used by another coop' }])
    }
  }

  return {
    maxImageBytes,

    /**
     * Admits a public creation request before its body is read (each may carry megabytes of
     * images): refused when creation is off, then counted against the client.
     * @throws {AppError} tenant_creation_disabled, rate_limited
     */
    async admitPublicCreation(client: ClientRef): Promise<void> {
      if (!creationEnabled) throw new AppError('tenant_creation_disabled')
      await abuse.limit('coopCreation', client)
    },

    /**
     * A new coop with AMPnet's defaults (KYC needed, Veriff, sign-up open) and its images, in one
     * transaction. Its first user becomes its ADMIN (first-admin rule).
     * @throws {AppError} validation_failed, tenant_creation_disabled, tenant_exists
     */
    async create(input: NewCoop, images: CoopImages = {}, byOperator = false): Promise<Coop> {
      const problems: FieldProblem[] = []
      if (!isValidTenantIdentifier(input.identifier)) {
        problems.push({ field: 'identifier', problem: 'must be 1-64 lower-case letters, digits or dashes' })
      }
      check(problems, 'name', input.name, 128)
      const hostname = input.hostname?.trim() || undefined
      check(problems, 'hostname', hostname, 512)
      const config = configText(problems, input.config)
      const id = newId()
      const files = coopFiles(id, images, problems, clock, maxImageBytes)
      if (problems.length > 0) throw validationError(problems)
      // AMPNET_COOP_CREATION governs the public POST /coop; an operator (CLI) may always create.
      if (!(creationEnabled || byOperator)) throw new AppError('tenant_creation_disabled')
      if (await findTenantByIdentifier(db, input.identifier)) throw new AppError('tenant_exists')
      await assertHostnameFree(hostname, undefined)

      const tenant: Tenant = {
        id,
        identifier: input.identifier,
        name: input.name,
        createdAt: clock.now(),
        passwordMaxAgeDays: 0,
        hostname,
        config,
        needUserVerification: true,
        kycProvider: 'VERIFF',
        disableSignUp: false,
        confirmEmail: false,
        logoFileId: files.logo?.id,
        bannerFileId: files.banner?.id,
      }
      await db.transaction().execute(async (trx) => {
        if (!(await insertTenant(trx, tenant))) throw new AppError('tenant_exists')
        for (const file of [files.logo, files.banner]) if (file) await insertTenantFile(trx, file)
        await audit.record(
          {
            type: 'coop.created',
            tenantId: id,
            actorUserId: undefined,
            details: { identifier: input.identifier },
          },
          trx,
        )
      })
      return withImages(db, tenant)
    },

    /**
     * Changes the given settings of a coop and replaces the images sent (the old files are
     * deleted), in one transaction. undefined when the tenant does not exist.
     * @throws {AppError} validation_failed
     */
    async update(
      tenantId: string,
      changes: CoopChanges,
      images: CoopImages = {},
      actorUserId?: string,
    ): Promise<Coop | undefined> {
      const problems: FieldProblem[] = []
      check(problems, 'name', changes.name, 128)
      const hostname = changes.hostname?.trim() || undefined
      check(problems, 'hostname', hostname, 512)
      const config = configText(problems, changes.config)
      const files = coopFiles(tenantId, images, problems, clock, maxImageBytes)
      if (problems.length > 0) throw validationError(problems)
      await assertHostnameFree(hostname, tenantId)

      const updated = await db.transaction().execute(async (trx) => {
        const tenant = await findTenantById(trx, tenantId)
        if (tenant === undefined) return undefined
        const next: Tenant = {
          ...tenant,
          name: changes.name ?? tenant.name,
          hostname: hostname ?? tenant.hostname,
          config: config ?? tenant.config,
          needUserVerification: changes.needUserVerification ?? tenant.needUserVerification,
          kycProvider: changes.kycProvider ?? tenant.kycProvider,
          disableSignUp: changes.disableSignUp ?? tenant.disableSignUp,
          logoFileId: files.logo?.id ?? tenant.logoFileId,
          bannerFileId: files.banner?.id ?? tenant.bannerFileId,
        }
        for (const file of [files.logo, files.banner]) if (file) await insertTenantFile(trx, file)
        await updateTenantSettings(trx, next)
        if (files.logo && tenant.logoFileId) await deleteTenantFile(trx, tenant.logoFileId)
        if (files.banner && tenant.bannerFileId) await deleteTenantFile(trx, tenant.bannerFileId)
        const fields = [
          ...Object.entries(changes).flatMap(([field, value]) => (value === undefined ? [] : [field])),
          ...(files.logo ? ['logo'] : []),
          ...(files.banner ? ['banner'] : []),
        ]
        await audit.record(
          { type: 'coop.updated', tenantId, actorUserId, details: { identifier: tenant.identifier, fields } },
          trx,
        )
        return next
      })
      if (updated === undefined) return undefined
      tenants.remember(updated)
      return withImages(db, updated)
    },

    find: async (tenantId: string): Promise<Coop | undefined> =>
      withImagesIfFound(await findTenantById(db, tenantId)),

    findByHostname: async (hostname: string): Promise<Coop | undefined> =>
      withImagesIfFound(await findTenantByHostname(db, hostname)),

    /**
     * The coop with that identifier, else the default coop (AMPnet's public config lookup).
     * @throws {AppError} default_tenant_missing
     */
    async findByIdentifierOrDefault(identifier: string): Promise<Coop> {
      const tenant =
        (await findTenantByIdentifier(db, identifier)) ??
        (await findTenantByIdentifier(db, defaultIdentifier))
      if (tenant === undefined) throw new AppError('default_tenant_missing')
      return withImages(db, tenant)
    },

    /** Every coop (tenant), oldest first, without images. */
    list: (): Promise<Tenant[]> => listTenants(db),

    /** A stored coop image, for serving. */
    file: (fileId: string): Promise<TenantFile | undefined> => findTenantFile(db, fileId),
  }
}
