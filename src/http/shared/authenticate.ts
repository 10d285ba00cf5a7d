import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type AuthenticateOptions, RefusedHolderError } from '../../core/access/access.service.ts'
import type { Actor, Credential } from '../../core/access/actor.ts'
import type { Core } from '../../core/core.ts'
import { AppError, isAppError } from '../../core/errors.ts'
import { singleHeader } from './credentials.ts'
import { clientOf } from './rate-limit.ts'
import { noteCaller } from './request-log.ts'

// One way for every surface to learn who calls. A surface registers the hook once with its
// credential places; a route says whether it needs a caller (`config: { auth: 'required' }`) or
// takes one when it comes (`'optional'`); the handler reads it with `actorOf(request)`.
//
// The users surface fits as follows (it keeps its own errors):
//   registerAccess(app, core, {
//     phase: 'preHandler',
//     token: [{ query: 'token' }, { header: 'x-access-token' }],
//     missing: () => new NoTokenError(),
//   })
// `?token=` wins over the header because it comes first; `?token=a&token=b` is invalid_token (a
// credential was sent and it is no token); no credential at all throws `missing`, the 403.

declare module 'fastify' {
  interface FastifyRequest {
    /** What the access hook made of the request's credential (null before it ran or when none came). */
    authJudgement: Judgement | null
  }
  interface FastifyContextConfig {
    /** 'required': the route runs only for a caller; 'optional': it reads one when a credential came. */
    auth?: AuthMode
    /** An API key (the surface's `apiKey` place) may stand in for an access token. */
    keys?: boolean
  }
}

export type AuthMode = 'required' | 'optional'

/** Where a surface's clients put their access token; the first place that has one wins. */
export type TokenPlace =
  /**
   * A header, sent once: as it is (`raw`, the default); after `Bearer ` exactly, any other value
   * being no token (`Bearer`); or with or without a `bearer` scheme in any case (`maybe-bearer`).
   */
  | { readonly header: string; readonly scheme?: 'raw' | 'Bearer' | 'maybe-bearer' }
  /** A query parameter; sent more than once it is a credential that is no token (invalid_token). */
  | { readonly query: string }

/** What the hook made of a credential: the caller, or a refusal left for the route to answer. */
export type Judgement = { readonly actor: Actor } | { readonly refusal: AppError }

export interface CredentialPlaces {
  /**
   * When the credential is judged: `preHandler` is after the body was parsed and checked, where
   * handlers used to authenticate; `onRequest` is before anything else (AMPnet's order). A required
   * route without a caller is refused in preHandler either way.
   */
  readonly phase: 'onRequest' | 'preHandler'
  readonly token: readonly TokenPlace[]
  /** The header of an API key, on routes with `keys: true`; read only when no token came. */
  readonly apiKey?: { readonly header: string }
  /** What a required route throws when no credential came at all. */
  readonly missing: () => Error
  /** How a route that declares no `auth` is treated; default `skip` (no credential read). */
  readonly unmarked?: 'skip' | 'optional'
  /** A bad credential on an optional route: `ignore` it (default) or refuse the request. */
  readonly badOptional?: 'ignore' | 'refuse'
  /** Refusals a route answers in its own way (AMPnet: a user gone); others are thrown at once. */
  readonly defers?: (refusal: AppError) => boolean
  /** The core's options for this route (AMPnet: `admitsUnconfirmed`). */
  readonly options?: (request: FastifyRequest) => AuthenticateOptions
  /** The surface's own checks of a required route once judged (AMPnet: the privilege); may throw. */
  readonly admit?: (request: FastifyRequest, judgement: Judgement) => void
}

// A request decoration, not a WeakMap keyed by the request: a WeakMap entry per short-lived request
// cost about 0.9 µs (set, two gets and the collector's ephemeron work), measured in a loop.
const JUDGEMENT = 'authJudgement'

