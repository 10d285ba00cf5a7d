import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { insertIdea, listIdeasOfUser } from './idea.repository.ts'
import type { Idea } from './idea.ts'

coreSuite('idea pages', (world) => {
  let userId: string
  const ideas: Idea[] = []
  before(async () => {
    userId = (await createAccount(world, { email: 'pages@example.com' })).id
    const base = Date.now()
    await world.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 250; i++) {
        // Few distinct scores and repeated times: the order's later keys decide often.
        const at = new Date(base + (i % 7) * 1000)
        const idea = {
          id: randomUUID(),
          userId,
          content: `idea ${i}`,
          impact: (i % 5) + 1,
          ease: (i % 3) + 1,
          confidence: 1,
          createdAt: at,
          updatedAt: at,
        }
        await insertIdea(trx, idea)
        ideas.push(idea)
      }
    })
  })

  it('pages through every idea in order, near the top and deep down alike', async () => {
    const score = (idea: Idea) => idea.impact + idea.ease + idea.confidence
    const expected = [...ideas]
      .sort(
        (a, b) =>
          score(b) - score(a) ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .map((idea) => idea.id)
    const seen: string[] = []
    for (let offset = 0; offset < 260; offset += 10) {
      seen.push(...(await listIdeasOfUser(world.database.db, userId, offset, 10)).map((idea) => idea.id))
    }
    assert.deepEqual(seen, expected)
  })
})
