import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'pino'

// Fastify gives every request a child logger bound to its request id. pino builds a child by
// serialising the bindings through the redaction paths, which measured 3 % of a `GET /me` whose
// request then logged nothing (the request line is off below `info`). This child is made on the
// request's first log call instead; until then only the level is asked, and the parent answers it.

interface LazyChild {
  readonly parent: FastifyBaseLogger
  readonly bindings: Bindings
  readonly options: ChildLoggerOptions
  made: FastifyBaseLogger | undefined
}

function real(lazy: LazyChild): FastifyBaseLogger {
  lazy.made ??= lazy.parent.child(lazy.bindings, lazy.options)
  return lazy.made
}

type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

const forward = (method: LogMethod) =>
  function (this: LazyChild, ...args: unknown[]) {
    ;(real(this)[method] as (...a: unknown[]) => void)(...args)
  }

// One shared prototype: a request allocates a single small object, not a closure per method.
const lazyChildPrototype = {
  get level(): string {
    const self = this as unknown as LazyChild
    return self.made?.level ?? self.options.level ?? self.parent.level
  },
  set level(level: string) {
    real(this as unknown as LazyChild).level = level
  },
  fatal: forward('fatal'),
  error: forward('error'),
  warn: forward('warn'),
  info: forward('info'),
  debug: forward('debug'),
  trace: forward('trace'),
  silent: forward('silent'),
  child(this: LazyChild, bindings: Bindings, options?: ChildLoggerOptions) {
    return real(this).child(bindings, options)
  },
}

/** Fastify's `childLoggerFactory`: the request's logger, made when it first logs. */
export function lazyChildLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  const lazy: LazyChild = Object.create(lazyChildPrototype)
  Object.assign(lazy, { parent, bindings, options, made: undefined })
  return lazy as unknown as FastifyBaseLogger
}
