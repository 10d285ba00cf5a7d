import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { deleteIdeaOfUser, insertIdea, listIdeasOfUser, updateIdea } from './idea.repository.ts'
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

  it("shows each write of a page's owner at once, and another user's writes on their page only", async () => {
    const db = world.database.db
    const ownerId = (await createAccount(world, { email: 'owner@example.com' })).id
    const otherId = (await createAccount(world, { email: 'other@example.com' })).id
    const at = new Date()
    const idea = (id: string, user: string, content: string, impact: number): Idea => ({
      id,
      userId: user,
      content,
      impact,
      ease: 1,
      confidence: 1,
      createdAt: at,
      updatedAt: at,
    })
    const page = async (user: string) =>
      (await listIdeasOfUser(db, user, 0, 10)).map((item) => `${item.content}:${item.impact}`)
    const mine = idea(randomUUID(), ownerId, 'mine', 2)
    const theirs = idea(randomUUID(), otherId, 'theirs', 2)
    assert.deepEqual(await page(ownerId), [])
    await insertIdea(db, mine)
    assert.deepEqual(await page(ownerId), ['mine:2'])
    await insertIdea(db, theirs)
    assert.deepEqual(await page(otherId), ['theirs:2'])
    assert.deepEqual(await page(ownerId), ['mine:2'])
    await updateIdea(db, { ...mine, content: 'mine, edited', impact: 9 })
    assert.deepEqual(await page(ownerId), ['mine, edited:9'])
    await updateIdea(db, { ...theirs, impact: 5 })
    assert.deepEqual(await page(otherId), ['theirs:5'])
    assert.deepEqual(await page(ownerId), ['mine, edited:9'])
    // Another user's id with the owner's idea changes nothing: the owner's page stays right.
    assert.equal(await deleteIdeaOfUser(db, otherId, mine.id), false)
    assert.equal(await deleteIdeaOfUser(db, ownerId, mine.id), true)
    assert.deepEqual(await page(ownerId), [])
    assert.deepEqual(await page(otherId), ['theirs:5'])
  })
})
