import type { Db } from '../../db/database.ts'
import type { FieldProblem } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import type { Tenant } from './tenant.ts'
import { findTenantFileNames } from './tenant-file.repository.ts'
import { type StoredImage, sniffImageType, storedFilename, type TenantFile } from './tenant-file.ts'

/** A coop as AMPnet shows it: the tenant and its images. */
export interface Coop {
  readonly tenant: Tenant
  readonly logo: StoredImage | undefined
  readonly banner: StoredImage | undefined
}

export interface ImageUpload {
  /** The name the uploader gave; only its stem is kept. */
  readonly filename: string | undefined
  readonly data: Uint8Array
}

export interface CoopImages {
  readonly logo?: ImageUpload | undefined
  readonly banner?: ImageUpload | undefined
}

export interface CoopFiles {
  readonly logo?: TenantFile
  readonly banner?: TenantFile
}

/** The problem of an image over `maxBytes`, in the largest unit that states it exactly. */
export function imageTooLarge(maxBytes: number): string {
  const size =
    maxBytes % 1_048_576 === 0
      ? `${maxBytes / 1_048_576} MB`
      : maxBytes % 1024 === 0
        ? `${maxBytes / 1024} KB`
        : `${maxBytes} bytes`
  return `size must be at most ${size}`
}

/**
 * The files to store for the uploaded images: each checked (type by its bytes, at most `maxBytes`)
 * and named for storage. What is wrong goes to `problems`.
 */
export function coopFiles(
  tenantId: string,
  images: CoopImages,
  problems: FieldProblem[],
  clock: Clock,
  maxBytes: number,
): CoopFiles {
  const files: { logo?: TenantFile; banner?: TenantFile } = {}
  for (const kind of ['logo', 'banner'] as const) {
    const upload = images[kind]
    if (upload === undefined) continue
    const type = sniffImageType(upload.data)
    if (upload.data.length > maxBytes) {
      problems.push({ field: kind, problem: imageTooLarge(maxBytes) })
    } else if (type === undefined) {
      problems.push({ field: kind, problem: 'must be a PNG, JPEG, GIF or WebP image' })
    } else {
      files[kind] = {
        id: newId(),
        tenantId,
        filename: storedFilename(upload.filename, type, kind),
        contentType: type,
        data: upload.data,
        createdAt: clock.now(),
      }
    }
  }
  return files
}

/** The tenant with the names of its images, enough to link them. */
export async function withImages(db: Db, tenant: Tenant): Promise<Coop> {
  const ids = [tenant.logoFileId, tenant.bannerFileId].filter((id) => id !== undefined)
  const names = await findTenantFileNames(db, ids)
  const image = (id: string | undefined) => {
    const filename = id === undefined ? undefined : names.get(id)
    return id === undefined || filename === undefined ? undefined : { id, filename }
  }
  return { tenant, logo: image(tenant.logoFileId), banner: image(tenant.bannerFileId) }
}
