import type { FastifyReply, FastifyRequest } from 'fastify'
import { html, type SafeHtml } from '../pages/html.ts'
import { renderPage } from '../pages/layout.ts'
import { csrfField, t } from '../pages/page-context.ts'
import type { ConsoleAdmin } from './console-session.ts'

export const CONSOLE_PREFIX = '/console'

type Section = 'users' | 'audit' | 'coop' | 'coop/mfa' | 'api-keys' | 'webhooks'

export interface ConsoleBar<S extends string> {
  /** Each section's path under the console and its label, in the bar's order. */
  readonly sections: readonly (readonly [S, string])[]
  readonly current: S | undefined
  /** Who is signed in, beside the sign-out button. */
  readonly who: string
  readonly signOutPath: string
}

/**
 * The bar above every signed-in console page, an administrator's or an operator's: where to go, who
 * is signed in, sign-out.
 */
export function consoleBar<S extends string>(request: FastifyRequest, bar: ConsoleBar<S>): SafeHtml {
  const links = bar.sections.map(
    ([section, label]) =>
      html`<li><a href="${CONSOLE_PREFIX}/${section}"${section === bar.current ? html` aria-current="page"` : ''}>${label}</a></li>
`,
  )
  return html`<header class="console-bar">
<p class="console-brand">${t(request, 'console.name')}</p>
<nav aria-label="${t(request, 'console.nav')}"><ul>
${links}</ul></nav>
<form method="post" action="${CONSOLE_PREFIX}${bar.signOutPath}" class="console-who">
${csrfField(request)}
<span class="muted">${bar.who}</span>
<button type="submit" class="button secondary small">${t(request, 'console.signOut')}</button>
</form>
</header>`
}

function consoleNav(request: FastifyRequest, admin: ConsoleAdmin, current: Section | undefined): SafeHtml {
  return consoleBar(request, {
    sections: [
      ['users', t(request, 'console.nav.users')],
      ['audit', t(request, 'console.nav.audit')],
      ['coop', t(request, 'console.nav.coop')],
      ['api-keys', t(request, 'console.nav.apiKeys')],
      ['webhooks', t(request, 'console.nav.webhooks')],
      ['coop/mfa', t(request, 'console.nav.mfa')],
    ],
    current,
    who: t(request, 'console.signedInAs', {
      email: admin.user.email,
      role: admin.user.role,
      coop: admin.coop.identifier,
    }),
    signOutPath: '/sign-out',
  })
}

export interface ConsolePage {
  readonly title: string
  readonly body: SafeHtml
  readonly status?: number
  readonly section?: Section
}

/** A signed-in console page: the pages' layout, wide, under the console's bar. */
export function renderConsolePage(reply: FastifyReply, admin: ConsoleAdmin, page: ConsolePage): FastifyReply {
  return renderPage(reply, {
    title: page.title,
    body: page.body,
    status: page.status ?? 200,
    wide: true,
    header: consoleNav(reply.request, admin, page.section),
  })
}

/** A UTC time to the minute, the same in every language. */
export function timeText(date: Date | undefined): string {
  return date === undefined ? '—' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A confirmation of what the last action did (`?done=`), announced to screen readers. */
export function notice(text: string | undefined): SafeHtml {
  return text === undefined ? html`` : html`<p class="notice" role="status">${text}</p>`
}

/**
 * A table of `rows` under one heading per column, or the sentence `none` when there are no rows;
 * `scroll` lets a wide table scroll on its own rather than widen the page.
 */
export function dataTable(table: {
  readonly headings: readonly (string | SafeHtml)[]
  readonly rows: readonly SafeHtml[]
  readonly none: string
  readonly scroll?: boolean
}): SafeHtml {
  if (table.rows.length === 0) return html`<p>${table.none}</p>`
  const headings = table.headings.map((heading) => html`<th scope="col">${heading}</th>`)
  const markup = html`<table><thead><tr>${headings}</tr></thead>
<tbody>${table.rows}</tbody></table>`
  return table.scroll ? html`<div class="table-scroll">${markup}</div>` : markup
}

/** One page of a paged list, the one the query asks for: its table, then the links to the pages around it. */
export function pagedTable(
  request: FastifyRequest,
  table: Parameters<typeof dataTable>[0] & { readonly pages: number },
): SafeHtml {
  return html`${dataTable(table)}
${pager(request, pageNumberOf(request.query), table.pages)}`
}

/** The heading of a column of row buttons: read out, not shown. */
export function actionsHeading(request: FastifyRequest): SafeHtml {
  return html`<span class="visually-hidden">${t(request, 'console.user.actions')}</span>`
}

/** Previous/next links for a 1-based page of `pages` (none for a single page or none), keeping the rest of the query. */
export function pager(request: FastifyRequest, page: number, pages: number): SafeHtml {
  if (pages <= 1) return html``
  const hrefOf = (target: number) => {
    const url = new URL(request.url, 'http://console.invalid')
    url.searchParams.set('page', String(target))
    url.searchParams.delete('done')
    return `${url.pathname}${url.search}`
  }
  return html`<nav class="pager" aria-label="${t(request, 'console.users.count', { page, pages })}">
${page > 1 ? html`<a href="${hrefOf(page - 1)}" rel="prev">${t(request, 'console.page.previous')}</a>` : ''}
<span>${t(request, 'console.users.count', { page, pages })}</span>
${page < pages ? html`<a href="${hrefOf(page + 1)}" rel="next">${t(request, 'console.page.next')}</a>` : ''}
</nav>`
}

/** The 1-based `page` of a query, 1 when missing or not a sensible number. */
function pageNumberOf(query: unknown): number {
  const value = (query as Record<string, unknown> | undefined)?.page
  const number = typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : 1
  return Math.max(number, 1)
}

const PAGE_SIZE = 20

/** The core's request (0-based) for the page of a paged list the query asks for (1-based). */
export function pageRequestOf(request: FastifyRequest, size = PAGE_SIZE): { page: number; size: number } {
  return { page: pageNumberOf(request.query) - 1, size }
}

/** A one-button POST form (an action on the current page). */
export function actionForm(
  request: FastifyRequest,
  action: string,
  label: string,
  options: { secondary?: boolean; ariaLabel?: string } = {},
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">
${csrfField(request)}
<button type="submit" class="button${options.secondary ? ' secondary' : ''} small"${options.ariaLabel ? html` aria-label="${options.ariaLabel}"` : ''}>${label}</button>
</form>`
}
