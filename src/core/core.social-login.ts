import type { AbuseGuard } from './abuse/abuse-guard.ts'
import type { AuditRecorder } from './audit/audit.service.ts'
import type { AuthService } from './auth/auth.service.ts'
import type { CoreShared } from './core.shared.ts'
import { createFacebookVerifier } from './social-login/facebook.ts'
import { createGoogleVerifier } from './social-login/google.ts'
import { createSocialLoginService } from './social-login/social-login.service.ts'
import type { TenantService } from './tenant/tenant.service.ts'

/** Google and Facebook sign-up and sign-in, with the providers and endpoints the config names. */
export function createSocialLogin(
  { db, config, clock }: CoreShared,
  deps: {
    tenants: TenantService
    auth: AuthService
    firstAccountIsAdmin: (tenantId: string) => boolean
    audit: AuditRecorder
    abuse: AbuseGuard
  },
) {
  const { social } = config
  return createSocialLoginService({
    db,
    clock,
    ...deps,
    enabledProviders: [
      ...(social.googleLoginEnabled ? (['GOOGLE'] as const) : []),
      ...(social.facebookLoginEnabled ? (['FACEBOOK'] as const) : []),
    ],
    googleClientId: social.googleClientId,
    google: createGoogleVerifier(
      {
        userinfoUrl: social.googleUserinfoUrl,
        tokeninfoUrl: social.googleTokeninfoUrl,
        jwksUrl: social.googleJwksUrl,
        timeoutMs: social.timeoutMs,
      },
      clock,
    ),
    facebook: createFacebookVerifier({
      graphUrl: social.facebookGraphUrl,
      graphVersion: social.facebookGraphVersion,
      appId: social.facebookAppId,
      appSecret: social.facebookAppSecret,
      timeoutMs: social.timeoutMs,
    }),
  })
}
