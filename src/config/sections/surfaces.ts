import { DAY_SECONDS, flag, integer, pathPrefix, text } from '../fields.ts'

export const tenantsSection = {
  defaultIdentifier: text({
    env: 'AMPNET_DEFAULT_COOP',
    default: 'ampnet',
    doc: 'Identifier of the default tenant (AMPnet default coop)',
  }),
  firstAccountIsAdmin: flag({
    env: 'AMPNET_FIRST_ADMIN',
    default: true,
    doc: 'Make the first account of each coop its ADMIN, except in the default coop (the operator makes that ADMIN)',
  }),
  // Off by default (#13): POST /coop is anonymous, and each coop and its images are kept for ever.
  creationEnabled: flag({
    env: 'AMPNET_COOP_CREATION',
    default: false,
    doc: "Let anyone create a coop (tenant) through AMPnet's public POST /coop (turn RECAPTCHA_ENABLED on with it)",
  }),
  coopImageMaxBytes: integer({
    env: 'AMPNET_COOP_IMAGE_MAX_BYTES',
    default: 2_097_152,
    min: 1024,
    max: 10_485_760,
    doc: 'Largest coop logo or banner accepted by POST and PUT /coop, in bytes (at most 10 MB)',
  }),
} as const

export const ideapoolSection = {
  enabled: flag({ env: 'IDEAPOOL_ENABLED', default: true, doc: 'Serve the Idea Pool API' }),
  prefix: pathPrefix({ env: 'IDEAPOOL_PREFIX', doc: 'Path prefix of the Idea Pool API (default: none)' }),
  accessTtlSeconds: integer({
    env: 'IDEAPOOL_ACCESS_TTL_SECONDS',
    default: 600,
    min: 1,
    doc: 'Idea Pool access token lifetime',
  }),
  refreshTtlSeconds: integer({
    env: 'IDEAPOOL_REFRESH_TTL_SECONDS',
    default: 30 * DAY_SECONDS,
    min: 60,
    doc: 'Idea Pool refresh token lifetime since last use',
  }),
} as const

export const authheaderSection = {
  enabled: flag({
    env: 'AUTHHEADER_ENABLED',
    default: true,
    doc: 'Serve the username-login and API-key API (authheader)',
  }),
  prefix: pathPrefix({ env: 'AUTHHEADER_PREFIX', doc: 'Path prefix of the authheader API (default: none)' }),
  accessTtlSeconds: integer({
    env: 'AUTHHEADER_ACCESS_TTL_SECONDS',
    default: 3600,
    min: 1,
    doc: 'authheader access token lifetime (login and renew)',
  }),
  apiKeyTtlDays: integer({
    env: 'AUTHHEADER_API_KEY_TTL_DAYS',
    default: 0,
    min: 0,
    max: 36_500,
    doc: 'Lifetime in days of new API keys (0: they never expire)',
  }),
} as const

export const usersSection = {
  enabled: flag({
    env: 'USERS_ENABLED',
    default: true,
    doc: 'Serve the users/login API with x-access-token (users)',
  }),
  prefix: pathPrefix({ env: 'USERS_PREFIX', doc: 'Path prefix of the users API (default: none)' }),
  accessTtlSeconds: integer({
    env: 'USERS_ACCESS_TTL_SECONDS',
    default: DAY_SECONDS,
    min: 1,
    doc: 'users access token lifetime',
  }),
} as const

export const ampnetSection = {
  enabled: flag({ env: 'AMPNET_ENABLED', default: true, doc: 'Serve the AMPnet user-service API (ampnet)' }),
  prefix: pathPrefix({ env: 'AMPNET_PREFIX', doc: 'Path prefix of the AMPnet API (default: none)' }),
  accessTtlSeconds: integer({
    env: 'AMPNET_ACCESS_TTL_SECONDS',
    default: DAY_SECONDS,
    min: 1,
    doc: 'AMPnet access token lifetime',
  }),
  refreshTtlSeconds: integer({
    env: 'AMPNET_REFRESH_TTL_SECONDS',
    default: 90 * DAY_SECONDS,
    min: 60,
    doc: 'AMPnet refresh token lifetime from login (it does not slide)',
  }),
  mailConfirmation: flag({
    env: 'AMPNET_MAIL_CONFIRMATION',
    default: true,
    doc: 'AMPnet e-mail sign-ups stay disabled until the address is confirmed by mail',
  }),
} as const

export const pagesSection = {
  prefix: pathPrefix({
    env: 'PAGES_PREFIX',
    default: '/account',
    doc: 'Path of the hosted pages (sign-up, confirm e-mail, forgot/reset password, signed-out)',
  }),
} as const
