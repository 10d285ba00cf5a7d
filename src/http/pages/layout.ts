import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorSummary, type FieldError } from './forms.ts'
import { html, type SafeHtml, toHtmlString } from './html.ts'
import { LANGUAGES, type Language, translate } from './i18n.ts'
import { languageOf, pageOptionsOf } from './page-context.ts'

export interface Page {
  /** The <h1> and the document title. */
  readonly title: string
  /** What the card holds under the heading. */
  readonly body: SafeHtml
  /** Default 200. */
  readonly status?: number
  /** Default: the request's language. */
  readonly lang?: Language
  /** true: the title says "Error:", so a screen reader hears at once that the form was refused. */
  readonly hasErrors?: boolean
  /** A wide card for tables (the console) instead of the narrow form card. */
  readonly wide?: boolean
  /** Shown above the card, e.g. the console's navigation. */
  readonly header?: SafeHtml
  /** A script file of this origin (the passkey ceremony); its route must allow it in the CSP. */
  readonly script?: string
}

/** The request's URL with `lang` set, for the language links (the rest of the query stays). */
function urlInLanguage(request: FastifyRequest, lang: Language): string {
  const url = new URL(request.url, 'http://page.invalid')
  url.searchParams.set('lang', lang)
  return `${url.pathname}${url.search}`
}

function languageLinks(request: FastifyRequest, current: Language): SafeHtml {
  const links = LANGUAGES.map((lang) =>
    lang === current
      ? html`<li><span aria-current="true">${translate(lang, 'lang.name')}</span></li>`
      : html`<li><a href="${urlInLanguage(request, lang)}" hreflang="${lang}" lang="${lang}">${translate(lang, 'lang.name')}</a></li>`,
  )
  return html`<nav class="languages" aria-label="${translate(current, 'lang.choose')}"><ul>${links}</ul></nav>`
}

/** The opening of every page, up to the end of <head> (left open for a page's script). */
export function documentHead(lang: Language, title: string, stylesheetHref: string): SafeHtml {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="${stylesheetHref}">`
}

/** The whole document around a page's card. */
export function layout(request: FastifyRequest, page: Page): SafeHtml {
  const lang = page.lang ?? languageOf(request)
  const title = page.hasErrors ? translate(lang, 'page.errorTitle', { title: page.title }) : page.title
  return html`${documentHead(lang, title, pageOptionsOf(request).stylesheetHref)}
${
  page.script
    ? html`<script src="${page.script}" defer></script>
`
    : ''
}</head>
<body${page.wide ? html` class="wide"` : ''}>
<a class="skip" href="#main">${translate(lang, 'page.skip')}</a>
${
  page.header
    ? html`${page.header}
`
    : ''
}<main id="main" class="card${page.wide ? ' wide' : ''}">
<h1>${page.title}</h1>
${page.body}
</main>
<footer class="footer">
${languageLinks(request, lang)}
<p>${translate(lang, 'page.footer')}</p>
</footer>
</body>
</html>
`
}

/** Sends a page: HTML, its status, the strict CSP (added by the kit's onSend hook). */
export function renderPage(reply: FastifyReply, page: Page): FastifyReply {
  return reply
    .code(page.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(toHtmlString(layout(reply.request, page)))
}

export interface FormPage extends Omit<Page, 'status' | 'hasErrors'> {
  /** Why the form was refused; none for a fresh form. */
  readonly errors: readonly FieldError[]
}

/** Sends a page with a form: a refused one is a 400 whose card opens with the error summary. */
export function renderFormPage(reply: FastifyReply, page: FormPage): FastifyReply {
  const { errors, body, ...rest } = page
  const refused = errors.length > 0
  return renderPage(reply, {
    ...rest,
    status: refused ? 400 : 200,
    hasErrors: refused,
    body: html`${errorSummary(reply.request, errors)}
${body}`,
  })
}
