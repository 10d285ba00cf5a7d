import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppError } from '../errors.ts'
import { createHashingLimiter } from './hashing-limiter.ts'

/** A task the test finishes when it wants, recording when it started. */
function controllable(started: string[], name: string) {
  let finish: (value: string) => void = () => undefined
  const done = new Promise<string>((resolve) => {
    finish = resolve
  })
  return {
    task: () => {
      started.push(name)
      return done
    },
    finish: () => finish(name),
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('hashing limiter', () => {
  it('runs at most `concurrency` tasks, queues the next in order, and refuses past the queue', async () => {
    const limiter = createHashingLimiter({ concurrency: 2, queueLimit: 2 })
    const started: string[] = []
    const tasks = ['a', 'b', 'c', 'd'].map((name) => controllable(started, name))
    const results = tasks.map(({ task }) => limiter.run(task))
    await settle()
    assert.deepEqual(started, ['a', 'b'])
    assert.equal(limiter.active, 2)
    assert.equal(limiter.queueDepth, 2)

    await assert.rejects(
      limiter.run(async () => 'e'),
      (error: unknown) =>
        error instanceof AppError && error.code === 'server_busy' && error.details.retryAfterSeconds === 1,
    )
    assert.equal(limiter.busyRejections, 1)

    tasks[1]?.finish()
    await settle()
    assert.deepEqual(started, ['a', 'b', 'c'])
    assert.equal(limiter.queueDepth, 1)
    tasks[0]?.finish()
    await settle()
    assert.deepEqual(started, ['a', 'b', 'c', 'd'])
    assert.equal(limiter.queueDepth, 0)
    assert.equal(limiter.active, 2)
    tasks[2]?.finish()
    tasks[3]?.finish()
    assert.deepEqual(await Promise.all(results), ['a', 'b', 'c', 'd'])
    assert.equal(limiter.active, 0)
  })

  it('frees the slot when a task fails', async () => {
    const limiter = createHashingLimiter({ concurrency: 1, queueLimit: 0 })
    await assert.rejects(
      limiter.run(async () => {
        throw new Error('argon2 broke')
      }),
      /argon2 broke/,
    )
    assert.equal(limiter.active, 0)
    assert.equal(await limiter.run(async () => 'next'), 'next')
  })

  it('with no queue refuses the second task while the first runs', async () => {
    const limiter = createHashingLimiter({ concurrency: 1, queueLimit: 0 })
    const first = controllable([], 'first')
    const running = limiter.run(first.task)
    await assert.rejects(
      limiter.run(async () => 'second'),
      { code: 'server_busy' },
    )
    first.finish()
    assert.equal(await running, 'first')
  })
})
