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

it('masks the OpenID Connect id_token_hint and login_hint', () => {
  assert.equal(
    redactQueryToken('/oidc/session/end?id_token_hint=eyJ.a.b&client_id=c&login_hint=ana@example.com'),
    '/oidc/session/end?id_token_hint=[Redacted]&client_id=c&login_hint=[Redacted]',
  )
})
