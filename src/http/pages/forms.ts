import type { FastifyRequest } from 'fastify'
import { html, type SafeHtml } from './html.ts'
import { csrfField, t } from './page-context.ts'

/** A problem with one field, shown in the summary (linked to the field) and under the field. */
export interface FieldError {
  /** The field's name, which is also its id. */
  readonly field: string
  readonly message: string
}

export interface InputField {
  readonly name: string
  readonly label: string
  readonly type?: 'text' | 'email' | 'password'
  /** The autocomplete token: email, current-password, new-password, given-name, … */
  readonly autocomplete?: string
  readonly value?: string
  readonly hint?: string
  readonly errors?: readonly FieldError[]
  readonly required?: boolean
  /** Shown after the label, e.g. "(optional)". */
  readonly labelSuffix?: string
  readonly maxLength?: number
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function inputField(field: InputField): SafeHtml {
  const error = field.errors?.find((each) => each.field === field.name)
  const hintId = field.hint === undefined ? undefined : `${field.name}-hint`
  const errorId = error === undefined ? undefined : `${field.name}-error`
  const describedBy = [hintId, errorId].filter(Boolean).join(' ')
  const type = field.type ?? 'text'
  // A password is never echoed back into the page.
  const value = type === 'password' ? undefined : field.value
  return html`<div class="field${error ? ' field-error' : ''}">
<label for="${field.name}">${field.label}${field.labelSuffix ? html` <span class="muted">${field.labelSuffix}</span>` : ''}</label>
${hintId ? html`<p class="hint" id="${hintId}">${field.hint}</p>` : ''}
${errorId ? html`<p class="error" id="${errorId}">${error?.message}</p>` : ''}
<input id="${field.name}" name="${field.name}" type="${type}"${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${value ? html` value="${value}"` : ''}${field.required ? html` required aria-required="true"` : ''}${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${field.maxLength ? html` maxlength="${field.maxLength}"` : ''}${type === 'email' ? html` spellcheck="false" autocapitalize="off"` : ''}>
</div>`
}

export interface SignInForm {
  /** What was typed, shown again; the password never is. */
  readonly email: string
  readonly errors: readonly FieldError[]
  readonly emailMaxLength?: number
  readonly passwordMaxLength?: number
}

/** The email and password fields every sign-in form starts with (hosted, account and console pages). */
export function signInFields(request: FastifyRequest, form: SignInForm): SafeHtml[] {
  return [
    inputField({
      name: 'email',
      type: 'email',
      label: t(request, 'field.email'),
      autocomplete: 'username',
      value: form.email,
      errors: form.errors,
      required: true,
      ...(form.emailMaxLength !== undefined && { maxLength: form.emailMaxLength }),
    }),
    inputField({
      name: 'password',
      type: 'password',
      label: t(request, 'field.password'),
      autocomplete: 'current-password',
      errors: form.errors,
      required: true,
      ...(form.passwordMaxLength !== undefined && { maxLength: form.passwordMaxLength }),
    }),
  ]
}

/**
 * The list of problems above a refused form, each linking to its field. It takes the focus on
 * load (autofocus), so keyboard and screen-reader users land on it.
 */
export function errorSummary(request: FastifyRequest, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${t(request, 'problem.summary')}</h2>
<ul>${errors.map((error) => html`<li><a href="#${error.field}">${error.message}</a></li>`)}</ul>
</div>`
}

export interface PostForm {
  /** Where the form goes; default the page's own URL. */
  readonly action?: string
  readonly fields: SafeHtml | readonly SafeHtml[]
  readonly submit: string
  /** Extra buttons or links after the submit button. */
  readonly after?: SafeHtml
}

/** A POST form with its CSRF field; the server validates, so the browser's own bubbles are off. */
export function postForm(request: FastifyRequest, form: PostForm): SafeHtml {
  return html`<form method="post"${form.action ? html` action="${form.action}"` : ''} novalidate>
${csrfField(request)}
${form.fields}
<div class="actions"><button type="submit" class="button">${form.submit}</button>${form.after ?? ''}</div>
</form>`
}

/** A value the form carries back unchanged, e.g. a mailed token. */
export function hiddenField(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">`
}

export function paragraph(text: string): SafeHtml {
  return html`<p>${text}</p>`
}

/** A link styled as a secondary action. */
export function linkTo(href: string, text: string): SafeHtml {
  return html`<a class="link" href="${href}">${text}</a>`
}
