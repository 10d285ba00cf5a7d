import { ampnetEnv } from './ampnet-client.ts'
import type { TestDialect } from './databases.ts'
import { FACEBOOK_VERSION, type FakeFacebook, startFakeFacebook } from './facebook-fake.ts'
import { type FakeGoogle, startFakeGoogle } from './google-fake.ts'
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts'
import { createTestApp, type TestApp } from './test-app.ts'

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

export interface SocialWorld {
  readonly app: TestApp
  readonly sink: SmtpSink
  readonly google: FakeGoogle
  readonly facebook: FakeFacebook
  close(): Promise<void>
}

/** An AMPnet Latchkey wired to a fresh SMTP sink and to fake Google and Facebook. */
export async function startSocialWorld(dialect: TestDialect): Promise<SocialWorld> {
  const sink = await startSmtpSink()
  const google = await startFakeGoogle()
  const facebook = await startFakeFacebook()
  const app = await createTestApp({ dialect, env: ampnetEnv(sink, socialEnv(google, facebook)) })
  return {
    app,
    sink,
    google,
    facebook,
    async close() {
      await app.close()
      await sink.close()
      await google.close()
      await facebook.close()
    },
  }
}
