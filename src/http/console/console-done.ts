import type { FastifyRequest } from 'fastify'
import type { SafeHtml } from '../pages/html.ts'
import { t, type t as translate } from '../pages/page-context.ts'
import { notice } from './console-layout.ts'

// A console action redirects back with `?done=<what>`; the page it lands on says what happened.

type Key = Parameters<typeof translate>[1]
const doneMessages: Readonly<Record<string, Key>> = {
  disabled: 'console.done.disabled',
  enabled: 'console.done.enabled',
  role: 'console.done.role',
  revoked: 'console.done.revoked',
  deleted: 'console.done.deleted',
  keyRevoked: 'console.done.keyRevoked',
  signUpOpened: 'console.done.signUpOpened',
  signUpClosed: 'console.done.signUpClosed',
  coopSaved: 'console.done.coopSaved',
  logoSaved: 'console.done.logoSaved',
  lockoutSaved: 'console.done.lockoutSaved',
  webhookDisabled: 'console.done.webhookDisabled',
  webhookEnabled: 'console.done.webhookEnabled',
  webhookRemoved: 'console.done.webhookRemoved',
  webhookRetried: 'console.done.webhookRetried',
  keyRotated: 'console.done.keyRotated',
  mfaPolicy: 'console.done.mfaPolicy',
  mfaReset: 'console.done.mfaReset',
}

/** The "done" notice named by `?done=`, if it names one. */
export function doneNotice(request: FastifyRequest): SafeHtml {
  const done = (request.query as Record<string, unknown>).done
  const key = typeof done === 'string' && Object.hasOwn(doneMessages, done) ? doneMessages[done] : undefined
  return notice(key && t(request, key))
}
