import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SafeHtml } from '../pages/html.ts'
import { renderPage } from '../pages/layout.ts'
import { t } from '../pages/page-context.ts'
import { sessionCookie } from '../pages/session-cookie.ts'
import { ConsoleOperatorOnly, ConsoleSignInRequired } from './console-errors.ts'
import { CONSOLE_PREFIX, consoleBar } from './console-layout.ts'
import { consoleAdminOf } from './console-session.ts'

// An operator's console session has a cookie of its own, apart from a coop administrator's: the
// two identities never mix, and a coop administrator's cookie opens no operator page.

const cookie = sessionCookie('lk_console_operator')
export const operatorCookie = cookie.serialize

const operators = new WeakMap<FastifyRequest, { sessionId: string }>()

/** The operator session of the request, if its cookie holds an open one. */
export async function operatorSessionOf(core: Core, request: FastifyRequest, secure: boolean) {
  const token = cookie.read(request, secure)
  return token === undefined ? undefined : core.ops.operatorConsole.sessionOf(token)
}

/**
 * The operator pages' hook: an operator passes; a coop administrator is refused (403), since
 * these pages span every coop; anyone else is sent to sign in (GET) or refused (401).
 */
export function operatorHook(core: Core, secure: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await operatorSessionOf(core, request, secure)
    if (session !== undefined) {
      operators.set(request, { sessionId: session.id })
      return
    }
    if ((await consoleAdminOf(core, request, secure)) !== undefined)
      throw new ConsoleOperatorOnly('a coop administrator on an operator page')
    if (request.method === 'GET' || request.method === 'HEAD')
      return reply.redirect(`${CONSOLE_PREFIX}/sign-in`, 303)
    throw new ConsoleSignInRequired('no operator session')
  }
}

export function operatorOf(request: FastifyRequest): { sessionId: string } {
  const operator = operators.get(request)
  if (operator === undefined) throw new ConsoleSignInRequired('no operator session')
  return operator
}

type OperatorSection = 'operator/coops' | 'keys'

function operatorNav(request: FastifyRequest, current: OperatorSection): SafeHtml {
  return consoleBar(request, {
    sections: [
      ['operator/coops', t(request, 'console.nav.coops')],
      ['keys', t(request, 'console.nav.keys')],
    ],
    current,
    who: t(request, 'console.operator.signedIn'),
    signOutPath: '/operator/sign-out',
  })
}

/** An operator page: the console's wide layout under the operator's own bar. */
export function renderOperatorPage(
  reply: FastifyReply,
  page: { title: string; body: SafeHtml; section: OperatorSection },
): FastifyReply {
  return renderPage(reply, {
    title: page.title,
    body: page.body,
    status: 200,
    wide: true,
    header: operatorNav(reply.request, page.section),
  })
}
