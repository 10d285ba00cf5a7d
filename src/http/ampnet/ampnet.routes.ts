import { accountRoutes } from './account/ampnet.account.routes.ts'
import { bankAccountRoutes } from './account/ampnet.bank-account.routes.ts'
import { passwordRoutes } from './account/ampnet.password.routes.ts'
import { profileRoutes } from './account/ampnet.profile.routes.ts'
import { adminRoutes } from './admin/ampnet.admin.routes.ts'
import { coopPartRoutes, coopRoutes } from './coop/ampnet.coop.routes.ts'
import { identyumReportRoutes, identyumRoutes } from './kyc/ampnet.identyum.routes.ts'
import { veriffRoutes, veriffWebhookRoutes } from './kyc/ampnet.veriff.routes.ts'
import { publicRoutes } from './public/ampnet.public.routes.ts'
import { tokenRoutes } from './token/ampnet.token.routes.ts'

/** The surface's route definitions in its own scope, in the order they are registered. */
export const ampnetRoutes = [
  ...accountRoutes,
  ...tokenRoutes,
  ...passwordRoutes,
  ...profileRoutes,
  ...coopRoutes,
  ...adminRoutes,
  ...publicRoutes,
  ...bankAccountRoutes,
  ...veriffRoutes,
  ...identyumRoutes,
]

/** The routes taking multipart bodies, mounted in a scope that parses them (coop/ampnet.coop.routes.ts). */
export const ampnetMultipartRoutes = coopPartRoutes

/** The routes of inbound provider calls, mounted in a raw-body scope (kyc/ampnet.raw-body.ts). */
export const ampnetWebhookRoutes = [...veriffWebhookRoutes, ...identyumReportRoutes]
