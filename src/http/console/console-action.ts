import type { FastifyInstance, FastifyRequest } from 'fastify'
import { verifyCsrf } from '../pages/page-context.ts'
import { adminOf, type ConsoleAdmin } from './console-session.ts'

/**
 * A console change: a CSRF-checked POST by the request's administrator (`who`: changingAdminOf
 * where a PLATFORM_MANAGER may not), answered with a 303 to the page `act` names, so that a
 * reload repeats nothing.
 */
export function consoleAction(
  app: FastifyInstance,
  path: string,
  act: (request: FastifyRequest, admin: ConsoleAdmin) => Promise<string>,
  who: (request: FastifyRequest) => ConsoleAdmin = adminOf,
): void {
  app.post(path, async (request, reply) => {
    verifyCsrf(request)
    const admin = who(request)
    return reply.redirect(await act(request, admin), 303)
  })
}
