const DAY_MS = 86_400_000

/** The expiry of a password set at `changedAt` under a policy of `maxAgeDays` (0: never). */
export function passwordExpiryAfter(changedAt: Date, maxAgeDays: number): Date | undefined {
  return maxAgeDays > 0 ? new Date(changedAt.getTime() + maxAgeDays * DAY_MS) : undefined
}

export function isPasswordExpired(expiresAt: Date | undefined, now: Date): boolean {
  return expiresAt !== undefined && expiresAt.getTime() <= now.getTime()
}
