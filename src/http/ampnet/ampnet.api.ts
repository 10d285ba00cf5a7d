import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { accountRoutes } from './account/ampnet.account.routes.ts'
import { bankAccountRoutes } from './account/ampnet.bank-account.routes.ts'
import { passwordRoutes } from './account/ampnet.password.routes.ts'
import { profileRoutes } from './account/ampnet.profile.routes.ts'
import { adminRoutes } from './admin/ampnet.admin.routes.ts'
import { ampnetPlaces } from './ampnet.auth.ts'
import { ampnetErrorHandler } from './ampnet.errors.ts'
import type { AmpnetSettings } from './ampnet.wire.ts'
import { coopRoutes } from './coop/ampnet.coop.routes.ts'
import { identyumRoutes } from './kyc/ampnet.identyum.routes.ts'
import { veriffRoutes } from './kyc/ampnet.veriff.routes.ts'
import { publicRoutes } from './public/ampnet.public.routes.ts'
import { tokenRoutes } from './token/ampnet.token.routes.ts'

// Route files register here, each as `xRoutes(app, core, …)`, after the access hook so that every
// route gets the original's token pipeline (protect a route with `config: { auth: 'required',
// privilege }`, read the caller with `actorOf(request)`; render users with `userResponse` from
// ampnet.wire.ts):
//   profile, account (sign-up, mail confirmation), token and password routes; coopRoutes,
//   adminRoutes and publicRoutes (ampnet.coop/admin/public.routes.ts).

export interface AmpnetOptions {
  readonly core: Core
  readonly settings: AmpnetSettings
}

/** The AMPnet user service API (docs/api/ampnet.md), as an encapsulated plugin at its prefix. */
export async function ampnetApi(app: FastifyInstance, { core, settings }: AmpnetOptions): Promise<void> {
  app.setErrorHandler(ampnetErrorHandler)
  registerAccess(app, core, ampnetPlaces)
  accountRoutes(app, core, settings)
  tokenRoutes(app, core, settings)
  passwordRoutes(app, core)
  profileRoutes(app, core, settings)
  coopRoutes(app, core, settings)
  adminRoutes(app, core)
  publicRoutes(app, core, settings)
  bankAccountRoutes(app, core)
  veriffRoutes(app, core)
  identyumRoutes(app, core)
}
