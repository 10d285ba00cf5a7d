import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { insertIdea } from '../src/core/idea/idea.repository.ts'
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

export const sqliteFileOf = (dataDir: string) => join(dataDir, 'latchkey.db')
