import type { Role } from '../../src/core/role/role.ts'
import type { User } from '../../src/core/user/user.ts'
import type { WithCore } from './accounts.ts'

// Coops, their users and AMPnet tokens made through the core, for the coop, admin and public tests.

/** The smallest valid PNG, GIF and JPEG headers: the server checks magic bytes, not whole images. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')
export const WEBP = Buffer.concat([Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(14)])

export async function tenantIdOf(app: WithCore, identifier: string): Promise<string> {
  const tenant = await app.core.tenants.tenants.findByIdentifier(identifier)
  if (tenant === undefined) throw new Error(`no coop ${identifier}`)
  return tenant.id
}

/** A coop made through the core, with no images. */
export async function createCoop(app: WithCore, identifier: string, hostname?: string): Promise<string> {
  const { tenant } = await app.core.tenants.coops.create({ identifier, name: identifier, hostname })
  return tenant.id
}

/** A user of the tenant (the first of a coop but the default becomes its ADMIN), optionally given a role. */
export async function addUser(app: WithCore, tenantId: string, email: string, role?: Role): Promise<User> {
  const user = await app.core.identity.auth.createAccount({
    tenantId,
    email,
    password: 'abcdefgh',
    displayName: 'firstname lastname',
    givenName: 'firstname',
    familyName: 'lastname',
    passwordRule: { check: () => undefined },
  })
  if (role === undefined || role === 'USER' || role === user.role) return user
  return app.core.identity.roles.changeRole({ tenantId, userId: user.id, role })
}

/** An access token for the user; any surface's token is accepted by AMPnet. */
export async function tokenFor(app: WithCore, user: User): Promise<string> {
  const { accessToken } = await app.core.identity.auth.openSession(user, {
    surface: 'ampnet',
    accessTtlSeconds: 3600,
    refreshTtlSeconds: undefined,
  })
  return accessToken
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

export interface Part {
  readonly name: string
  readonly data: Buffer | string
  readonly filename?: string
  readonly contentType?: string
}

/** A multipart/form-data body, written out by hand as the seed shows it. */
export function multipart(parts: readonly Part[]) {
  const boundary = '6o2knFse3p53ty9dmcQvWAIx1zInP11uCfbm'
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name=${part.name}` +
        (part.filename === undefined ? '' : `; filename=${part.filename}`) +
        (part.contentType === undefined ? '' : `\r\nContent-Type: ${part.contentType}`) +
        '\r\n\r\n',
    ),
    Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data),
    Buffer.from('\r\n'),
  ])
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** The `request` part as the seed sends it: a JSON file part named request.json. */
export const requestPart = (json: unknown): Part => ({
  name: 'request',
  filename: 'request.json',
  contentType: 'application/json',
  data: JSON.stringify(json),
})
