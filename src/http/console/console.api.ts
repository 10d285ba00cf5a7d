import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { PageKitOptions } from '../pages/page-context.ts'
import { registerPageKit } from '../pages/page-kit.ts'
import { consoleApiKeyPages } from './console.api-keys.pages.ts'
import { consoleAuditPages } from './console.audit.pages.ts'
import { consoleCoopPages } from './console.coop.pages.ts'
import { consoleLockoutAction } from './console.coop-lockout.pages.ts'
import { consoleCoopLogo } from './console.coop-logo.pages.ts'
import { consoleMfaPages } from './console.mfa.pages.ts'
import { consoleOperatorPages, consoleOperatorSignIn } from './console.operator.pages.ts'
import { consoleSignInPages } from './console.sign-in.pages.ts'
import { consoleUserActions } from './console.user-actions.pages.ts'
import { consoleUserPages } from './console.users.pages.ts'
import { consoleWebhookLogPages } from './console.webhook-log.pages.ts'
import { consoleWebhookPages } from './console.webhooks.pages.ts'
import { ConsoleSignInRequired, consoleErrorHandler } from './console-errors.ts'
import { CONSOLE_PREFIX } from './console-layout.ts'
import { consoleAdminOf, rememberAdmin } from './console-session.ts'

/**
 * The admin console under /console: server-rendered pages of the pages' kit (CSP, CSRF, i18n),
 * every action through the same core services as the APIs, scoped to the admin's own coop.
 */
export async function consoleApi(app: FastifyInstance, options: { core: Core; kit: PageKitOptions }) {
  const { core, kit } = options
  registerPageKit(app, kit)
  consoleSignInPages(app, core, kit.secureCookies)
  consoleOperatorSignIn(app, core, kit.secureCookies)
  app.get('/', (_request, reply) => reply.redirect(`${CONSOLE_PREFIX}/users`, 303))

  // The operator's pages, under their own session and hook (a coop administrator gets 403).
  await app.register(async (operator) => {
    operator.setErrorHandler(consoleErrorHandler(kit))
    consoleOperatorPages(operator, core, kit.secureCookies)
  })

  await app.register(async (signedIn) => {
    signedIn.setErrorHandler(consoleErrorHandler(kit))
    // After the body is parsed, so that the page kit has its context and a POST its form.
    signedIn.addHook('preHandler', async (request, reply) => {
      const admin = await consoleAdminOf(core, request, kit.secureCookies)
      if (admin !== undefined) {
        rememberAdmin(request, admin)
        return
      }
      if (request.method === 'GET' || request.method === 'HEAD')
        return reply.redirect(`${CONSOLE_PREFIX}/sign-in`, 303)
      throw new ConsoleSignInRequired('no console session')
    })
    consoleUserPages(signedIn, core)
    consoleUserActions(signedIn, core, kit.secureCookies)
    consoleAuditPages(signedIn, core)
    consoleCoopPages(signedIn, core)
    consoleLockoutAction(signedIn, core)
    consoleCoopLogo(signedIn, core)
    consoleApiKeyPages(signedIn, core)
    consoleWebhookPages(signedIn, core)
    consoleWebhookLogPages(signedIn, core)
    consoleMfaPages(signedIn, core)
  })
}
