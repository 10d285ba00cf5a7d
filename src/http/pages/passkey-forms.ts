import type { FastifyReply, FastifyRequest } from 'fastify'
import { html, type SafeHtml } from './html.ts'
import { csrfField, pageOptionsOf, t } from './page-context.ts'
import { contentSecurityPolicy } from './page-kit.ts'

/** The form field that carries the browser's answer (JSON text) back to the server. */
export const PASSKEY_RESPONSE_FIELD = 'passkey_response'

/**
 * Lets this page run the passkey script and nothing else: script-src names that one file by its
 * absolute URL (no 'self', no inline). `formAction`: origins its forms may lead to, as the OIDC
 * sign-in page needs. Returns the script's path for the page, undefined when the kit has none.
 */
export function allowPasskeyScript(
  request: FastifyRequest,
  reply: FastifyReply,
  formAction: readonly string[] = [],
): string | undefined {
  const script = pageOptionsOf(request).passkeyScript
  reply.header(
    'content-security-policy',
    contentSecurityPolicy({ formAction, ...(script && { scriptSrc: [script.url] }) }),
  )
  return script?.href
}

export interface PasskeyForm {
  /** create: register a passkey; get: sign in with one. */
  readonly ceremony: 'create' | 'get'
  /** The options for navigator.credentials (the core's JSON), read by the script. */
  readonly options: unknown
  readonly submit: string
  readonly fields?: SafeHtml
  /** The button's look: the main action of the page, or a second way to do it. */
  readonly secondary?: boolean
  /** Where the form posts; default the page's own URL. */
  readonly action?: string
}

/**
 * A form the passkey script drives: hidden until the script finds WebAuthn in the browser, it
 * posts the ceremony's answer in PASSKEY_RESPONSE_FIELD to the page's own URL.
 */
export function passkeyForm(request: FastifyRequest, form: PasskeyForm): SafeHtml {
  return html`<form method="post"${form.action ? html` action="${form.action}"` : ''} class="passkey" data-passkey="${form.ceremony}" data-options="${JSON.stringify(form.options)}" hidden novalidate>
${csrfField(request)}
<input type="hidden" name="${PASSKEY_RESPONSE_FIELD}" value="">
${form.fields ?? ''}
<p class="error" role="status" data-passkey-status hidden>${t(request, 'passkey.cancelled')}</p>
<div class="actions"><button type="button" data-passkey-start class="button${form.secondary ? ' secondary' : ''}">${form.submit}</button></div>
</form>`
}
