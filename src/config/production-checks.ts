import type { Config } from './config.ts'

// Settings a laptop may leave out but a production server must not: each would let a stranger's
// token in. Refused at start-up with the other config problems, naming what to set or switch off.
export function checkProduction(config: Config, problems: string[]): void {
  if (config.env !== 'production') return
  const { social } = config
  if (config.server.publicUrl === undefined && config.tokens.issuer === undefined) {
    problems.push(
      'PUBLIC_URL: required when NODE_ENV=production (tokens would name http://localhost:PORT as their issuer, which differs by port and instance): set PUBLIC_URL to the public base URL, or JWT_ISSUER',
    )
  }
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
