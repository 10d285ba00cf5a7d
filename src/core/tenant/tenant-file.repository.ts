import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { date, rowMapper } from '../../db/row-mapping.ts'
import type { TenantFileTable } from '../../db/schema.ts'
import type { ImageType, TenantFile } from './tenant-file.ts'

const toTenantFile = rowMapper<Selectable<TenantFileTable>, TenantFile>({
  id: 'id',
  tenantId: 'tenant_id',
  filename: 'filename',
  contentType: (row) => row.content_type as ImageType,
  // pg gives a Buffer, node:sqlite a Uint8Array: both are Uint8Arrays.
  data: 'data',
  createdAt: date('created_at'),
})

export async function insertTenantFile(db: Db, file: TenantFile): Promise<void> {
  await db
    .insertInto('tenant_files')
    .values({
      id: file.id,
      tenant_id: file.tenantId,
      filename: file.filename,
      content_type: file.contentType,
      data: file.data,
      created_at: file.createdAt.getTime(),
    })
    .execute()
}

export async function findTenantFile(db: Db, fileId: string): Promise<TenantFile | undefined> {
  const row = await db.selectFrom('tenant_files').selectAll().where('id', '=', fileId).executeTakeFirst()
  return row && toTenantFile(row)
}

export async function deleteTenantFile(db: Db, fileId: string): Promise<void> {
  await db.deleteFrom('tenant_files').where('id', '=', fileId).execute()
}

/** The file names of the given files, by id (to link a coop's images without loading them). */
export async function findTenantFileNames(db: Db, fileIds: readonly string[]): Promise<Map<string, string>> {
  if (fileIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('tenant_files')
    .select(['id', 'filename'])
    .where('id', 'in', fileIds)
    .execute()
  return new Map(rows.map((row) => [row.id, row.filename]))
}