function tokenAt(request: FastifyRequest, place: TokenPlace): string | undefined {
  if ('query' in place) {
    const value = (request.query as Record<string, unknown> | undefined)?.[place.query]
    if (Array.isArray(value)) throw new AppError('invalid_token')
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
  if (place.scheme === 'Bearer') {
    const header = request.headers[place.header]
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined
    const token = header.slice('Bearer '.length).trim()
    return token === '' ? undefined : token
  }
  const value = singleHeader(request, place.header)
  if (value === undefined || place.scheme !== 'maybe-bearer') return value
  return /^bearer\s+(\S+)$/i.exec(value)?.[1] ?? value
}

function credentialOf(request: FastifyRequest, places: CredentialPlaces): Credential | undefined {
  for (const place of places.token) {
    const token = tokenAt(request, place)
    if (token !== undefined) return { kind: 'accessToken', token }
  }
  if (places.apiKey === undefined || request.routeOptions.config?.keys !== true) return undefined
  const key = singleHeader(request, places.apiKey.header)
  return key === undefined ? undefined : { kind: 'apiKey', key, client: clientOf(request) }
}

function modeOf(request: FastifyRequest, places: CredentialPlaces): AuthMode | undefined {
  const declared = request.routeOptions.config?.auth
  return declared ?? (places.unmarked === 'optional' ? 'optional' : undefined)
}

async function judge(core: Core, request: FastifyRequest, places: CredentialPlaces): Promise<void> {
  const mode = modeOf(request, places)
  if (mode === undefined) return
  try {
    const credential = credentialOf(request, places)
    if (credential === undefined) return
    const actor = await core.identity.access.authenticate(credential, places.options?.(request))
    noteCaller(request, { tenantId: actor.tenantId, userId: actor.user.id })
    request.authJudgement = { actor }
  } catch (error) {
    if (error instanceof RefusedHolderError) noteCaller(request, error.holder)
    if (mode === 'optional' && places.badOptional !== 'refuse') return
    if (isAppError(error) && places.defers?.(error) === true) {
      request.authJudgement = { refusal: error }
      return
    }
    throw error
  }
}

function admitRequired(request: FastifyRequest, places: CredentialPlaces): void {
  if (request.routeOptions.config?.auth !== 'required') return
  const judgement = request.authJudgement
  if (judgement == null) throw places.missing()
  if (places.admit !== undefined) places.admit(request, judgement)
  else if ('refusal' in judgement) throw judgement.refusal
}

/** Judges the credentials of this surface's routes (and its child scopes') as `places` says. */
export function registerAccess(app: FastifyInstance, core: Core, documented: CredentialPlaces): void {
  const places = withLowerCaseHeaders(documented)
  if (!app.hasRequestDecorator(JUDGEMENT)) app.decorateRequest(JUDGEMENT, null)
  if (places.phase === 'onRequest') {
    app.addHook('onRequest', (request) => judge(core, request, places))
    app.addHook('preHandler', async (request) => admitRequired(request, places))
    return
  }
  app.addHook('preHandler', async (request) => {
    await judge(core, request, places)
    admitRequired(request, places)
  })
}

/** Node lower-cases the headers it received; a place spells its header as the API documents it. */
function withLowerCaseHeaders(places: CredentialPlaces): CredentialPlaces {
  const lower = (place: TokenPlace): TokenPlace =>
    'header' in place ? { ...place, header: place.header.toLowerCase() } : place
  return {
    ...places,
    token: places.token.map(lower),
    ...(places.apiKey && { apiKey: { header: places.apiKey.header.toLowerCase() } }),
  }
}

/** The caller of a required route (or an optional one's, when it came). */
export function actorOf(request: FastifyRequest): Actor {
  const actor = optionalActorOf(request)
  // A bug, not a client's fault: the route reads a caller without declaring `auth: 'required'`.
  if (actor === undefined) throw new Error(`no caller on ${request.routeOptions.url}`)
  return actor
}

/** The caller of an optional route, when a good credential came. */
export function optionalActorOf(request: FastifyRequest): Actor | undefined {
  const judgement = request.authJudgement
  return judgement != null && 'actor' in judgement ? judgement.actor : undefined
}

/** The refusal a route answers itself (the surface's `defers`), when the credential met one. */
export function refusalOf(request: FastifyRequest): AppError | undefined {
  const judgement = request.authJudgement
  return judgement != null && 'refusal' in judgement ? judgement.refusal : undefined
}
