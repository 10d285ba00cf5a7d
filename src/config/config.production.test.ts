import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { startLatchkeyProcess } from '../../test/support/latchkey-process.ts'
import { ConfigError, loadConfig } from './config.ts'

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    return error instanceof ConfigError ? error.problems : ['not a ConfigError']
  }
}

// What production needs anyway, so that only the settings under test are missing.
const PRODUCTION = {
  NODE_ENV: 'production',
  SECRET_KEY: 'production-secret-key-of-32-characters-or-more',
  SMTP_URL: 'smtp://127.0.0.1:9',
}

const UNSAFE = [
  'PUBLIC_URL: required when NODE_ENV=production (tokens would name http://localhost:PORT as their issuer, which differs by port and instance): set PUBLIC_URL to the public base URL, or JWT_ISSUER',
  'FACEBOOK_APP_ID, FACEBOOK_APP_SECRET: required when NODE_ENV=production (without them a token any Facebook app obtained signs its holder in): set both, or FACEBOOK_LOGIN_ENABLED=false',
  "GOOGLE_CLIENT_ID: required when NODE_ENV=production (without a client id a Google token issued to any site signs its holder in): set it (a coop's config googleClientId overrides it), or GOOGLE_LOGIN_ENABLED=false",
]

describe('production refuses unsafe settings', () => {
  it('refuses an issuer from localhost, Facebook without our app and Google without a client id, all at once', () => {
    assert.deepEqual(problemsOf({ ...PRODUCTION, PORT: 'x' }), ['PORT: must be an integer', ...UNSAFE])
  })

  it('starts with a public URL or an issuer, our Facebook app or none, our Google client or none', () => {
    const safe = [
      {
        PUBLIC_URL: 'https://id.example',
        FACEBOOK_APP_ID: '1',
        FACEBOOK_APP_SECRET: 's',
        GOOGLE_CLIENT_ID: 'g',
      },
      { JWT_ISSUER: 'https://id.example', FACEBOOK_LOGIN_ENABLED: 'false', GOOGLE_LOGIN_ENABLED: 'false' },
    ]
    for (const env of safe) assert.deepEqual(problemsOf({ ...PRODUCTION, ...env }), [], JSON.stringify(env))
  })

  it('keeps development and tests as they were: nothing of this is required there', () => {
    assert.deepEqual(problemsOf({}), [])
    assert.deepEqual(problemsOf({ NODE_ENV: 'test' }), [])
  })

  it('has the process exit 78 with every problem on standard error, and start once they are set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-production-'))
    const outcome = await startLatchkeyProcess({ ...PRODUCTION, DATA_DIR: dataDir }).then(
      (started) => {
        started.child.kill('SIGKILL') // it should not have started: do not leave it running
        return 'started'
      },
      (error: Error) => error.message,
    )
    assert.equal(outcome, `latchkey exited with 78: Invalid configuration:\n  ${UNSAFE.join('\n  ')}\n`)
    const latchkey = await startLatchkeyProcess({
      ...PRODUCTION,
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://id.example',
      FACEBOOK_LOGIN_ENABLED: 'false',
      GOOGLE_CLIENT_ID: 'ours.apps.googleusercontent.com',
    })
    assert.equal((await fetch(`${latchkey.url}/health`)).status, 200)
    latchkey.child.kill('SIGTERM')
    assert.equal(await latchkey.exited, 0)
    rmSync(dataDir, { recursive: true, force: true })
  })
})
