import assert from 'node:assert/strict'
import type { TestApp } from './test-app.ts'

export const PASSWORD = 'the-Secret-123'

export interface Tokens {
  readonly jwt: string
  readonly refresh_token: string
}

/** Signs up through the Idea Pool API and returns its tokens. */
export async function signUp(app: TestApp, email: string, name = 'Jack Black'): Promise<Tokens> {
  const response = await app.inject({
    method: 'POST',
    url: '/users',
    payload: { email, name, password: PASSWORD },
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json<Tokens>()
}

export function asUser(tokens: Tokens) {
  return { 'x-access-token': tokens.jwt }
}

export async function createIdea(
  app: TestApp,
  tokens: Tokens,
  scores: [number, number, number],
  content = 'the-content',
) {
  const [impact, ease, confidence] = scores
  const response = await app.inject({
    method: 'POST',
    url: '/ideas',
    headers: asUser(tokens),
    payload: { content, impact, ease, confidence },
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json<{ id: string; average_score: number; created_at: number }>()
}
