import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { startLatchkeyProcess } from '../support/latchkey-process.ts'

it('on SIGTERM turns /ready false first, finishes in-flight requests, then exits 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-shutdown-'))
  // Default (production) Argon2 parameters make each sign-up take a while: real in-flight work.
  const latchkey = await startLatchkeyProcess({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_SECONDS: '1',
  })
  try {
    assert.equal((await fetch(`${latchkey.url}/ready`)).status, 200)
    const signUps = Array.from({ length: 4 }, (_, i) =>
      fetch(`${latchkey.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `inflight-${i}@example.com`,
          name: 'In Flight',
          password: 'the-Secret-123',
        }),
      }),
    )
    await new Promise((resolve) => setTimeout(resolve, 20))
    latchkey.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const ready = await fetch(`${latchkey.url}/ready`)
    assert.equal(ready.status, 503)
    assert.deepEqual(await ready.json(), { status: 'unavailable' })

    const statuses = (await Promise.all(signUps)).map((response) => response.status)
    assert.deepEqual(statuses, [201, 201, 201, 201])
    assert.equal(await latchkey.exited, 0)
    assert.match(latchkey.output(), /shutting down/)
    await assert.rejects(fetch(`${latchkey.url}/health`), 'no longer listening')
  } finally {
    latchkey.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
})
