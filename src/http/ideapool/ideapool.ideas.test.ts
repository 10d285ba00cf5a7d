import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { asUser, createIdea, signUp, type Tokens } from '../../../test/support/ideapool-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

surfaceSuite('ideapool ideas', ({ app }) => {
  let alice: Tokens
  let bob: Tokens
  before(async () => {
    alice = await signUp(app, 'alice@example.com')
    bob = await signUp(app, 'bob@example.com')
  })

  const list = (tokens: Tokens, query = '') =>
    app.inject({
      method: 'GET',
      url: `/ideas${query}`,
      headers: { ...asUser(tokens), 'content-type': 'application/json' },
    })

  it('creates an idea with 201, the unrounded average and created_at in Unix seconds', async () => {
    const before = Math.floor(app.clock.now().getTime() / 1000)
    const response = await app.inject({
      method: 'POST',
      url: '/ideas',
      headers: asUser(alice),
      payload: { content: 'the-content', impact: 3, ease: 8, confidence: 8 },
    })
    assert.equal(response.statusCode, 201)
    const { id, ...rest } = response.json()
    assert.match(id, /^[A-Za-z0-9_-]+$/)
    assert.deepEqual(rest, {
      content: 'the-content',
      impact: 3,
      ease: 8,
      confidence: 8,
      average_score: 6.333333333333333,
      created_at: before,
    })
  })

  it('lists only the caller’s ideas, best average first, then newest, 10 per page, [] past the end', async () => {
    const carol = await signUp(app, 'carol@example.com')
    const low = await createIdea(app, carol, [1, 8, 8])
    app.clock.advance(5)
    const mid = await createIdea(app, carol, [2, 8, 8])
    app.clock.advance(5)
    const newerMid = await createIdea(app, carol, [8, 8, 2])
    const high = await createIdea(app, carol, [3, 8, 8])
    for (let i = 0; i < 8; i++) await createIdea(app, carol, [1, 1, 1])
    await createIdea(app, bob, [10, 10, 10])

    const first = await list(carol, '?page=1')
    assert.equal(first.statusCode, 200)
    const ids = first.json<{ id: string }[]>().map((idea) => idea.id)
    assert.equal(ids.length, 10)
    assert.deepEqual(ids.slice(0, 4), [high.id, newerMid.id, mid.id, low.id])
    assert.deepEqual((await list(carol)).json(), first.json(), 'no page means page 1')
    const second = await list(carol, '?page=2')
    assert.equal(second.json().length, 2)
    assert.deepEqual((await list(carol, '?page=3')).json(), [])
    assert.deepEqual((await list(carol, '?page=99999999999')).json(), [])
  })

  it('answers 422 for page 0, negative, fractional or non-numeric', async () => {
    for (const page of ['0', '-1', '1.5', 'abc', '1e3']) {
      const response = await list(alice, `?page=${page}`)
      assert.equal(response.statusCode, 422, page)
      assert.deepEqual(response.json(), {
        reason: 'Validation failed: Page must be an integer greater than 0',
      })
    }
  })

  it('updates content and scores with 200 and keeps created_at', async () => {
    const idea = await createIdea(app, alice, [7, 8, 9])
    assert.equal(idea.average_score, 8)
    app.clock.advance(120)
    const response = await app.inject({
      method: 'PUT',
      url: `/ideas/${idea.id}`,
      headers: asUser(alice),
      payload: { content: 'changed', impact: 6, ease: 7, confidence: 8 },
    })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), {
      id: idea.id,
      content: 'changed',
      impact: 6,
      ease: 7,
      confidence: 8,
      average_score: 7,
      created_at: idea.created_at,
    })
  })

  it('deletes with 204, after which the idea is gone', async () => {
    const idea = await createIdea(app, alice, [1, 2, 3], 'to delete')
    const response = await app.inject({
      method: 'DELETE',
      url: `/ideas/${idea.id}`,
      headers: { ...asUser(alice), 'content-type': 'application/json' },
    })
    assert.equal(response.statusCode, 204)
    assert.equal(response.body, '')
    const again = await app.inject({ method: 'DELETE', url: `/ideas/${idea.id}`, headers: asUser(alice) })
    assert.equal(again.statusCode, 404)
  })

  it('answers 404 for a missing idea and for another user’s, which stays unchanged', async () => {
    const idea = await createIdea(app, bob, [5, 5, 5], 'bob only')
    const payload = { content: 'hijack', impact: 1, ease: 1, confidence: 1 }
    for (const id of [idea.id, 'no-such-idea']) {
      const put = await app.inject({ method: 'PUT', url: `/ideas/${id}`, headers: asUser(alice), payload })
      const del = await app.inject({ method: 'DELETE', url: `/ideas/${id}`, headers: asUser(alice) })
      for (const response of [put, del]) {
        assert.equal(response.statusCode, 404)
        assert.deepEqual(response.json(), { reason: "Couldn't find Idea" })
      }
    }
    const bobs = (await list(bob)).json<{ id: string; content: string }[]>()
    assert.equal(bobs.find((each) => each.id === idea.id)?.content, 'bob only')
  })

  it('answers 400 for a missing or empty field and 422 for invalid values', async () => {
    const cases = [
      [{ impact: 1, ease: 1, confidence: 1 }, 400, 'param is missing or the value is empty: content'],
      [
        { content: '', impact: 1, ease: 1, confidence: 1 },
        400,
        'param is missing or the value is empty: content',
      ],
      [{ content: 'c', ease: 1, confidence: 1 }, 400, 'param is missing or the value is empty: impact'],
      [
        { content: 'x'.repeat(256), impact: 1, ease: 1, confidence: 1 },
        422,
        'Validation failed: Content is too long (maximum is 255 characters)',
      ],
      [
        { content: 'c', impact: 11, ease: 1, confidence: 1 },
        422,
        'Validation failed: Impact must be less than or equal to 10',
      ],
      [
        { content: 'c', impact: 1, ease: 0, confidence: 1 },
        422,
        'Validation failed: Ease must be greater than 0',
      ],
      [
        { content: 'c', impact: 1, ease: 1, confidence: 7.5 },
        422,
        'Validation failed: Confidence must be an integer',
      ],
      [
        { content: 'c', impact: '8', ease: 1, confidence: 1 },
        422,
        'Validation failed: Impact is not a number',
      ],
      [{ content: 5, impact: 1, ease: 1, confidence: 1 }, 422, 'Validation failed: Content must be a string'],
      [
        { content: 'c', impact: 0, ease: 11, confidence: 1 },
        422,
        'Validation failed: Impact must be greater than 0, Ease must be less than or equal to 10',
      ],
    ] as const
    const idea = await createIdea(app, alice, [1, 1, 1], 'unchanged')
    for (const [payload, status, reason] of cases) {
      const post = await app.inject({ method: 'POST', url: '/ideas', headers: asUser(alice), payload })
      const put = await app.inject({
        method: 'PUT',
        url: `/ideas/${idea.id}`,
        headers: asUser(alice),
        payload,
      })
      for (const response of [post, put]) {
        assert.equal(response.statusCode, status, JSON.stringify(payload))
        assert.deepEqual(response.json(), { reason })
      }
    }
    const stored = (await list(alice, '?page=1')).json<{ id: string; content: string }[]>()
    assert.equal(stored.find((each) => each.id === idea.id)?.content, 'unchanged')
  })

  it('counts content length in characters, so 255 emoji are accepted', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/ideas',
      headers: asUser(alice),
      payload: { content: '💡'.repeat(255), impact: 1, ease: 1, confidence: 1 },
    })
    assert.equal(response.statusCode, 201)
  })

  it('answers 401 to every ideas call without a valid token', async () => {
    for (const [method, url] of [
      ['GET', '/ideas'],
      ['POST', '/ideas'],
      ['PUT', '/ideas/x'],
      ['DELETE', '/ideas/x'],
      ['GET', '/me'],
    ] as const) {
      const response = await app.inject({ method, url, headers: { 'x-access-token': 'garbage' } })
      assert.equal(response.statusCode, 401, `${method} ${url}`)
      assert.deepEqual(response.json(), { reason: 'you can not pass!' })
    }
  })
})
