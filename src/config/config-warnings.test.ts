import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'
import { configWarnings, editDistance } from './config-warnings.ts'

// Social login off: production refuses it without the providers' client ids (sections/social.ts).
const production = {
  NODE_ENV: 'production',
  SECRET_KEY: 'k'.repeat(32),
  SMTP_URL: 'smtp://mail.example.com',
  FACEBOOK_LOGIN_ENABLED: 'false',
  GOOGLE_LOGIN_ENABLED: 'false',
}
const warningsOf = (env: Record<string, string>) => configWarnings(loadConfig(env), env)

describe('config hygiene', () => {
  it('counts one-letter edits', () => {
    assert.equal(editDistance('REDIS_URL', 'REDIS_URL'), 0)
    assert.equal(editDistance('REDIS_URI', 'REDIS_URL'), 1)
    assert.equal(editDistance('LOG_LEVL', 'LOG_LEVEL'), 1)
    assert.equal(editDistance('HOME', 'HOST'), 2)
  })

  it('warns about a variable one or two edits from a Latchkey setting, naming the one meant', () => {
    assert.deepEqual(
      warningsOf({ REDIS_URI: 'redis://r', LOG_LEVL: 'debug', SECRETKEY: 'x', log_level: 'debug' }),
      [
        'LOG_LEVL is not a Latchkey setting and is ignored; did you mean LOG_LEVEL?',
        'REDIS_URI is not a Latchkey setting and is ignored; did you mean REDIS_URL?',
        'SECRETKEY is not a Latchkey setting and is ignored; did you mean SECRET_KEY?',
        'log_level is not a Latchkey setting and is ignored; did you mean LOG_LEVEL?',
      ],
    )
  })

  it('stays quiet about ordinary variables of the shell, Node, npm, containers and the tests', () => {
    const ordinary = [
      'PATH',
      'HOME',
      'HOSTNAME',
      'USER',
      'SHELL',
      'LANG',
      'TERM',
      'PWD',
      'TZ',
      'LOGNAME',
      'MAIL',
      'CI',
      'NODE_OPTIONS',
      'NODE_PATH',
      'NODE_EXTRA_CA_CERTS',
      'NODE_COMPILE_CACHE',
      'DEBUG',
      'HOSTTYPE',
      'npm_config_cache',
      'npm_lifecycle_event',
      'KUBERNETES_SERVICE_HOST',
      'KUBERNETES_PORT',
      'REDIS_PORT',
      'REDIS_HOST',
      'POSTGRES_PASSWORD',
      'PGHOST',
      'PGPASSWORD',
      'DATABASE_HOST',
      'TEST_DATABASE_URL',
      'TEST_REDIS_URL',
    ]
    assert.deepEqual(warningsOf(Object.fromEntries(ordinary.map((name) => [name, 'x']))), [])
    assert.deepEqual(warningsOf({ PORT: '8080', HOST: '::', REDIS_URL: 'redis://r', LOG_LEVEL: 'warn' }), [])
  })

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    for (const url of ['http://mail.example.com', 'mail.example.com:587', 'smtp:/broken', 'smtps//x']) {
      assert.throws(
        () => loadConfig({ SMTP_URL: url }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.problems.includes('SMTP_URL: must be an smtp:// or smtps:// URL'),
        url,
      )
    }
    assert.equal(
      loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).mail.smtpUrl,
      'smtps://u:p@mail.example.com:465',
    )
  })

  it('in production warns about CORS_ORIGINS=* and a plain-http PUBLIC_URL', () => {
    assert.deepEqual(warningsOf({ ...production, PUBLIC_URL: 'http://id.example.com' }), [
      "CORS_ORIGINS=*: scripts of any website may call the sign-in, token and user APIs from a browser; list your frontends' origins",
      'PUBLIC_URL is http://id.example.com: token issuer and mail links use http://; put Latchkey behind HTTPS and set an https:// URL',
    ])
    assert.match(
      warningsOf({
        ...production,
        JWT_ISSUER: 'https://id.example.com',
        CORS_ORIGINS: 'https://app.example.com, *',
      })[0] ?? '',
      /^CORS_ORIGINS=\*/,
    )
    // Production needs an issuer: with JWT_ISSUER alone, mail links still lack a public URL.
    assert.match(
      warningsOf({ ...production, JWT_ISSUER: 'https://id.example.com' }).at(-1) ?? '',
      /^PUBLIC_URL is unset/,
    )
  })

  it('is quiet in production with listed origins and an https PUBLIC_URL, and outside production', () => {
    const env = {
      ...production,
      CORS_ORIGINS: 'https://app.example.com',
      PUBLIC_URL: 'https://id.example.com',
    }
    assert.deepEqual(warningsOf(env), [])
    assert.deepEqual(warningsOf({ PUBLIC_URL: 'http://localhost:3000' }), [])
  })
})
