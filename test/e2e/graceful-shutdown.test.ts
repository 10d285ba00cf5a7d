import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { assertDrainsOnSigterm } from '../support/drain-check.ts'
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
    await assertDrainsOnSigterm(latchkey, 4)
  } finally {
    latchkey.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
})
