import type { FakeFacebook } from './facebook-fake.ts'
import { FACEBOOK_VERSION } from './facebook-fake.ts'
import type { FakeGoogle } from './google-fake.ts'

/** Settings that point Latchkey's social login at the fakes. */
export function socialEnv(google: FakeGoogle, facebook: FakeFacebook): Record<string, string> {
  return {
    GOOGLE_USERINFO_URL: google.userinfoUrl,
    GOOGLE_JWKS_URL: google.jwksUrl,
    GOOGLE_TOKENINFO_URL: google.tokeninfoUrl,
    FACEBOOK_GRAPH_URL: facebook.url,
    FACEBOOK_GRAPH_VERSION: FACEBOOK_VERSION,
  }
}

export function socialSignUpBody(method: 'GOOGLE' | 'FACEBOOK', token: string, coop?: string) {
  return {
    signup_method: method,
    user_info: { token },
    ...(coop !== undefined && { coop }),
    re_captcha_token: 'token',
  }
}

export function socialLoginBody(method: 'GOOGLE' | 'FACEBOOK', token: string, coop?: string) {
  return { login_method: method, credentials: { token }, ...(coop !== undefined && { coop }) }
}
