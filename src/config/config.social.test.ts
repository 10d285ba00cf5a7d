import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, listFields, loadConfig } from './config.ts'

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    return error instanceof ConfigError ? error.problems : ['not a ConfigError']
  }
}

describe('social login settings', () => {
  it('point at Google and a current Graph API by default, with no Facebook app check', () => {
    const { social } = loadConfig({})
    assert.deepEqual(social, {
      googleLoginEnabled: true,
      googleClientId: undefined,
      facebookLoginEnabled: true,
      timeoutMs: 10_000,
      googleUserinfoUrl: 'https://www.googleapis.com/oauth2/v2/userinfo',
      googleTokeninfoUrl: 'https://oauth2.googleapis.com/tokeninfo',
      googleJwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
      facebookGraphUrl: 'https://graph.facebook.com',
      facebookGraphVersion: 'v21.0',
      facebookAppId: undefined,
      facebookAppSecret: undefined,
    })
  })

  it('refuses a half-set Facebook app, non-HTTP URLs and a malformed Graph version, all at once', () => {
    assert.deepEqual(
      problemsOf({
        FACEBOOK_APP_ID: '123',
        GOOGLE_USERINFO_URL: 'www.googleapis.com/oauth2/v2/userinfo',
        GOOGLE_JWKS_URL: 'ftp://google/certs',
        FACEBOOK_GRAPH_URL: 'graph.facebook.com',
        FACEBOOK_GRAPH_VERSION: '21',
      }),
      [
        'FACEBOOK_APP_ID, FACEBOOK_APP_SECRET: set both or neither',
        'GOOGLE_USERINFO_URL: must be an http(s) URL',
        'GOOGLE_JWKS_URL: must be an http(s) URL',
        'FACEBOOK_GRAPH_URL: must be an http(s) URL',
        'FACEBOOK_GRAPH_VERSION: must look like v21.0',
      ],
    )
  })

  it('keeps the Facebook app secret out of logs', () => {
    const secret = listFields().find(({ field }) => field.env === 'FACEBOOK_APP_SECRET')
    assert.equal(secret?.field.secret, true)
  })
})
