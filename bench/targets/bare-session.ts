// What the bare login and the bare refresh share: a sessions table on SQLite in WAL mode, as Latchkey
// keeps it (indexed by refresh token hash and by user), and an ES256 access token with the ideapool
// claims, so that their answers are as long as Latchkey's.
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { DatabaseSync } from 'node:sqlite'
import { signCompact } from '../../src/core/token/compact-jws.ts'

const DAY_MS = 86_400_000
// The user's own claims are fixed here, where Latchkey reads them from the user it keeps in memory.
const user = { id: 'c1f0e1d2-7998-46ef-b6ad-b681f3c28dd8', email: 'small@bench.test', name: 'Small' }
const tenantId = 'f5bf7380-a7c3-4928-9c0c-f6c7969d43da'
const header = { alg: 'ES256', kid: 'bare-session-signing-key-0123456789abcdefgh', typ: 'JWT' } as const
const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url')

export function openSessions(file: string) {
  const db = new DatabaseSync(file)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL')
  db.exec(`create table if not exists sessions (
    id text primary key, user_id text not null, refresh_token_hash text unique,
    created_at integer not null, last_used_at integer not null, expires_at integer, ended_at integer)`)
  db.exec('create index if not exists sessions_user_idx on sessions (user_id)')
  // `or ignore` only for `ensure`, run again on a database kept from an earlier start.
  const insert = db.prepare('insert or ignore into sessions values (?, ?, ?, ?, ?, ?, null)')
  const touch = db.prepare(`update sessions set last_used_at = ?, expires_at = ?
    where refresh_token_hash = ? and ended_at is null and (expires_at is null or expires_at > ?)
    returning id, user_id`)
  const insertSession = (id: string, refreshToken: string, now: number) =>
    insert.run(id, user.id, hashOf(refreshToken), now, now, now + DAY_MS)
  return {
    /** A new session for the user; its refresh token. */
    open(now: number): { id: string; refreshToken: string } {
      const id = randomUUID()
      const refreshToken = randomBytes(50).toString('hex') // as long as Latchkey's
      insertSession(id, refreshToken, now)
      return { id, refreshToken }
    },
    /** The session of a refresh token, touched (last use, sliding expiry), or undefined. */
    touch(refreshToken: string, now: number): { id: string; user_id: string } | undefined {
      return touch.get(now, now + DAY_MS, hashOf(refreshToken), now) as
        | { id: string; user_id: string }
        | undefined
    },
    /** A session with a known refresh token, for the bench to refresh. */
    ensure(id: string, refreshToken: string, now: number): void {
      insertSession(id, refreshToken, now)
    },
  }
}

export function accessToken(sessionId: string, issuer: string): string {
  const seconds = Math.floor(Date.now() / 1000)
  const claims = {
    id: user.id,
    email: user.email,
    name: user.name,
    uid: user.id,
    tid: tenantId,
    sid: sessionId,
    sub: user.id,
    iss: issuer,
    iat: seconds,
    exp: seconds + 3600,
  }
  return signCompact(header, claims, signingKey)
}
