import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { ConfigError, everyRateLimit, listFields, loadConfig } from './config.ts'
import { renderConfigDocs } from './config-docs.ts'

describe('config', () => {
  it('serves a newcomer with defaults: port 3000, SQLite under ./data, every surface at /', () => {
    const config = loadConfig({})
    assert.equal(config.server.port, 3000)
    assert.equal(config.storage.dataDir, './data')
    assert.equal(config.storage.databaseUrl, undefined)
    assert.equal(config.ideapool.prefix, '')
    assert.equal(config.ideapool.accessTtlSeconds, 600)
    assert.equal(config.tokens.algorithm, 'ES256')
    assert.equal(config.passwords.argon2MemoryKib, 19_456)
  })

  it('reads every field from its environment variable, frozen', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
      IDEAPOOL_PREFIX: '/ideapool/',
      IDEAPOOL_ENABLED: 'false',
    })
    assert.equal(config.server.port, 8080)
    assert.equal(config.storage.databaseUrl, 'postgres://u@h/db')
    assert.equal(config.ideapool.prefix, '/ideapool')
    assert.equal(config.ideapool.enabled, false)
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.server))
  })

  it('lists every bad setting at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          LOG_LEVEL: 'loud',
          DATABASE_URL: 'mysql://x',
          NODE_ENV: 'production',
          SECRET_KEY: 'short',
        }),
      (error) => {
        assert.ok(error instanceof ConfigError)
        assert.deepEqual(error.problems, [
          'PORT: must be an integer',
          'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
          'SECRET_KEY: must be at least 32 characters',
          'DATABASE_URL: must start with postgres:// (leave unset for SQLite)',
          'SECRET_KEY: required when NODE_ENV=production',
          'SMTP_URL: required when NODE_ENV=production and the AMPnet API is enabled',
          'PUBLIC_URL: required when NODE_ENV=production (tokens would name http://localhost:PORT as their issuer, which differs by port and instance): set PUBLIC_URL to the public base URL, or JWT_ISSUER',
          'FACEBOOK_APP_ID, FACEBOOK_APP_SECRET: required when NODE_ENV=production (without them a token any Facebook app obtained signs its holder in): set both, or FACEBOOK_LOGIN_ENABLED=false',
          "GOOGLE_CLIENT_ID: required when NODE_ENV=production (without a client id a Google token issued to any site signs its holder in): set it (a coop's config googleClientId overrides it), or GOOGLE_LOGIN_ENABLED=false",
        ])
        return true
      },
    )
  })

  it('describes every field with an environment variable of its own', () => {
    const fields = listFields()
    const envs = fields.map(({ field }) => field.env)
    assert.equal(new Set(envs).size, envs.length)
    for (const { field } of fields) assert.ok(field.description.length > 10, field.env)
    for (const fixed of ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'PUBLIC_URL', 'LOG_LEVEL', 'SECRET_KEY'])
      assert.ok(envs.includes(fixed))
  })
})

describe('configuration docs', () => {
  it('docs/configuration.md matches the schema (run `npm run docs:config` after changing it)', () => {
    const onDisk = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8')
    assert.equal(onDisk, renderConfigDocs())
  })
})

describe('rate-limit settings', () => {
  it('reads COUNT/SECONDS limits and TRUST_PROXY in its three forms', () => {
    const config = loadConfig({ RATE_LIMIT_SIGN_IN: ' 7 / 30 ', TRUST_PROXY: '2' })
    assert.equal(config.abuse.signIn.limit, 7)
    assert.equal(config.abuse.signIn.windowSeconds, 30)
    assert.equal(String(config.abuse.signIn), '7/30')
    assert.equal(config.abuse.trustProxy, 2)
    assert.equal(loadConfig({}).abuse.trustProxy, false)
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).abuse.trustProxy, true)
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1, 2001:db8::/32' }).abuse.trustProxy, [
      '10.0.0.0/8',
      '::1',
      '2001:db8::/32',
    ])
  })

  it('names every rate limit, and nothing else, for the bench and tests to set at once', () => {
    assert.deepEqual(Object.keys(everyRateLimit('1/1')), [
      'RATE_LIMIT_SIGN_IN',
      'RATE_LIMIT_SIGN_IN_FAILURES',
      'RATE_LIMIT_SIGN_UP',
      'RATE_LIMIT_REFRESH',
      'RATE_LIMIT_PASSWORD_RESET',
      'RATE_LIMIT_MAIL_RESEND',
      'RATE_LIMIT_ACCOUNT_MAIL',
      'RATE_LIMIT_API_KEY_FAILURES',
      'RATE_LIMIT_OIDC_TOKEN_FAILURES',
      'RATE_LIMIT_WEBHOOK',
      'RATE_LIMIT_COOP_CREATION',
    ])
    assert.equal(loadConfig(everyRateLimit('1/1')).abuse.webhook.limit, 1)
  })

  it('reports every malformed limit and proxy setting at once', () => {
    assert.throws(
      () => loadConfig({ RATE_LIMIT_SIGN_IN: '30', RATE_LIMIT_REFRESH: '5/0', TRUST_PROXY: '10.0.0.0/33' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError)
        const limit = 'must be COUNT/SECONDS, e.g. 30/60 (a window of 1 second to 7 days)'
        assert.deepEqual(error.problems, [
          'TRUST_PROXY: must be true, false, a hop count or a comma-separated list of IPs/CIDRs',
          `RATE_LIMIT_SIGN_IN: ${limit}`,
          `RATE_LIMIT_REFRESH: ${limit}`,
        ])
        return true
      },
    )
  })

  it('refuses the OIDC provider at the root, where it would answer every path', () => {
    assert.throws(
      () => loadConfig({ OIDC_PREFIX: '/' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError)
        assert.deepEqual(error.problems, [
          'OIDC_PREFIX: must be a path like /oidc (the provider cannot sit at the root)',
        ])
        return true
      },
    )
    assert.equal(loadConfig({ OIDC_PREFIX: '/', OIDC_ENABLED: 'false' }).oidc.prefix, '')
    assert.equal(loadConfig({ OIDC_PREFIX: '/sso/' }).oidc.prefix, '/sso')
  })
})
