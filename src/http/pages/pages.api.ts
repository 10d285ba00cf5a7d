import type { FastifyInstance } from 'fastify'
import { type Config, publicUrlOf } from '../../config/config.ts'
import type { Core } from '../../core/core.ts'
import { accountPages } from './account.pages.ts'
import type { PageKitOptions } from './page-context.ts'
import { registerPageKit } from './page-kit.ts'
import { passwordPages } from './password.pages.ts'
import { securityPages } from './security.pages.ts'
import { signUpPages } from './sign-up.pages.ts'
import { STYLESHEET_FILE, stylesheetRoute } from './stylesheet.ts'

export interface PagesSettings {
  /** PAGES_PREFIX, for links between the pages. */
  readonly prefix: string
  /** AMPNET_MAIL_CONFIRMATION: e-mail sign-ups wait for the mailed link. */
  readonly mailConfirmation: boolean
}

/** The kit's options for this installation: the OIDC pages pass the same to registerPageKit. */
export function pageKitOptionsOf(config: Config, core: Pick<Core, 'deriveKey'>): PageKitOptions {
  return {
    csrfKey: core.deriveKey('hosted pages csrf v1'),
    secureCookies: publicUrlOf(config).startsWith('https:'),
    stylesheetHref: `${config.pages.prefix}/assets/${STYLESHEET_FILE}`,
  }
}

/** The hosted pages, under PAGES_PREFIX: sign-up, confirm e-mail, forgot/reset password, signed-out. */
export async function pagesApi(
  app: FastifyInstance,
  options: { core: Core; kit: PageKitOptions; settings: PagesSettings },
): Promise<void> {
  // Outside the kit: the stylesheet is public and cached, so it must set no cookie.
  stylesheetRoute(app)
  await app.register(async (pages) => {
    registerPageKit(pages, options.kit)
    signUpPages(pages, options.core, options.settings)
    accountPages(pages, options.core)
    passwordPages(pages, options.core, options.settings)
    securityPages(pages, options.core, options.settings.prefix, options.kit.secureCookies)
  })
}
