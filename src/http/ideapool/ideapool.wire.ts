import { createHash } from 'node:crypto'
import Type from 'typebox'
import type { SignedIn, TokenPolicy } from '../../core/auth/auth.ts'
import { averageScore, type Idea } from '../../core/idea/idea.ts'
import { BoundedMap } from '../../core/shared/bounded-map.ts'
import { normalizeEmail, type User } from '../../core/user/user.ts'
import type { SurfaceOptions } from '../shared/surface.ts'

export interface IdeapoolSettings {
  readonly accessTtlSeconds: number
  readonly refreshTtlSeconds: number
  /** Set when `GET /me` shares its path with the AMPnet API (see shared/me-credential.ts). */
  readonly meConstraints?: Readonly<Record<string, string>> | undefined
}

export type IdeapoolDeps = SurfaceOptions<IdeapoolSettings>

export function tokenPolicy(settings: IdeapoolSettings): TokenPolicy {
  return {
    surface: 'ideapool',
    accessTtlSeconds: settings.accessTtlSeconds,
    refreshTtlSeconds: settings.refreshTtlSeconds,
    // The reference's tokens carried these; clients may decode them to show who is signed in.
    claims: { map: (user) => ({ id: user.id, email: user.email, name: user.displayName }) },
  }
}

// Every `GET /me` shows the avatar: the hash of an address is made once, not on each request.
const avatars = new BoundedMap<string, string>(10_000)

export function gravatarUrl(email: string): string {
  let url = avatars.get(email)
  if (url === undefined) {
    const hash = createHash('md5').update(normalizeEmail(email)).digest('hex')
    url = `https://www.gravatar.com/avatar/${hash}?d=mm&s=200`
    avatars.set(email, url)
  }
  return url
}

// Property order is wire order: the response schemas serialize the bodies. Their numbers are
// `number`, not `integer`, which fast-json-stringify would round: the bytes stay JSON.stringify's.
// The input schemas only document the request; ideapool.params.ts binds it.

export const signUpBody = Type.Object({
  email: Type.String(),
  name: Type.String(),
  password: Type.String({ description: '8+ characters: upper, lower, digit' }),
})

export const credentialsBody = Type.Object({ email: Type.String(), password: Type.String() })

export const refreshBody = Type.Object({ refresh_token: Type.String() })

const score = Type.Integer({ minimum: 1, maximum: 10 })

export const ideaInput = Type.Object({
  content: Type.String({ minLength: 1, maxLength: 255 }),
  impact: score,
  ease: score,
  confidence: score,
})

export const ideaParams = Type.Object({ id: Type.String({ description: 'The idea id' }) })

export const pageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'Page number from 1 (default 1)' })),
})

export const tokensBody = (description: string) =>
  Type.Object(
    {
      jwt: Type.String({ description: 'Access token, 10 minutes' }),
      refresh_token: Type.String({ description: 'Opaque refresh token' }),
    },
    { description },
  )

/** The tokens of a session just opened. */
export const tokensOf = (signedIn: SignedIn): Type.Static<ReturnType<typeof tokensBody>> => ({
  jwt: signedIn.accessToken,
  refresh_token: signedIn.refreshToken,
})

export const awaitsConfirmationBody = Type.Object(
  { message: Type.String() },
  { description: 'Signed up; the coop wants confirmed addresses, so no token until the mailed link is used' },
)

export const refreshedBody = Type.Object({ jwt: Type.String() }, { description: 'A new access token' })

export const meSchema = Type.Object(
  { email: Type.String(), name: Type.String(), avatar_url: Type.String({ description: 'Gravatar URL' }) },
  { description: 'The user' },
)

const ideaProperties = {
  id: Type.String(),
  content: Type.String(),
  impact: Type.Number(),
  ease: Type.Number(),
  confidence: Type.Number(),
  average_score: Type.Number(),
  created_at: Type.Number({ description: 'Unix seconds' }),
}

export const ideaSchema = Type.Object(ideaProperties, { description: 'The idea' })

/** `GET /ideas`'s 200 body: ideaBody's fields, in its order. */
export const ideaListSchema = Type.Array(Type.Object(ideaProperties), { description: 'Up to 10 ideas' })

/** An empty body (204). */
export const noContent = (description: string) => Type.Null({ description })

/** Idea Pool's error body, whatever the failure. */
export const failureBody = Type.Object({ reason: Type.String() })

export function meBody(user: User): Type.Static<typeof meSchema> {
  return { email: user.email, name: user.displayName, avatar_url: gravatarUrl(user.email) }
}

export function ideaBody(idea: Idea): Type.Static<typeof ideaSchema> {
  return {
    id: idea.id,
    content: idea.content,
    impact: idea.impact,
    ease: idea.ease,
    confidence: idea.confidence,
    average_score: averageScore(idea),
    created_at: Math.floor(idea.createdAt.getTime() / 1000),
  }
}
