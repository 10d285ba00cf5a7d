import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { sessionCookie } from './session-cookie.ts'

const cookie = sessionCookie('lk_thing')

test('a session cookie is Strict and HttpOnly, with the __Host- prefix and Secure over HTTPS', () => {
  assert.equal(
    cookie.serialize(true, 'abc', 60),
    '__Host-lk_thing=abc; Path=/; SameSite=Strict; Max-Age=60; HttpOnly; Secure',
  )
  assert.equal(cookie.serialize(false, '', 0), 'lk_thing=; Path=/; SameSite=Strict; Max-Age=0; HttpOnly')
})

test('a session cookie is read under the name that fits the scheme', () => {
  const request = { headers: { cookie: 'lk_thing=plain; __Host-lk_thing=pinned' } } as FastifyRequest
  assert.equal(cookie.read(request, false), 'plain')
  assert.equal(cookie.read(request, true), 'pinned')
  assert.equal(cookie.read({ headers: {} } as FastifyRequest, true), undefined)
})
