import Type from 'typebox'
import { userSchema } from '../ampnet.wire.ts'

// The admin routes' responses and parameters. Property order is wire order.

const nullableString = Type.Union([Type.String(), Type.Null()])

export const userListSchema = Type.Object(
  { users: Type.Array(userSchema('A user')), page: Type.Integer(), total_pages: Type.Integer() },
  { description: 'A page of users' },
)

export const auditListSchema = Type.Object(
  {
    events: Type.Array(
      Type.Object({
        id: Type.Integer(),
        type: Type.String({
          description: 'sign_in.succeeded, sign_in.failed, sign_up, password.changed, password.reset, …',
        }),
        actor_uuid: nullableString,
        subject_uuid: nullableString,
        ip: nullableString,
        user_agent: nullableString,
        details: Type.Record(Type.String(), Type.Unknown()),
        created_at: Type.String({ description: 'ISO 8601' }),
      }),
    ),
    page: Type.Integer(),
    total_pages: Type.Integer(),
  },
  { description: 'A page of audit events' },
)

export const countsSchema = Type.Object(
  {
    registered: Type.Integer(),
    activated: Type.Integer(),
    deleted: Type.Integer(),
    verified: Type.Integer(),
  },
  { description: 'Counts' },
)

export const pagingQuery = Type.Object({
  page: Type.Optional(Type.Integer({ description: '0-based page (default 0)' })),
  size: Type.Optional(Type.Integer({ description: 'Page size (default 20, at most 100)' })),
  sort: Type.Optional(Type.String({ description: '<property>,<asc|desc>, may repeat' })),
})

export const findQuery = Type.Object({
  email: Type.String({ description: 'Case-insensitive substring' }),
  ...pagingQuery.properties,
})

export const uuidParams = Type.Object({ uuid: Type.String({ format: 'uuid', description: 'User UUID' }) })
