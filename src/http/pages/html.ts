// A tagged template that escapes every interpolation unless it is already SafeHtml: the pages need
// no template engine, and markup can only enter through `html` itself or an explicit `unsafeRaw`.

const SAFE: unique symbol = Symbol('safe html')

export interface SafeHtml {
  readonly [SAFE]: string
}

/** What may appear inside `${}`: text (escaped), SafeHtml (kept), lists of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[]

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value
}

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('')
  if (isSafeHtml(value)) return value[SAFE]
  return escapeHtml(String(value))
}

/** Markup as it is, never from user input: for trusted constants only. */
export function unsafeRaw(markup: string): SafeHtml {
  return { [SAFE]: markup }
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (const [index, value] of values.entries()) out += render(value) + (strings[index + 1] ?? '')
  return unsafeRaw(out)
}

/** The markup of a SafeHtml, e.g. to send it. */
export function toHtmlString(value: SafeHtml): string {
  return value[SAFE]
}
