import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { insertIdea } from '../src/core/idea/idea.repository.ts'
import { updateUserRole } from '../src/core/role/role.repository.ts'
import { insertUser } from '../src/core/user/user.repository.ts'
import { newUser } from '../src/core/user/user.ts'
import { openDatabase } from '../src/db/database.ts'

/** Gives `userId` `count` ideas straight through the repository (sign-up over HTTP costs Argon2 each). */
export async function seedIdeas(dataDir: string, userId: string, count: number): Promise<void> {
  const database = openDatabase({ url: undefined, dataDir })
  const base = Date.now() - count * 1000
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const at = new Date(base + i * 1000)
      const score = (n: number) => ((i * n) % 10) + 1
      await insertIdea(trx, {
        id: randomUUID(),
        userId,
        content: `idea ${i}`,
        impact: score(7),
        ease: score(3),
        confidence: score(1),
        createdAt: at,
        updatedAt: at,
      })
    }
  })
  await database.close()
}

/**
 * Gives tenant `tenantId` `count` more users (numbered from `first`), straight through the repository in batches (their
 * password hash is one shared dummy: nobody signs in as them).
 */
export async function seedUsersFrom(
  dataDir: string,
  tenantId: string,
  first: number,
  count: number,
): Promise<void> {
  const database = openDatabase({ url: undefined, dataDir })
  const base = Date.now() - count
  const end = first + count
  for (let start = first; start < end; start += 5_000) {
    await database.db.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(start + 5_000, end); i++) {
        await insertUser(
          trx,
          newUser(
            {
              id: randomUUID(),
              tenantId,
              email: `member-${i}@coop.bench`,
              displayName: `Member ${i}`,
              givenName: 'Member',
              familyName: String(i),
              hasPassword: true,
              emailConfirmed: true,
            },
            new Date(base + i),
          ),
          '$argon2id$v=19$m=19456,t=2,p=1$c2VlZHNlZWRzZWVk$c2VlZHNlZWRzZWVkc2VlZHNlZWRzZWVkc2VlZHNlZWQ',
        )
      }
    })
  }
  await database.close()
}

export const sqliteFileOf = (dataDir: string) => join(dataDir, 'latchkey.db')

/** Makes `userId` an ADMIN, as the operator's CLI would: the default coop gets none by itself. */
export async function promoteToAdmin(dataDir: string, userId: string): Promise<void> {
  const database = openDatabase({ url: undefined, dataDir })
  await updateUserRole(database.db, userId, 'ADMIN', new Date())
  await database.close()
}
