import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider'
import { parseCookies } from '../pages/cookies.ts'
import { html, type SafeHtml, toHtmlString, unsafeRaw } from '../pages/html.ts'
import { chooseLanguage, type Language, type MessageKey, translate } from '../pages/i18n.ts'
import { documentHead } from '../pages/layout.ts'
import { contentSecurityPolicy } from '../pages/page-kit.ts'

// The few pages the provider renders itself, inside its Koa app (end-session confirmation, errors it
// cannot send back to the client): the kit's look, language and CSP, without a Fastify request.

export interface KoaPageOptions {
  readonly stylesheetHref: string
  /** PAGES_PREFIX: after a sign-out without a redirect, the hosted signed-out page. */
  readonly pagesPrefix: string
}

// The kit remembers a chosen language in this cookie.
const LANG_COOKIE = 'lk_lang'

function languageOf(ctx: KoaContextWithOIDC): Language {
  const cookie = parseCookies(ctx.get('cookie') || undefined).get(LANG_COOKIE)
  return chooseLanguage(ctx.query.lang, cookie, ctx.get('accept-language') || undefined)
}

/** The origin of an absolute URL, for CSP form-action (a form's redirect must be allowed too). */
export function originOf(url: unknown): string | undefined {
  return typeof url === 'string' && URL.canParse(url) ? new URL(url).origin : undefined
}

function sendPage(
  ctx: KoaContextWithOIDC,
  options: KoaPageOptions,
  page: { title: MessageKey; body: (lang: Language) => SafeHtml; formAction?: string | undefined },
): void {
  const lang = languageOf(ctx)
  const title = translate(lang, page.title)
  ctx.type = 'text/html; charset=utf-8'
  ctx.set(
    'content-security-policy',
    contentSecurityPolicy(page.formAction === undefined ? {} : { formAction: [page.formAction] }),
  )
  ctx.set('cache-control', 'no-store')
  ctx.set('referrer-policy', 'no-referrer')
  ctx.body = toHtmlString(html`${documentHead(lang, title, options.stylesheetHref)}
</head>
<body>
<main id="main" class="card">
<h1>${title}</h1>
${page.body(lang)}
</main>
<footer class="footer"><p>${translate(lang, 'page.footer')}</p></footer>
</body>
</html>
`)
}

export function koaPages(options: KoaPageOptions) {
  return {
    /** "Sign out?": `form` is the provider's own hidden form (its action and xsrf field). */
    async logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
      sendPage(ctx, options, {
        title: 'signOut.title',
        formAction: originOf(ctx.oidc.params?.post_logout_redirect_uri),
        body: (lang) => html`<p>${translate(lang, 'signOut.body', { host: ctx.host })}</p>
${unsafeRaw(form)}
<div class="actions"><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" class="button">${translate(lang, 'signOut.yes')}</button>
<button type="submit" form="op.logoutForm" class="button secondary">${translate(lang, 'signOut.no')}</button></div>`,
      })
    },

    async postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
      ctx.redirect(`${options.pagesPrefix}/signed-out`)
    },

    /** An error the provider cannot send to the client (e.g. an unregistered redirect_uri). */
    async renderError(ctx: KoaContextWithOIDC, out: ErrorOut): Promise<void> {
      const error = out.error
      const description = out.error_description
      sendPage(ctx, options, {
        title: 'oidcError.title',
        body: (lang) => html`<p>${translate(lang, 'oidcError.body', { error })}</p>
${description ? html`<p class="muted">${description}</p>` : ''}`,
      })
    },
  }
}
