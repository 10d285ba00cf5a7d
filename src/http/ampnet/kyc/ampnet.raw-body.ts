import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { limitRoute } from '../../shared/rate-limit.ts'

/**
 * A scope for a provider's inbound calls: bodies read as raw bytes whatever their type (the
 * signatures cover them exactly), and each call counted against the webhook limit first.
 */
export function rawBodyScope(scope: FastifyInstance, core: Core): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  scope.addHook('onRequest', (request) => limitRoute(core, request, 'webhook'))
}
