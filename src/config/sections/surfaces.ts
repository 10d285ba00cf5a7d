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
  // Off by default: POST /coop is anonymous, and each coop and its images are kept for ever.
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

/**
 * What every API surface has: a switch (what it `serves`), a path prefix, and the lifetime of its
 * access tokens. `api` is the surface's name in the docs; `ttlNote` says which tokens the lifetime
 * covers where not all of them.
 */
function surfaceFields(env: string, api: string, serves: string, accessTtlSeconds: number, ttlNote = '') {
  return {
    enabled: flag({ env: `${env}_ENABLED`, default: true, doc: serves }),
    prefix: pathPrefix({ env: `${env}_PREFIX`, doc: `Path prefix of the ${api} API (default: none)` }),
    accessTtlSeconds: integer({
      env: `${env}_ACCESS_TTL_SECONDS`,
      default: accessTtlSeconds,
      min: 1,
      doc: `${api} access token lifetime${ttlNote}`,
    }),
  }
}

/** The lifetime of a surface's refresh tokens, a minute at the least. */
const refreshTtlField = (env: string, days: number, doc: string) =>
  integer({ env: `${env}_REFRESH_TTL_SECONDS`, default: days * DAY_SECONDS, min: 60, doc })

export const ideapoolSection = {
  ...surfaceFields('IDEAPOOL', 'Idea Pool', 'Serve the Idea Pool API', 600),
  refreshTtlSeconds: refreshTtlField('IDEAPOOL', 30, 'Idea Pool refresh token lifetime since last use'),
} as const

export const authheaderSection = {
  ...surfaceFields(
    'AUTHHEADER',
    'authheader',
    'Serve the username-login and API-key API (authheader)',
    3600,
    ' (login and renew)',
  ),
  apiKeyTtlDays: integer({
    env: 'AUTHHEADER_API_KEY_TTL_DAYS',
    default: 0,
    min: 0,
    max: 36_500,
    doc: 'Lifetime in days of new API keys (0: they never expire)',
  }),
} as const

export const usersSection = {
  ...surfaceFields('USERS', 'users', 'Serve the users/login API with x-access-token (users)', DAY_SECONDS),
} as const

export const ampnetSection = {
  ...surfaceFields('AMPNET', 'AMPnet', 'Serve the AMPnet user-service API (ampnet)', DAY_SECONDS),
  refreshTtlSeconds: refreshTtlField(
    'AMPNET',
    90,
    'AMPnet refresh token lifetime from login (it does not slide)',
  ),
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
