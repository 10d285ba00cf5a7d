export interface Session {
  readonly id: string
  readonly tenantId: string
  readonly userId: string
  /** The surface that started it (ideapool, authheader, users, ampnet, cli). */
  readonly surface: string
  readonly createdAt: Date
  readonly lastUsedAt: Date
  /** When the refresh token stops working; undefined: never by time. */
  readonly expiresAt: Date | undefined
  readonly endedAt: Date | undefined
}

export function isSessionUsable(session: Session, now: Date): boolean {
  if (session.endedAt !== undefined) return false
  return session.expiresAt === undefined || session.expiresAt.getTime() > now.getTime()
}
