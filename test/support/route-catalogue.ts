import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { FastifyInstance } from 'fastify'

export type RouteOwner = 'ideapool' | 'authheader' | 'users' | 'ampnet' | 'platform'

export interface CatalogueRoute {
  readonly method: string
  /** Fastify's pattern, e.g. `/ideas/:id`. */
  readonly url: string
  /** Every surface that registered this method and path (GET /me is both Idea Pool's and AMPnet's). */
  readonly owners: readonly RouteOwner[]
}

const PLUGINS: Record<string, RouteOwner> = {
  ideapoolApi: 'ideapool',
  authheaderApi: 'authheader',
  usersApi: 'users',
  ampnetApi: 'ampnet',
  platformRoutes: 'platform',
}

/**
 * The surface whose plugin (or a scope inside it) registers a route. An encapsulated scope is made
 * with Object.create(parent), so the chain of prototypes leads up to the surface's own instance.
 */
function ownerOf(instance: FastifyInstance): RouteOwner | undefined {
  for (let scope: FastifyInstance | null = instance; scope !== null; scope = Object.getPrototypeOf(scope)) {
    const name = typeof scope.pluginName === 'string' ? scope.pluginName : ''
    const found = Object.keys(PLUGINS).find((plugin) => name.includes(plugin))
    if (found !== undefined) return PLUGINS[found]
  }
  return undefined
}

/**
 * Runs `build` while recording every route of every Fastify instance it creates, through Fastify's
 * `fastify.initialization` diagnostics channel: no route list to keep up to date by hand.
 */
export async function collectRoutes<T>(
  build: () => Promise<T>,
): Promise<{ built: T; routes: CatalogueRoute[] }> {
  const seen = new Map<string, { method: string; url: string; owners: Set<RouteOwner> }>()
  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance }
    fastify.addHook('onRoute', function (route) {
      const owner = ownerOf(this)
      if (owner === undefined) return // not one of the four APIs' or the platform's (OIDC, pages, console)
      for (const method of [route.method].flat()) {
        const key = `${method} ${route.url}`
        const entry = seen.get(key) ?? { method, url: route.url, owners: new Set<RouteOwner>() }
        entry.owners.add(owner)
        seen.set(key, entry)
      }
    })
  }
  subscribe('fastify.initialization', onInstance)
  try {
    const built = await build()
    return { built, routes: [...seen.values()].map((route) => ({ ...route, owners: [...route.owners] })) }
  } finally {
    unsubscribe('fastify.initialization', onInstance)
  }
}
