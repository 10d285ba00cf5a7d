import { createHmac } from 'node:crypto'
import { getJson, objectOf, type ProviderReply } from './provider-fetch.ts'
import { profileFrom, type SocialProfile, socialFailure } from './social-login.ts'

const REFUSED = 'Not authorized to get data from Facebook'
const FAILED = 'Cannot access Facebook user class'
const NO_EMAIL = 'Facebook did not share an email address'

export interface FacebookSettings {
  readonly graphUrl: string
  readonly graphVersion: string
  readonly appId: string | undefined
  readonly appSecret: string | undefined
  readonly timeoutMs: number
}

export interface FacebookVerifier {
  /**
   * The person behind a Facebook user access token, checked to be ours when an app is configured.
   * @throws {AppError} social_login_failed
   */
  profileOf(token: string): Promise<SocialProfile>
}

// The Graph API refuses a bad token with a 4xx and an `error` object (OAuthException); anything
// else that is not a 200 object is Facebook failing, not the user.
function judge(reply: ProviderReply): Record<string, unknown> {
  const body = objectOf(reply.json)
  if (reply.status >= 400 && reply.status < 500 && objectOf(body?.error) !== undefined) {
    throw socialFailure(REFUSED)
  }
  if (reply.status !== 200 || body === undefined) throw socialFailure(FAILED)
  return body
}

export function createFacebookVerifier(settings: FacebookSettings): FacebookVerifier {
  const base = `${settings.graphUrl.replace(/\/+$/, '')}/${settings.graphVersion}`
  const app =
    settings.appId !== undefined && settings.appSecret !== undefined
      ? { id: settings.appId, secret: settings.appSecret }
      : undefined
  const get = async (path: string, query: Record<string, string>, headers: Record<string, string>) => {
    const url = new URL(`${base}/${path}`)
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
    return judge(await getJson(url, headers, settings.timeoutMs, (cause) => socialFailure(FAILED, cause)))
  }

  /** A token issued to another app would let that app's users (or that app) sign in as them. */
  async function assertOurs(token: string, ourApp: { id: string; secret: string }): Promise<void> {
    const body = await get(
      'debug_token',
      { input_token: token },
      { authorization: `Bearer ${ourApp.id}|${ourApp.secret}` },
    )
    const data = objectOf(body.data)
    if (data?.is_valid !== true || String(data.app_id) !== ourApp.id) throw socialFailure(REFUSED)
  }

  return {
    async profileOf(token) {
      if (app !== undefined) await assertOurs(token, app)
      // appsecret_proof lets the app require that calls come from its server (Facebook's advice).
      const proof =
        app === undefined
          ? {}
          : { appsecret_proof: createHmac('sha256', app.secret).update(token).digest('hex') }
      const me = await get(
        'me',
        { fields: 'id,email,first_name,last_name', ...proof },
        { authorization: `Bearer ${token}` },
      )
      return profileFrom(
        'FACEBOOK',
        { email: me.email, givenName: me.first_name, familyName: me.last_name },
        NO_EMAIL,
      )
    },
  }
}
