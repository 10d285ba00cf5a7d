import assert from 'node:assert/strict'
import { it } from 'node:test'
import { pino } from 'pino'
import { lazyChildLogger } from './lazy-child-logger.ts'

function capture(level: string) {
  const lines: Record<string, unknown>[] = []
  const parent = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) })
  let children = 0
  const child = parent.child.bind(parent)
  parent.child = ((...args: Parameters<typeof child>) => {
    children += 1
    return child(...args)
  }) as typeof parent.child
  return { parent, lines, children: () => children }
}

it('makes no child for a request that only asks the level', () => {
  const { parent, children } = capture('warn')
  const log = lazyChildLogger(parent, { reqId: 'req-1' }, {})
  assert.equal(log.level, 'warn')
  assert.equal(children(), 0)
})

it('makes the child on the first line, with its bindings, once', () => {
  const { parent, lines, children } = capture('info')
  const log = lazyChildLogger(parent, { reqId: 'req-2' }, {})
  log.info({ route: '/me' }, 'request completed')
  log.warn('again')
  assert.equal(children(), 1)
  assert.deepEqual(
    lines.map(({ reqId, route, msg }) => ({ reqId, route, msg })),
    [
      { reqId: 'req-2', route: '/me', msg: 'request completed' },
      { reqId: 'req-2', route: undefined, msg: 'again' },
    ],
  )
})

it('follows a level of the route’s own, and a level set on it', () => {
  const { parent } = capture('info')
  const log = lazyChildLogger(parent, { reqId: 'req-3' }, { level: 'error' })
  assert.equal(log.level, 'error')
  log.level = 'debug'
  assert.equal(log.level, 'debug')
})
