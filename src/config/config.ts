import { createPrivateKey, createPublicKey } from 'node:crypto'
import {
  decimal,
  type Field,
  flag,
  integer,
  oneOf,
  optionalText,
  pathPrefix,
  rateLimit,
  secretText,
  text,
  trustProxy,
} from './fields.ts'
import { checkProduction } from './production-checks.ts'

const DAY_SECONDS = 86_400

// Every setting Latchkey reads, grouped as the code uses them. Defaults serve a newcomer's
// `npm start`: SQLite under ./data, port 3000, every surface at `/`.
export const configSchema = {
  env: oneOf(
    'NODE_ENV',
    ['development', 'production', 'test'],
    'development',
    'Run mode; production refuses to start without SECRET_KEY',
  ),
  server: {
    port: integer('PORT', 3000, 'TCP port the HTTP server listens on', 0, 65_535),
    host: text('HOST', '0.0.0.0', 'Interface the HTTP server binds to'),
    publicUrl: optionalText('PUBLIC_URL', 'Public base URL of this server (default http://localhost:PORT)'),
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1_048_576, 'Largest accepted request body in bytes', 1024),
    corsOrigins: text(
      'CORS_ORIGINS',
      '*',
      'Comma-separated origins allowed by CORS, or * for any (never with credentials)',
    ),
    requestTimeoutSeconds: integer(
      'REQUEST_TIMEOUT_SECONDS',
      30,
      'Longest time to receive a whole request, headers and body; a slower client gets 408 and is cut off',
      1,
      3600,
    ),
    headersTimeoutSeconds: integer(
      'HEADERS_TIMEOUT_SECONDS',
      10,
      "Longest time to receive a request's headers (at most REQUEST_TIMEOUT_SECONDS); slower: 408",
      1,
      3600,
    ),
    keepAliveTimeoutSeconds: integer(
      'KEEP_ALIVE_TIMEOUT_SECONDS',
      72,
      'How long an idle keep-alive connection stays open (keep it above your load balancer idle timeout)',
      1,
      3600,
    ),
    idleTimeoutSeconds: integer(
      'IDLE_TIMEOUT_SECONDS',
      120,
      'A connection with no traffic either way for this long is closed (e.g. a client that stops reading)',
      1,
      3600,
    ),
    shutdownGraceSeconds: integer(
      'SHUTDOWN_GRACE_SECONDS',
      1,
      'On SIGTERM, seconds /ready answers 503 before the server stops accepting (let the load balancer notice)',
      0,
      300,
    ),
    shutdownTimeoutSeconds: integer(
      'SHUTDOWN_TIMEOUT_SECONDS',
      15,
      'On SIGTERM, longest wait for in-flight requests and the outbox before exiting anyway',
      1,
      600,
    ),
  },
  log: {
    level: oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
      'Lowest level of log lines written to standard output',
    ),
  },
  observability: {
    metricsEnabled: flag('METRICS_ENABLED', true, 'Serve Prometheus metrics at GET /metrics'),
    metricsToken: secretText(
      'METRICS_TOKEN',
      'Bearer token GET /metrics requires (unset: /metrics is open; keep it off the public network)',
      16,
    ),
    metricsGaugeSeconds: integer(
      'METRICS_GAUGE_SECONDS',
      10,
      'How long a scrape reuses the database gauges (open sessions, outbox backlog); 0: query on every scrape',
      0,
      3600,
    ),
    docsEnabled: flag(
      'DOCS_ENABLED',
      true,
      'Serve the OpenAPI documents at /openapi/<surface>.json and the API explorer at /docs',
    ),
  },
  storage: {
    dataDir: text(
      'DATA_DIR',
      './data',
      'Directory for the SQLite database and the generated development key',
    ),
    databaseUrl: optionalText(
      'DATABASE_URL',
      'postgres://… to use PostgreSQL; unset uses SQLite in DATA_DIR',
    ),
    poolSize: integer('DATABASE_POOL_SIZE', 10, 'Connections per instance to PostgreSQL', 1, 1000),
    redisUrl: optionalText(
      'REDIS_URL',
      'redis://… shared by all instances: ended sessions reach every instance at once (else PostgreSQL LISTEN/NOTIFY)',
    ),
  },
  secrets: {
    secretKey: secretText('SECRET_KEY', 'Master key (32+ characters) that encrypts secrets at rest', 32),
  },
  tokens: {
    algorithm: oneOf(
      'JWT_ALGORITHM',
      ['ES256', 'RS256', 'EdDSA'],
      'ES256',
      'Signing algorithm of access tokens',
    ),
    issuer: optionalText('JWT_ISSUER', 'The iss claim of access tokens (default PUBLIC_URL)'),
    keyRotationDays: integer(
      'JWT_KEY_ROTATION_DAYS',
      90,
      'Age in days after which a new signing key is made at start-up (0: never)',
    ),
    keyPublishSeconds: integer(
      'JWT_KEY_PUBLISH_SECONDS',
      300,
      'Seconds a new signing key is published in the JWKS before it signs (covers JWKS caches)',
      0,
      86_400,
    ),
    revocationSyncSeconds: integer(
      'REVOCATION_SYNC_SECONDS',
      5,
      'How often ended sessions are reloaded from the database',
      1,
      3600,
    ),
  },
  passwords: {
    argon2MemoryKib: integer(
      'ARGON2_MEMORY_KIB',
      19_456,
      'Argon2id memory cost in KiB (OWASP minimum 19456)',
      8,
    ),
    argon2Iterations: integer('ARGON2_ITERATIONS', 2, 'Argon2id time cost (OWASP minimum 2)', 1, 100),
    argon2Parallelism: integer('ARGON2_PARALLELISM', 1, 'Argon2id parallelism', 1, 16),
    concurrency: integer(
      'ARGON2_CONCURRENCY',
      0,
      'Most password hashes/verifications running at once (0: one per core, os.availableParallelism())',
      0,
      1024,
    ),
    queueLimit: integer(
      'ARGON2_QUEUE_LIMIT',
      100,
      'Most password hashes waiting for a free slot; beyond it requests get 503 with Retry-After',
      0,
      100_000,
    ),
    failureMinimumMs: integer(
      'PASSWORD_FAILURE_MIN_MS',
      0,
      'Least time a failed password check or unknown account takes; failures also wait for the slowest hash kind met (imported bcrypt)',
      0,
      10_000,
    ),
    breachedUrl: optionalText(
      'BREACHED_PASSWORDS_URL',
      'k-anonymity range API refusing breached passwords (e.g. https://api.pwnedpasswords.com); unset: off',
    ),
    breachedTimeoutMs: integer(
      'BREACHED_PASSWORDS_TIMEOUT_MS',
      2_000,
      'Longest wait in ms for the breached-password range API',
      100,
      60_000,
    ),
    breachedFailOpen: flag(
      'BREACHED_PASSWORDS_FAIL_OPEN',
      true,
      'Accept the password when the range API cannot answer (false: refuse with a 503-like error)',
    ),
    breachedCacheSeconds: integer(
      'BREACHED_PASSWORDS_CACHE_SECONDS',
      3_600,
      'How long a range answer is cached per SHA-1 prefix (0: not cached)',
      0,
      7 * DAY_SECONDS,
    ),
    breachedCacheEntries: integer(
      'BREACHED_PASSWORDS_CACHE_ENTRIES',
      1_000,
      'Most SHA-1 prefixes cached at once (about 30 KB each); the oldest is dropped first',
      0,
      100_000,
    ),
  },
  abuse: {
    enabled: flag('RATE_LIMITS_ENABLED', true, 'Rate limits and sign-in lockout (false: neither is applied)'),
    trustProxy: trustProxy(
      'TRUST_PROXY',
      'Use X-Forwarded-For for the client IP: false, true, a hop count, or comma-separated proxy IPs/CIDRs',
    ),
    redisPrefix: text(
      'RATE_LIMIT_REDIS_PREFIX',
      'latchkey:rl:',
      'Prefix of the rate-limit and lockout counters in Redis (when REDIS_URL is set)',
    ),
    memoryEntries: integer(
      'RATE_LIMIT_MEMORY_ENTRIES',
      100_000,
      'Most counters kept in memory without Redis; the oldest go first when full',
      100,
      10_000_000,
    ),
    signIn: rateLimit(
      'RATE_LIMIT_SIGN_IN',
      '30/60',
      'Sign-in attempts per client IP (every surface, password and social), as COUNT/SECONDS',
    ),
    signInFailures: rateLimit(
      'RATE_LIMIT_SIGN_IN_FAILURES',
      '20/3600',
      'Failed password sign-ins per client IP; past it the IP is refused and feeds no lockout',
    ),
    signUp: rateLimit('RATE_LIMIT_SIGN_UP', '10/3600', 'Sign-ups per client IP'),
    refresh: rateLimit('RATE_LIMIT_REFRESH', '120/60', 'Token refreshes per client IP'),
    passwordReset: rateLimit(
      'RATE_LIMIT_PASSWORD_RESET',
      '10/3600',
      'Forgot-password requests and resets per client IP',
    ),
    mailResend: rateLimit('RATE_LIMIT_MAIL_RESEND', '10/3600', 'Confirmation-mail resends per client IP'),
    accountMail: rateLimit(
      'RATE_LIMIT_ACCOUNT_MAIL',
      '5/3600',
      'Sign-ups, forgot-password requests and resends per account (email in its tenant)',
    ),
    apiKeyFailures: rateLimit(
      'RATE_LIMIT_API_KEY_FAILURES',
      '30/60',
      'Failed API-key checks per client IP (valid keys are not counted)',
    ),
    oidcTokenFailures: rateLimit(
      'RATE_LIMIT_OIDC_TOKEN_FAILURES',
      '30/60',
      'Refused OIDC token, introspection and revocation requests per client IP (a wrong client secret, code or refresh token); successes are not counted',
    ),
    webhook: rateLimit('RATE_LIMIT_WEBHOOK', '300/60', 'KYC webhook calls (Veriff, Identyum) per client IP'),
    coopCreation: rateLimit(
      'RATE_LIMIT_COOP_CREATION',
      '5/86400',
      "Requests to AMPnet's public POST /coop per client IP, counted before the body is read",
    ),
    lockoutThreshold: integer(
      'LOCKOUT_THRESHOLD',
      10,
      'Failed sign-ins for one account within LOCKOUT_WINDOW_SECONDS that lock it (0: no lockout)',
      0,
      1000,
    ),
    lockoutWindowSeconds: integer(
      'LOCKOUT_WINDOW_SECONDS',
      900,
      'Window in which failed sign-ins for one account are counted',
      1,
      7 * DAY_SECONDS,
    ),
    lockoutBaseSeconds: integer(
      'LOCKOUT_BASE_SECONDS',
      60,
      'First lock period; each further lock within LOCKOUT_ESCALATION_SECONDS doubles it',
      1,
      DAY_SECONDS,
    ),
    lockoutMaxSeconds: integer('LOCKOUT_MAX_SECONDS', 900, 'Longest lock period', 1, DAY_SECONDS),
    lockoutEscalationSeconds: integer(
      'LOCKOUT_ESCALATION_SECONDS',
      3600,
      'How long earlier locks of an account count towards doubling the next one',
      1,
      7 * DAY_SECONDS,
    ),
  },
  tenants: {
    defaultIdentifier: text(
      'AMPNET_DEFAULT_COOP',
      'ampnet',
      'Identifier of the default tenant (AMPnet default coop)',
    ),
    firstAccountIsAdmin: flag(
      'AMPNET_FIRST_ADMIN',
      true,
      'Make the first account of each coop its ADMIN, except in the default coop (the operator makes that ADMIN)',
    ),
    // Off by default (#13): POST /coop is anonymous, and each coop and its images are kept for ever.
    creationEnabled: flag(
      'AMPNET_COOP_CREATION',
      false,
      "Let anyone create a coop (tenant) through AMPnet's public POST /coop (turn RECAPTCHA_ENABLED on with it)",
    ),
    coopImageMaxBytes: integer(
      'AMPNET_COOP_IMAGE_MAX_BYTES',
      2_097_152,
      'Largest coop logo or banner accepted by POST and PUT /coop, in bytes (at most 10 MB)',
      1024,
      10_485_760,
    ),
  },
  ideapool: {
    enabled: flag('IDEAPOOL_ENABLED', true, 'Serve the Idea Pool API'),
    prefix: pathPrefix('IDEAPOOL_PREFIX', 'Path prefix of the Idea Pool API (default: none)'),
    accessTtlSeconds: integer('IDEAPOOL_ACCESS_TTL_SECONDS', 600, 'Idea Pool access token lifetime', 1),
    refreshTtlSeconds: integer(
      'IDEAPOOL_REFRESH_TTL_SECONDS',
      30 * DAY_SECONDS,
      'Idea Pool refresh token lifetime since last use',
      60,
    ),
  },
  authheader: {
    enabled: flag('AUTHHEADER_ENABLED', true, 'Serve the username-login and API-key API (authheader)'),
    prefix: pathPrefix('AUTHHEADER_PREFIX', 'Path prefix of the authheader API (default: none)'),
    accessTtlSeconds: integer(
      'AUTHHEADER_ACCESS_TTL_SECONDS',
      3600,
      'authheader access token lifetime (login and renew)',
      1,
    ),
    apiKeyTtlDays: integer(
      'AUTHHEADER_API_KEY_TTL_DAYS',
      0,
      'Lifetime in days of new API keys (0: they never expire)',
      0,
      36_500,
    ),
  },
  users: {
    enabled: flag('USERS_ENABLED', true, 'Serve the users/login API with x-access-token (users)'),
    prefix: pathPrefix('USERS_PREFIX', 'Path prefix of the users API (default: none)'),
    accessTtlSeconds: integer('USERS_ACCESS_TTL_SECONDS', DAY_SECONDS, 'users access token lifetime', 1),
  },
  ampnet: {
    enabled: flag('AMPNET_ENABLED', true, 'Serve the AMPnet user-service API (ampnet)'),
    prefix: pathPrefix('AMPNET_PREFIX', 'Path prefix of the AMPnet API (default: none)'),
    accessTtlSeconds: integer('AMPNET_ACCESS_TTL_SECONDS', DAY_SECONDS, 'AMPnet access token lifetime', 1),
    refreshTtlSeconds: integer(
      'AMPNET_REFRESH_TTL_SECONDS',
      90 * DAY_SECONDS,
      'AMPnet refresh token lifetime from login (it does not slide)',
      60,
    ),
    mailConfirmation: flag(
      'AMPNET_MAIL_CONFIRMATION',
      true,
      'AMPnet e-mail sign-ups stay disabled until the address is confirmed by mail',
    ),
  },
  oidc: {
    enabled: flag('OIDC_ENABLED', true, 'Serve the OpenID Connect provider (sign-in and consent pages)'),
    prefix: pathPrefix(
      'OIDC_PREFIX',
      "Path of the default tenant's OpenID Connect issuer; other tenants at <prefix>/t/<identifier>",
      '/oidc',
    ),
    accessTtlSeconds: integer('OIDC_ACCESS_TTL_SECONDS', 3600, 'OIDC access token lifetime', 60),
    idTokenTtlSeconds: integer('OIDC_ID_TOKEN_TTL_SECONDS', 3600, 'OIDC ID token lifetime', 60),
    refreshTtlSeconds: integer(
      'OIDC_REFRESH_TTL_SECONDS',
      30 * DAY_SECONDS,
      'OIDC refresh token lifetime (each use rotates it; a reused one revokes the grant)',
      60,
    ),
    sessionTtlSeconds: integer(
      'OIDC_SESSION_TTL_SECONDS',
      14 * DAY_SECONDS,
      'How long a browser stays signed in to the OIDC provider',
      60,
    ),
    sweepSeconds: integer(
      'OIDC_SWEEP_SECONDS',
      600,
      'How often expired OIDC codes, tokens and sessions are deleted',
      10,
    ),
  },
  pages: {
    prefix: pathPrefix(
      'PAGES_PREFIX',
      'Path of the hosted pages (sign-up, confirm e-mail, forgot/reset password, signed-out)',
      '/account',
    ),
  },
  mfa: {
    issuer: text(
      'MFA_ISSUER',
      'Latchkey',
      'The name authenticator apps show beside a TOTP account (the otpauth URI issuer)',
    ),
  },
  recaptcha: {
    enabled: flag(
      'RECAPTCHA_ENABLED',
      false,
      'Check reCAPTCHA v3 tokens on AMPnet sign-up and coop creation',
    ),
    secret: secretText('RECAPTCHA_SECRET', 'reCAPTCHA secret key (required when RECAPTCHA_ENABLED)', 1),
    minScore: decimal('RECAPTCHA_MIN_SCORE', 0.5, 'Lowest reCAPTCHA v3 score that passes (0 to 1)', 0, 1),
    verifyUrl: text(
      'RECAPTCHA_VERIFY_URL',
      'https://www.google.com/recaptcha/api/siteverify',
      'The siteverify endpoint (a local one in tests)',
    ),
  },
  social: {
    googleLoginEnabled: flag(
      'GOOGLE_LOGIN_ENABLED',
      true,
      'Let AMPnet users sign up and in with a Google token (production requires GOOGLE_CLIENT_ID)',
    ),
    googleClientId: optionalText(
      'GOOGLE_CLIENT_ID',
      "Our Google OAuth client id: Google tokens must be issued to it (a coop's config googleClientId overrides it)",
    ),
    facebookLoginEnabled: flag(
      'FACEBOOK_LOGIN_ENABLED',
      true,
      'Let AMPnet users sign up and in with a Facebook token (production requires FACEBOOK_APP_ID/SECRET)',
    ),
    timeoutMs: integer(
      'SOCIAL_TIMEOUT_MS',
      10_000,
      'Longest wait in ms for any call to Google or Facebook during social sign-up and login',
      100,
      120_000,
    ),
    googleUserinfoUrl: text(
      'GOOGLE_USERINFO_URL',
      'https://www.googleapis.com/oauth2/v2/userinfo',
      "Google's OAuth2 userinfo endpoint, asked about Google access tokens",
    ),
    googleTokeninfoUrl: text(
      'GOOGLE_TOKENINFO_URL',
      'https://oauth2.googleapis.com/tokeninfo',
      "Google's tokeninfo endpoint: which client an access token was issued to (when the coop sets googleClientId)",
    ),
    googleJwksUrl: text(
      'GOOGLE_JWKS_URL',
      'https://www.googleapis.com/oauth2/v3/certs',
      "Google's JSON Web Key Set, which verifies Google ID tokens (cached)",
    ),
    facebookGraphUrl: text('FACEBOOK_GRAPH_URL', 'https://graph.facebook.com', 'Facebook Graph API base URL'),
    facebookGraphVersion: text(
      'FACEBOOK_GRAPH_VERSION',
      'v21.0',
      'Facebook Graph API version in request paths',
    ),
    facebookAppId: optionalText(
      'FACEBOOK_APP_ID',
      'Our Facebook app id; with FACEBOOK_APP_SECRET, tokens issued to other apps are refused',
    ),
    facebookAppSecret: secretText(
      'FACEBOOK_APP_SECRET',
      'Our Facebook app secret (debug_token, appsecret_proof)',
      1,
    ),
  },
  mail: {
    smtpUrl: optionalText(
      'SMTP_URL',
      'smtp://user:pass@host:port (smtps:// for implicit TLS); unset writes mails to the log (not in production)',
    ),
    from: text('MAIL_FROM', 'Latchkey <no-reply@localhost>', 'Sender address of the mails Latchkey sends'),
    baseUrl: optionalText(
      'MAIL_BASE_URL',
      'Base URL of an outside web app the mail links open, e.g. the AMPnet frontend (unset: the hosted pages on PUBLIC_URL)',
    ),
    pollSeconds: integer(
      'MAIL_POLL_SECONDS',
      5,
      'How often the mail outbox is checked for due mails',
      1,
      3600,
    ),
    claimSeconds: integer(
      'MAIL_CLAIM_SECONDS',
      60,
      'How long a worker holds a mail it is sending (mails of a crashed worker wait this long)',
      5,
      3600,
    ),
  },
  kyc: {
    timeoutMs: integer(
      'KYC_TIMEOUT_MS',
      10_000,
      'Longest wait in ms for any call to Veriff or Identyum',
      100,
      120_000,
    ),
    veriffBaseUrl: text('VERIFF_BASE_URL', 'https://stationapi.veriff.com', "Veriff's API base URL"),
    veriffApiKey: secretText(
      'VERIFF_API_KEY',
      'Veriff integration API key (X-AUTH-CLIENT); unset: no Veriff',
      1,
    ),
    veriffSecret: secretText('VERIFF_SECRET', "Veriff integration's shared secret key (signatures)", 1),
    identyumBaseUrl: optionalText('IDENTYUM_BASE_URL', "Identyum's API base URL; unset: no Identyum"),
    identyumUsername: optionalText('IDENTYUM_USERNAME', 'Identyum account username'),
    identyumPassword: secretText('IDENTYUM_PASSWORD', 'Identyum account password', 1),
    identyumPublicKey: optionalText(
      'IDENTYUM_PUBLIC_KEY',
      "Identyum's RSA public key (PEM; \\n for newlines) that signs its reports",
    ),
    identyumPrivateKey: secretText(
      'IDENTYUM_PRIVATE_KEY',
      'Our RSA private key (PEM; \\n for newlines) that unwraps the report key',
      1,
    ),
    identyumWebComponentUrl: optionalText(
      'IDENTYUM_WEB_COMPONENT_URL',
      "URL of Identyum's web component, handed to the browser",
    ),
    identyumInstance: text(
      'IDENTYUM_INSTANCE',
      'default',
      'This installation among those sharing an Identyum account (reports of others are ignored)',
    ),
  },
  webhooks: {
    pollSeconds: integer(
      'WEBHOOK_POLL_SECONDS',
      2,
      'How often due webhook deliveries are looked for',
      1,
      3600,
    ),
    timeoutMs: integer(
      'WEBHOOK_TIMEOUT_MS',
      10_000,
      'Longest wait in ms for a webhook receiver to answer; no answer is a failed attempt',
      100,
      120_000,
    ),
    maxAttempts: integer(
      'WEBHOOK_MAX_ATTEMPTS',
      10,
      'Attempts per webhook delivery, the first included, before it is marked failed',
      1,
      100,
    ),
    retryBaseSeconds: integer(
      'WEBHOOK_RETRY_BASE_SECONDS',
      30,
      'Wait before the first retry; it doubles with each retry (the upper half random)',
      1,
      86_400,
    ),
    retryMaxSeconds: integer(
      'WEBHOOK_RETRY_MAX_SECONDS',
      21_600,
      'Longest wait between two attempts of a webhook delivery',
      1,
      604_800,
    ),
    allowPrivateTargets: flag(
      'WEBHOOK_ALLOW_PRIVATE_TARGETS',
      false,
      'In production, let webhook URLs point at loopback and private addresses (always allowed outside production)',
    ),
  },
} as const

