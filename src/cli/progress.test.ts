import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createProgress } from './progress.ts'

function fakeStream(isTTY: boolean) {
  const written: string[] = []
  const stream = { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream
  return { stream, written }
}

describe('import progress', () => {
  it('redraws one bar in place on a terminal and ends the line when done', () => {
    const { stream, written } = fakeStream(true)
    const progress = createProgress(200, stream)
    progress.update(50, '50 imported')
    progress.update(200, '200 imported')
    progress.finish()
    assert.deepEqual(written, [
      `\r[${'#'.repeat(8)}${'.'.repeat(22)}] 25% 50/200 lines  50 imported`,
      `\r[${'#'.repeat(30)}] 100% 200/200 lines  200 imported`,
      '\n',
    ])
  })

  it('writes a plain line every 2 seconds when stderr is not a terminal', () => {
    const { stream, written } = fakeStream(false)
    let clock = 0
    const progress = createProgress(200, stream, () => clock)
    progress.update(50, '50 imported')
    clock = 2_000
    progress.update(100, '100 imported')
    clock = 3_000
    progress.update(150, '150 imported')
    progress.finish()
    assert.deepEqual(written, ['import: 100/200 lines, 100 imported\n'])
  })
})
