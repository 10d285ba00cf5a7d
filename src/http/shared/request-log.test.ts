import assert from 'node:assert/strict'
import { it } from 'node:test'
import { redactQueryToken } from './request-log.ts'

it('masks every token= query value and leaves the rest of the URL alone', () => {
  assert.equal(redactQueryToken('/users/me?token=eyJ.a.b'), '/users/me?token=[Redacted]')
  assert.equal(
    redactQueryToken('/users/me?x=1&TOKEN=abc&token=def#top'),
    '/users/me?x=1&TOKEN=[Redacted]&token=[Redacted]#top',
  )
  assert.equal(redactQueryToken('/users/me?mytoken=keep&page=2'), '/users/me?mytoken=keep&page=2')
  assert.equal(redactQueryToken('/token=path'), '/token=path')
})
