import { AsyncLocalStorage } from 'node:async_hooks'

/** What the core may know of the request it serves, without knowing HTTP. */
export interface RequestContext {
  readonly ip: string | undefined
  readonly userAgent: string | undefined
}

const storage = new AsyncLocalStorage<RequestContext>()

/** Runs `work` (and everything it starts) with `context` as the current request's. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work)
}

/** The current request's context; undefined outside a request (CLI, background workers). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore()
}
