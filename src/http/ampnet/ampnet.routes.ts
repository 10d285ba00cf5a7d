import { accountRoutes } from './account/ampnet.account.routes.ts'
import { bankAccountRoutes } from './account/ampnet.bank-account.routes.ts'
import { passwordRoutes } from './account/ampnet.password.routes.ts'
import { profileRoutes } from './account/ampnet.profile.routes.ts'
import { adminRoutes } from './admin/ampnet.admin.routes.ts'
import { tokenRoutes } from './token/ampnet.token.routes.ts'

/** The surface's route definitions, in the order they are registered. */
export const ampnetRoutes = [
  ...accountRoutes,
  ...tokenRoutes,
  ...passwordRoutes,
  ...profileRoutes,
  ...adminRoutes,
  ...bankAccountRoutes,
]
