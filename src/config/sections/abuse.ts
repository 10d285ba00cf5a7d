import { DAY_SECONDS, flag, integer, rateLimit, text, trustProxy } from '../fields.ts'

export const abuseSection = {
  enabled: flag({
    env: 'RATE_LIMITS_ENABLED',
    default: true,
    doc: 'Rate limits and sign-in lockout (false: neither is applied)',
  }),
  trustProxy: trustProxy({
    env: 'TRUST_PROXY',
    doc: 'Use X-Forwarded-For for the client IP: false, true, a hop count, or comma-separated proxy IPs/CIDRs',
  }),
  redisPrefix: text({
    env: 'RATE_LIMIT_REDIS_PREFIX',
    default: 'latchkey:rl:',
    doc: 'Prefix of the rate-limit and lockout counters in Redis (when REDIS_URL is set)',
  }),
  memoryEntries: integer({
    env: 'RATE_LIMIT_MEMORY_ENTRIES',
    default: 100_000,
    min: 100,
    max: 10_000_000,
    doc: 'Most counters kept in memory without Redis; the oldest go first when full',
  }),
  signIn: rateLimit({
    env: 'RATE_LIMIT_SIGN_IN',
    default: '30/60',
    doc: 'Sign-in attempts per client IP (every surface, password and social), as COUNT/SECONDS',
  }),
  signInFailures: rateLimit({
    env: 'RATE_LIMIT_SIGN_IN_FAILURES',
    default: '20/3600',
    doc: 'Failed password sign-ins per client IP; past it the IP is refused and feeds no lockout',
  }),
  signUp: rateLimit({ env: 'RATE_LIMIT_SIGN_UP', default: '10/3600', doc: 'Sign-ups per client IP' }),
  refresh: rateLimit({ env: 'RATE_LIMIT_REFRESH', default: '120/60', doc: 'Token refreshes per client IP' }),
  passwordReset: rateLimit({
    env: 'RATE_LIMIT_PASSWORD_RESET',
    default: '10/3600',
    doc: 'Forgot-password requests and resets per client IP',
  }),
  mailResend: rateLimit({
    env: 'RATE_LIMIT_MAIL_RESEND',
    default: '10/3600',
    doc: 'Confirmation-mail resends per client IP',
  }),
  accountMail: rateLimit({
    env: 'RATE_LIMIT_ACCOUNT_MAIL',
    default: '5/3600',
    doc: 'Sign-ups, forgot-password requests and resends per account (email in its tenant)',
  }),
  apiKeyFailures: rateLimit({
    env: 'RATE_LIMIT_API_KEY_FAILURES',
    default: '30/60',
    doc: 'Failed API-key checks per client IP (valid keys are not counted)',
  }),
  oidcTokenFailures: rateLimit({
    env: 'RATE_LIMIT_OIDC_TOKEN_FAILURES',
    default: '30/60',
    doc: 'Refused OIDC token, introspection and revocation requests per client IP (a wrong client secret, code or refresh token); successes are not counted',
  }),
  webhook: rateLimit({
    env: 'RATE_LIMIT_WEBHOOK',
    default: '300/60',
    doc: 'KYC webhook calls (Veriff, Identyum) per client IP',
  }),
  coopCreation: rateLimit({
    env: 'RATE_LIMIT_COOP_CREATION',
    default: '5/86400',
    doc: "Requests to AMPnet's public POST /coop per client IP, counted before the body is read",
  }),
  lockoutThreshold: integer({
    env: 'LOCKOUT_THRESHOLD',
    default: 10,
    min: 0,
    max: 1000,
    doc: 'Failed sign-ins for one account within LOCKOUT_WINDOW_SECONDS that lock it (0: no lockout)',
  }),
  lockoutWindowSeconds: integer({
    env: 'LOCKOUT_WINDOW_SECONDS',
    default: 900,
    min: 1,
    max: 7 * DAY_SECONDS,
    doc: 'Window in which failed sign-ins for one account are counted',
  }),
  lockoutBaseSeconds: integer({
    env: 'LOCKOUT_BASE_SECONDS',
    default: 60,
    min: 1,
    max: DAY_SECONDS,
    doc: 'First lock period; each further lock within LOCKOUT_ESCALATION_SECONDS doubles it',
  }),
  lockoutMaxSeconds: integer({
    env: 'LOCKOUT_MAX_SECONDS',
    default: 900,
    min: 1,
    max: DAY_SECONDS,
    doc: 'Longest lock period',
  }),
  lockoutEscalationSeconds: integer({
    env: 'LOCKOUT_ESCALATION_SECONDS',
    default: 3600,
    min: 1,
    max: 7 * DAY_SECONDS,
    doc: 'How long earlier locks of an account count towards doubling the next one',
  }),
} as const
