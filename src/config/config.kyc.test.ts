import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    return error instanceof ConfigError ? error.problems : ['not a ConfigError']
  }
}

describe('KYC settings', () => {
  it('are off by default, with Veriff at its API and a 10 s bound on every call', () => {
    const { kyc } = loadConfig({})
    assert.equal(kyc.veriffBaseUrl, 'https://stationapi.veriff.com')
    assert.equal(kyc.veriffApiKey, undefined)
    assert.equal(kyc.identyumBaseUrl, undefined)
    assert.equal(kyc.timeoutMs, 10_000)
    assert.equal(kyc.identyumInstance, 'default')
  })

  it('refuses half-set pairs, bad URLs and keys that do not parse, all at once', () => {
    assert.deepEqual(
      problemsOf({
        VERIFF_API_KEY: 'key',
        VERIFF_BASE_URL: 'stationapi.veriff.com',
        IDENTYUM_BASE_URL: 'ftp://identyum',
        IDENTYUM_PUBLIC_KEY: 'not a key',
        IDENTYUM_PRIVATE_KEY: 'not a key either',
      }),
      [
        'VERIFF_API_KEY, VERIFF_SECRET: set both or neither',
        'VERIFF_BASE_URL: must be an http(s) URL',
        'IDENTYUM_BASE_URL: must be an http(s) URL',
        'IDENTYUM_PUBLIC_KEY: not a PEM public key',
        'IDENTYUM_PRIVATE_KEY: not a PEM private key',
      ],
    )
  })

  it('takes PEM keys with real newlines or with \\n escapes', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const env = { IDENTYUM_PUBLIC_KEY: publicKey.replace(/\n/g, '\\n'), IDENTYUM_PRIVATE_KEY: privateKey }
    assert.deepEqual(problemsOf(env), [])
    assert.deepEqual(problemsOf({ IDENTYUM_PUBLIC_KEY: publicKey }), [
      'IDENTYUM_PUBLIC_KEY, IDENTYUM_PRIVATE_KEY: set both or neither',
    ])
  })
})
