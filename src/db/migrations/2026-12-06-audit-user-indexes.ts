import type { Kysely } from 'kysely'

// Frozen: the audit log by user. An erasure rewrites every event naming the user, and the console
// filters a tenant's log by user; without these both read the whole log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').column('actor_user_id').execute()
  await db.schema
    .createIndex('audit_events_subject_idx')
    .on('audit_events')
    .column('subject_user_id')
    .execute()
}
