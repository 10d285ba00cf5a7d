import { checkHttpUrls, checkPair } from '../checks.ts'
import type { Config } from '../config.ts'
import { flag, integer, optionalText, secretText, text } from '../fields.ts'

export const socialSection = {
  googleLoginEnabled: flag({
    env: 'GOOGLE_LOGIN_ENABLED',
    default: true,
    doc: 'Let AMPnet users sign up and in with a Google token (production requires GOOGLE_CLIENT_ID)',
  }),
  googleClientId: optionalText({
    env: 'GOOGLE_CLIENT_ID',
    doc: "Our Google OAuth client id: Google tokens must be issued to it (a coop's config googleClientId overrides it)",
  }),
  facebookLoginEnabled: flag({
    env: 'FACEBOOK_LOGIN_ENABLED',
    default: true,
    doc: 'Let AMPnet users sign up and in with a Facebook token (production requires FACEBOOK_APP_ID/SECRET)',
  }),
  timeoutMs: integer({
    env: 'SOCIAL_TIMEOUT_MS',
    default: 10_000,
    min: 100,
    max: 120_000,
    doc: 'Longest wait in ms for any call to Google or Facebook during social sign-up and login',
  }),
  googleUserinfoUrl: text({
    env: 'GOOGLE_USERINFO_URL',
    default: 'https://www.googleapis.com/oauth2/v2/userinfo',
    doc: "Google's OAuth2 userinfo endpoint, asked about Google access tokens",
  }),
  googleTokeninfoUrl: text({
    env: 'GOOGLE_TOKENINFO_URL',
    default: 'https://oauth2.googleapis.com/tokeninfo',
    doc: "Google's tokeninfo endpoint: which client an access token was issued to (when the coop sets googleClientId)",
  }),
  googleJwksUrl: text({
    env: 'GOOGLE_JWKS_URL',
    default: 'https://www.googleapis.com/oauth2/v3/certs',
    doc: "Google's JSON Web Key Set, which verifies Google ID tokens (cached)",
  }),
  facebookGraphUrl: text({
    env: 'FACEBOOK_GRAPH_URL',
    default: 'https://graph.facebook.com',
    doc: 'Facebook Graph API base URL',
  }),
  facebookGraphVersion: text({
    env: 'FACEBOOK_GRAPH_VERSION',
    default: 'v21.0',
    doc: 'Facebook Graph API version in request paths',
  }),
  facebookAppId: optionalText({
    env: 'FACEBOOK_APP_ID',
    doc: 'Our Facebook app id; with FACEBOOK_APP_SECRET, tokens issued to other apps are refused',
  }),
  facebookAppSecret: secretText({
    env: 'FACEBOOK_APP_SECRET',
    minLength: 1,
    doc: 'Our Facebook app secret (debug_token, appsecret_proof)',
  }),
} as const

export function checkSocial({ social }: Config, problems: string[]): void {
  checkPair(
    problems,
    ['FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET'],
    [social.facebookAppId, social.facebookAppSecret],
  )
  checkHttpUrls(
    problems,
    [
      ['GOOGLE_USERINFO_URL', social.googleUserinfoUrl],
      ['GOOGLE_TOKENINFO_URL', social.googleTokeninfoUrl],
      ['GOOGLE_JWKS_URL', social.googleJwksUrl],
      ['FACEBOOK_GRAPH_URL', social.facebookGraphUrl],
    ],
    URL.canParse,
  )
  if (!/^v\d+\.\d+$/.test(social.facebookGraphVersion)) {
    problems.push('FACEBOOK_GRAPH_VERSION: must look like v21.0')
  }
}

// A laptop may sign in with any provider token; in production each would let a stranger's token in.
export function checkSocialInProduction({ env, social }: Config, problems: string[]): void {
  if (env !== 'production') return
  if (social.facebookLoginEnabled && social.facebookAppId === undefined) {
    problems.push(
      'FACEBOOK_APP_ID, FACEBOOK_APP_SECRET: required when NODE_ENV=production (without them a token any Facebook app obtained signs its holder in): set both, or FACEBOOK_LOGIN_ENABLED=false',
    )
  }
  if (social.googleLoginEnabled && social.googleClientId === undefined) {
    problems.push(
      "GOOGLE_CLIENT_ID: required when NODE_ENV=production (without a client id a Google token issued to any site signs its holder in): set it (a coop's config googleClientId overrides it), or GOOGLE_LOGIN_ENABLED=false",
    )
  }
}
