import assert from 'node:assert/strict'
import { it } from 'node:test'
import { AppError } from '../../core/errors.ts'
import { securitySchemesOf } from './security-schemes.ts'

const missing = () => new AppError('invalid_token')

it('documents each place the access hook reads, in its order, a header as the place spells it', () => {
  assert.deepEqual(
    securitySchemesOf({
      phase: 'preHandler',
      token: [{ query: 'token' }, { header: 'x-access-token' }],
      missing,
    }),
    {
      queryToken: { type: 'apiKey', in: 'query', name: 'token' },
      accessToken: { type: 'apiKey', in: 'header', name: 'x-access-token' },
    },
  )
  assert.deepEqual(
    securitySchemesOf({
      phase: 'preHandler',
      token: [{ header: 'authorization', scheme: 'maybe-bearer' }],
      apiKey: { header: 'X-Authorization' },
      missing,
    }),
    {
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Authorization' },
    },
  )
})

it('refuses two places of one kind, which one document name cannot tell apart', () => {
  assert.throws(
    () =>
      securitySchemesOf({
        phase: 'preHandler',
        token: [{ header: 'x-token' }, { header: 'x-access-token' }],
        missing,
      }),
    /two credential places of one kind/,
  )
})
