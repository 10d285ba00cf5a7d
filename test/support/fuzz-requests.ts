import fc from 'fast-check'
import type { CatalogueRoute } from './route-catalogue.ts'

// Generated requests for the fuzz suite: every part of a request an attacker controls, sometimes
// junk, sometimes plausible enough (known field names, a valid credential) to get past the first check.

/** A credential slot: junk text, or a placeholder the suite replaces by a live credential at send time. */
export type Credential =
  | { readonly junk: string }
  | { readonly valid: 'jwt' | 'api-key' | 'jwt-of-other-user' }

export interface FuzzRequest {
  readonly route: CatalogueRoute
  readonly params: readonly string[]
  readonly query: readonly (readonly [string, string])[]
  readonly headers: Readonly<Record<string, string>>
  readonly credentials: Readonly<Record<string, Credential>>
  readonly body:
    | { readonly contentType: string | undefined; readonly payload: string | Uint8Array }
    | undefined
}

// The field names of the four surfaces' requests (docs/api/*.md), so objects reach field validation.
const FIELDS = [
  'email',
  'password',
  'name',
  'content',
  'impact',
  'ease',
  'confidence',
  'refresh_token',
  'username',
  'old_password',
  'new_password',
  'newPassword',
  'oldPassword',
  'token',
  'signup_method',
  'user_info',
  'login_method',
  'credentials',
  'coop',
  're_captcha_token',
  'language',
  'iban',
  'bank_code',
  'alias',
  'role',
  'first_name',
  'last_name',
  'identifier',
  'hostname',
  'config',
  'key',
  'id',
  'page',
  'size',
] as const

const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uFEFF',
    '../../etc/passwd',
    "' or 1=1 --",
    '%00',
    '%',
  ),
  fc.constantFrom(
    'fuzz@example.com',
    'FUZZ@Example.com ',
    'Password1',
    'abcdefgh',
    'EMAIL',
    'GOOGLE',
    'FACEBOOK',
  ),
  fc.constantFrom(
    'ampnet',
    'ADMIN',
    'PLATFORM_ADMIN',
    'USER',
    '1',
    '-1',
    '0',
    '1e309',
    'NaN',
    'true',
    'null',
  ),
  fc.integer({ min: 1_000, max: 70_000 }).map((length) => 'x'.repeat(length)),
  fc.uuid(),
)

const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 2 },
  { arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), nastyString, { maxKeys: 4 }), weight: 1 },
  { arbitrary: fc.constantFrom(0, -1, 1, 10, 2 ** 53, 1.5, Number.MAX_VALUE, true, false, null), weight: 1 },
)

const jsonText = fc
  .oneof(
    { arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 8 }), weight: 5 },
    { arbitrary: fc.jsonValue(), weight: 2 },
    { arbitrary: fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 1 })), weight: 1 },
  )
  .map((value) => JSON.stringify(value))

const notJson = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '{"email":',
    '[1,',
    'nul',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{}}}',
    '{}}',
  ),
  fc.uint8Array({ maxLength: 512 }),
)

const BOUNDARY = 'fuzzboundary'
const multipart = fc
  .array(
    fc.record({
      name: fc.constantFrom('request', 'logo', 'banner', 'other'),
      file: fc.boolean(),
      text: fc.oneof(jsonText, nastyString),
    }),
    { maxLength: 4 },
  )
  .map((parts) =>
    parts
      .map(({ name, file, text }) => {
        const disposition = file
          ? `form-data; name="${name}"; filename="${name}.png"`
          : `form-data; name="${name}"`
        const type = file ? 'Content-Type: image/png\r\n' : ''
        return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n${text}\r\n`
      })
      .join('')
      .concat(`--${BOUNDARY}--\r\n`),
  )

const body = fc.oneof(
  { arbitrary: jsonText.map((payload) => ({ contentType: 'application/json', payload })), weight: 6 },
  { arbitrary: notJson.map((payload) => ({ contentType: 'application/json', payload })), weight: 2 },
  {
    arbitrary: fc.record({
      contentType: fc.constantFrom(
        undefined,
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-16',
        'application/xml',
        'multipart/form-data',
      ),
      payload: fc.oneof(jsonText, notJson),
    }),
    weight: 2,
  },
  {
    arbitrary: multipart.map((payload) => ({
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      payload,
    })),
    weight: 2,
  },
)

const junkCredential = fc.oneof(
  nastyString,
  fc.constantFrom(
    'Bearer ',
    'Bearer',
    'bearer x.y.z',
    'Basic dXNlcjpwYXNz',
    'Bearer eyJhbGciOiJub25lIn0.e30.',
  ),
  fc.base64String().map((text) => `Bearer ${text}`),
)

const credential: fc.Arbitrary<Credential> = fc.oneof(
  { arbitrary: junkCredential.map((junk) => ({ junk })), weight: 2 },
  {
    arbitrary: fc.constantFrom('jwt', 'api-key', 'jwt-of-other-user').map((valid) => ({ valid })),
    weight: 3,
  },
) as fc.Arbitrary<Credential>

const QUERY_KEYS = ['page', 'size', 'token', 'email', 'role', 'm', 'd', 'coop', 'sort', 'id', 'q'] as const

/** A request to `route`; `ids` are real ids (users, ideas) that path parameters sometimes take. */
export function fuzzRequest(route: CatalogueRoute, ids: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const paramCount = route.url.split('/').filter((segment) => segment.startsWith(':')).length
  const param = fc.oneof(nastyString, fc.constantFrom(...ids, 'ampnet', '1', 'logo.png'))
  return fc.record({
    route: fc.constant(route),
    params: fc.array(param, { minLength: paramCount, maxLength: paramCount }),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string()), nastyString), {
      maxLength: 4,
    }),
    headers: fc.dictionary(
      fc.constantFrom('accept-language', 'x-forwarded-for', 'cache-control', 'x-requested-with', 'accept'),
      fc.string({ maxLength: 64 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
      { maxKeys: 2 },
    ),
    credentials: fc.dictionary(
      fc.constantFrom(
        'authorization',
        'x-access-token',
        'x-authorization',
        'x-auth-client',
        'x-hmac-signature',
        'x-signature',
        'secret-key',
        'signature',
      ),
      credential,
      { maxKeys: 3 },
    ),
    body: ['GET', 'HEAD'].includes(route.method)
      ? fc.constant(undefined)
      : fc.option(body, { nil: undefined }),
  })
}

// A lone surrogate has no UTF-8 form: a client sends U+FFFD at best.
const encode = (text: string) => encodeURIComponent(text.toWellFormed())

/** The URL: parameters put in the pattern percent-encoded, the query appended likewise. */
export function urlOf(request: FuzzRequest): string {
  let index = 0
  const path = request.route.url.replace(/:[^/]+/g, () => encode(request.params[index++] ?? ''))
  if (request.query.length === 0) return path
  return `${path}?${request.query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')}`
}
