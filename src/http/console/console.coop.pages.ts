import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { can } from '../../core/role/role.ts'
import { html } from '../pages/html.ts'
import { t, verifyCsrf } from '../pages/page-context.ts'
import { doneNotice } from './console.users.pages.ts'
import { actionForm, CONSOLE_PREFIX, renderConsolePage } from './console-layout.ts'
import { adminOf } from './console-session.ts'

/**
 * The coop's settings. Changing them takes PWA_COOP, as AMPnet's `PUT /coop` does: an ADMIN and a
 * PLATFORM_MANAGER both hold it. Through `core.coops.update`, which audits `coop.updated`.
 */
export function consoleCoopPages(app: FastifyInstance, core: Core): void {
  app.get('/coop', async (request, reply) => {
    const admin = adminOf(request)
    const coop = admin.coop
    const open = !coop.disableSignUp
    const mayChange = can(admin.user.role, 'PWA_COOP')
    return renderConsolePage(reply, admin, {
      section: 'coop',
      title: t(request, 'console.coop.title'),
      body: html`${doneNotice(request)}
<dl class="facts">
<dt>${t(request, 'console.coop.identifier')}</dt><dd><code>${coop.identifier}</code></dd>
<dt>${t(request, 'console.col.name')}</dt><dd>${coop.name}</dd>
<dt>${t(request, 'console.coop.signUp')}</dt><dd>${t(request, open ? 'console.coop.signUpOpen' : 'console.coop.signUpClosed')}</dd>
</dl>
${
  mayChange
    ? actionForm(
        request,
        `${CONSOLE_PREFIX}/coop/sign-up?open=${open ? 'false' : 'true'}`,
        t(request, open ? 'console.coop.closeSignUp' : 'console.coop.openSignUp'),
      )
    : ''
}`,
    })
  })

  app.post('/coop/sign-up', async (request, reply) => {
    verifyCsrf(request)
    const admin = adminOf(request)
    if (!can(admin.user.role, 'PWA_COOP')) throw new AppError('forbidden')
    const { open } = request.query as Record<string, unknown>
    if (open !== 'true' && open !== 'false') throw new AppError('validation_failed')
    await core.coops.update(admin.coop.id, { disableSignUp: open === 'false' }, {}, admin.user.id)
    return reply.redirect(
      `${CONSOLE_PREFIX}/coop?done=${open === 'true' ? 'signUpOpened' : 'signUpClosed'}`,
      303,
    )
  })
}
