import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { startApp } from './app.ts'
import { loadConfig } from './config/config.ts'
import { silentLogger } from './core/shared/logger.ts'

const redisUrl = process.env.TEST_REDIS_URL

const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length

it('closes its Redis connection when the start fails after opening it', {
  skip: !redisUrl && 'TEST_REDIS_URL unset',
}, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-start-failure-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl ?? '',
    RATE_LIMITS_ENABLED: 'true',
  })
  try {
    const first = await startApp({
      config,
      secretKey: 'the-first-secret-key-of-32-characters!',
      log: silentLogger,
    })
    await first.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const before = sockets()
    // Another master key cannot open the signing key the first start stored: the start fails after
    // the rate-limit store has connected to Redis.
    await assert.rejects(
      startApp({ config, secretKey: 'another-secret-key-of-32-characters!!', log: silentLogger }),
      /cannot decrypt the signing key/,
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(sockets(), before, 'no connection left open')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
