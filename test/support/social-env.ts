import { ampnetEnv } from './ampnet-client.ts'
import type { TestDialect } from './databases.ts'
import { FACEBOOK_VERSION, type FakeFacebook, startFakeFacebook } from './facebook-fake.ts'
import { type FakeGoogle, startFakeGoogle } from './google-fake.ts'
import { useFake, useTestApp } from './suite.ts'

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

type Env = Record<string, string>

/**
 * An AMPnet Latchkey for the enclosing suite, wired to an SMTP sink and to fake Google and Facebook;
 * `extra` is a function when it names a fake started by the suite.
 */
export function useSocialApp(dialect: TestDialect, extra: Env | (() => Env) = {}) {
  const google = useFake('the fake Google', startFakeGoogle)
  const facebook = useFake('the fake Facebook', startFakeFacebook)
  const fixture = useTestApp(dialect, {
    mail: true,
    env: (sink) =>
      ampnetEnv(sink, { ...socialEnv(google, facebook), ...(typeof extra === 'function' ? extra() : extra) }),
  })
  return { ...fixture, google, facebook }
}