type Parsed<S> = S extends Field<infer T> ? T : { readonly [K in keyof S]: Parsed<S[K]> }
export type Config = Parsed<typeof configSchema>

export class ConfigError extends Error {
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`)
    this.problems = problems
  }
}

function isField(node: unknown): node is Field<unknown> {
  return typeof node === 'object' && node !== null && 'env' in node && 'parse' in node
}

/** Every field with its dotted path, in schema order: the basis of config docs and redaction. */
export function listFields(
  node: object = configSchema,
  path = '',
): { path: string; field: Field<unknown> }[] {
  return Object.entries(node).flatMap(([key, child]) => {
    const childPath = path === '' ? key : `${path}.${key}`
    return isField(child) ? [{ path: childPath, field: child }] : listFields(child as object, childPath)
  })
}

function parseNode(
  node: object,
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): object {
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node)) {
    if (!isField(child)) {
      out[key] = parseNode(child as object, env, problems)
      continue
    }
    const raw = env[child.env]
    if (raw === undefined || raw === '') {
      out[key] = child.defaultValue
      continue
    }
    try {
      out[key] = child.parse(raw)
    } catch (error) {
      problems.push(`${child.env}: ${(error as Error).message}`)
    }
  }
  return Object.freeze(out)
}

function checkCombinations(config: Config, problems: string[]): void {
  checkKyc(config, problems)
  checkSocial(config, problems)
  if (config.recaptcha.enabled && config.recaptcha.secret === undefined) {
    problems.push('RECAPTCHA_SECRET: required when RECAPTCHA_ENABLED is on')
  }
  const url = config.storage.databaseUrl
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    problems.push('DATABASE_URL: must start with postgres:// (leave unset for SQLite)')
  }
  if (config.env === 'production' && config.secrets.secretKey === undefined) {
    problems.push('SECRET_KEY: required when NODE_ENV=production')
  }
  if (config.server.headersTimeoutSeconds > config.server.requestTimeoutSeconds) {
    problems.push(
      `HEADERS_TIMEOUT_SECONDS: must not be longer than REQUEST_TIMEOUT_SECONDS (${config.server.requestTimeoutSeconds})`,
    )
  }
  // The provider answers every path below its prefix: at the root it would swallow the surfaces.
  if (config.oidc.enabled && config.oidc.prefix === '') {
    problems.push('OIDC_PREFIX: must be a path like /oidc (the provider cannot sit at the root)')
  }
  if (config.server.publicUrl !== undefined && !URL.canParse(config.server.publicUrl)) {
    problems.push('PUBLIC_URL: must be an absolute URL')
  }
  const smtpUrl = config.mail.smtpUrl
  if (smtpUrl !== undefined && (!/^smtps?:\/\//.test(smtpUrl) || !URL.canParse(smtpUrl))) {
    problems.push('SMTP_URL: must be an smtp:// or smtps:// URL')
  }
  if (config.mail.baseUrl !== undefined && !URL.canParse(config.mail.baseUrl)) {
    problems.push('MAIL_BASE_URL: must be an absolute URL')
  }
  // The log transport writes live confirmation and reset links: fine on a laptop, a leak in production.
  if (config.env === 'production' && config.ampnet.enabled && config.mail.smtpUrl === undefined) {
    problems.push('SMTP_URL: required when NODE_ENV=production and the AMPnet API is enabled')
  }
  checkProduction(config, problems)
}

// KYC settings come in pairs, and a key that does not parse must stop the start, not the first report.
function checkKyc({ kyc }: Config, problems: string[]): void {
  if ((kyc.veriffApiKey === undefined) !== (kyc.veriffSecret === undefined)) {
    problems.push('VERIFF_API_KEY, VERIFF_SECRET: set both or neither')
  }
  for (const [env, url] of [
    ['VERIFF_BASE_URL', kyc.veriffBaseUrl],
    ['IDENTYUM_BASE_URL', kyc.identyumBaseUrl],
  ] as const) {
    if (url !== undefined && !/^https?:\/\//.test(url)) problems.push(`${env}: must be an http(s) URL`)
  }
  if ((kyc.identyumPublicKey === undefined) !== (kyc.identyumPrivateKey === undefined)) {
    problems.push('IDENTYUM_PUBLIC_KEY, IDENTYUM_PRIVATE_KEY: set both or neither')
  }
  const pem = (text: string) => text.replace(/\\n/g, '\n')
  try {
    if (kyc.identyumPublicKey !== undefined) createPublicKey(pem(kyc.identyumPublicKey))
  } catch {
    problems.push('IDENTYUM_PUBLIC_KEY: not a PEM public key')
  }
  try {
    if (kyc.identyumPrivateKey !== undefined) createPrivateKey(pem(kyc.identyumPrivateKey))
  } catch {
    problems.push('IDENTYUM_PRIVATE_KEY: not a PEM private key')
  }
}

function checkSocial({ social }: Config, problems: string[]): void {
  if ((social.facebookAppId === undefined) !== (social.facebookAppSecret === undefined)) {
    problems.push('FACEBOOK_APP_ID, FACEBOOK_APP_SECRET: set both or neither')
  }
  for (const [env, url] of [
    ['GOOGLE_USERINFO_URL', social.googleUserinfoUrl],
    ['GOOGLE_TOKENINFO_URL', social.googleTokeninfoUrl],
    ['GOOGLE_JWKS_URL', social.googleJwksUrl],
    ['FACEBOOK_GRAPH_URL', social.facebookGraphUrl],
  ] as const) {
    if (!/^https?:\/\//.test(url) || !URL.canParse(url)) problems.push(`${env}: must be an http(s) URL`)
  }
  if (!/^v\d+\.\d+$/.test(social.facebookGraphVersion)) {
    problems.push('FACEBOOK_GRAPH_VERSION: must look like v21.0')
  }
}

/** Every COUNT/SECONDS rate-limit variable set to `value` (the bench and tests set them all at once). */
export function everyRateLimit(value: string): Record<string, string> {
  const limits = listFields().filter(
    ({ field }) =>
      typeof field.defaultValue === 'object' &&
      field.defaultValue !== null &&
      'windowSeconds' in field.defaultValue,
  )
  return Object.fromEntries(limits.map(({ field }) => [field.env, value]))
}

/** Parses the environment once; throws a ConfigError that lists every bad setting. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = []
  const config = parseNode(configSchema, env, problems) as Config
  checkCombinations(config, problems)
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

export function publicUrlOf(config: Config): string {
  return (config.server.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/+$/, '')
}

/** The hosted pages' absolute URL, e.g. http://localhost:3000/account. */
export function pagesUrlOf(config: Config): string {
  return `${publicUrlOf(config)}${config.pages.prefix}`
}

/** Where links in mails point: MAIL_BASE_URL, else this server's public URL. */
export function mailBaseUrlOf(config: Config): string {
  return (config.mail.baseUrl ?? publicUrlOf(config)).replace(/\/+$/, '')
}
