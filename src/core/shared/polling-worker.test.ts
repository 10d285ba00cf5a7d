import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from './logger.ts'
import { createPollingWorker } from './polling-worker.ts'

describe('polling worker', () => {
  it('runs one more pass for a caller who asks while a pass is under way, shared by all who ask', async () => {
    let passes = 0
    let release: () => void = () => {}
    const worker = createPollingWorker(
      'test',
      { log: silentLogger, pollSeconds: 3600 },
      {
        pass: async () => {
          passes++
          if (passes === 1) await new Promise<void>((resolve) => (release = resolve))
          return passes
        },
        release: async () => {},
      },
    )
    const first = worker.runNow()
    // Work committed now was not there when the first pass looked: these callers need another pass.
    const second = worker.runNow()
    const third = worker.runNow()
    release()
    assert.deepEqual(await Promise.all([first, second, third]), [1, 2, 2])
    assert.equal(passes, 2)
    assert.equal(await worker.runNow(), 3)
  })
})
