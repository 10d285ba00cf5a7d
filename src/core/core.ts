import { availableParallelism } from 'node:os'
import { type Config, mailBaseUrlOf, pagesUrlOf, webauthnRelyingPartyOf } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import { createAbuseGuard, isLockoutState } from './abuse/abuse-guard.ts'
import { type CounterStore, createMemoryCounterStore } from './abuse/counter-store.ts'
import { createTenantLockouts } from './abuse/tenant-lockout.ts'
import { createAccess } from './access/access.service.ts'
import { createApiKeyService } from './api-key/api-key.service.ts'
import { createApiKeyDigest } from './api-key/api-key-digest.ts'
import { createAuditLog } from './audit/audit.service.ts'
import { createAccountMails } from './auth/account-mail.service.ts'
import { createAuthService } from './auth/auth.service.ts'
import { createEmailConfirmation } from './auth/email-confirmation.service.ts'
import { hostedPageLinks, webAppLinks } from './auth/mail-links.ts'
import { createSignUpService } from './auth/sign-up.service.ts'
import { createBankAccountService } from './bank-account/bank-account.service.ts'
import { createCaptchaVerifier } from './captcha/captcha.ts'
import { createIdeaService } from './idea/idea.service.ts'
import { createIdentyumClient } from './kyc/identyum.client.ts'
import { createIdentyumService } from './kyc/identyum.service.ts'
import { createVeriffClient } from './kyc/veriff.client.ts'
import { createVeriffService } from './kyc/veriff.service.ts'
import { createLogTransport, createSmtpTransport } from './mail/mail-transport.ts'
import { createMailOutbox } from './mail/outbox.service.ts'
import { createMfaService } from './mfa/mfa.service.ts'
import { createOidcClientService } from './oidc/oidc-client.service.ts'
import { createOidcStore } from './oidc/oidc-store.service.ts'
import { createOperatorConsole } from './operator/operator-console.service.ts'
import { createPasskeyService } from './passkey/passkey.service.ts'
import { createBreachedPasswordCheck } from './password/breached-password.ts'
import { createFailureFloor } from './password/failure-floor.ts'
import { createHashingLimiter } from './password/hashing-limiter.ts'
import { createPasswordChangeService } from './password/password-change.service.ts'
import { createPasswordHasher } from './password/password-hasher.ts'
import { createPasswordReset } from './password/password-reset.service.ts'
import { createRoleService } from './role/role.service.ts'
import { createRevocationList } from './session/revocation.ts'
import type { RevocationBus } from './session/revocation-bus.ts'
import { createSessionService } from './session/session.service.ts'
import { createSessionControl, MAX_CHOSEN_TTL_SECONDS } from './session/session-control.service.ts'
import { type Clock, systemClock } from './shared/clock.ts'
import { deriveKey } from './shared/derived-key.ts'
import { type Logger, silentLogger } from './shared/logger.ts'
import { createSecretBox } from './shared/secret-box.ts'
import { createFacebookVerifier } from './social-login/facebook.ts'
import { createGoogleVerifier } from './social-login/google.ts'
import { createSocialLoginService } from './social-login/social-login.service.ts'
import { createCoopService } from './tenant/coop.service.ts'
import { createTenantService } from './tenant/tenant.service.ts'
import { createKeyRing } from './token/key-ring.ts'
import { createTokenService } from './token/token.service.ts'
import { createProfileService } from './user/profile.service.ts'
import { createUserService } from './user/user.service.ts'
import { createUserAdminService } from './user/user-admin.service.ts'
import { createUserErasure } from './user/user-erasure.service.ts'
import { createUserImport } from './user/user-import.service.ts'
import { createUserModeration } from './user/user-moderation.service.ts'
import { createUserOperator } from './user/user-operator.service.ts'
import { createWebhookService } from './webhook/webhook.service.ts'
import { createWebhookDispatcher } from './webhook/webhook-dispatcher.ts'
import { createWebhookSender } from './webhook/webhook-sender.ts'

export interface CoreDeps {
  readonly database: Database
  readonly config: Config
  readonly secretKey: string
  readonly issuer: string
  readonly clock?: Clock
  readonly log?: Logger
  /** Announces ended sessions to other instances (Redis or PostgreSQL); none for a lone instance. */
  readonly revocationBus?: RevocationBus
  /** Rate-limit and lockout counters (Redis when instances share them); in memory by default. */
  readonly counterStore?: CounterStore
}

/**
 * The longest access-token lifetime of any surface (the OIDC provider's JWTs and ID tokens too),
 * including the lifetime an authheader caller may choose: how long ends and retired keys are remembered.
 */
export function longestAccessTtlSeconds(config: Config): number {
  return Math.max(
    config.ideapool.accessTtlSeconds,
    config.authheader.accessTtlSeconds,
    config.users.accessTtlSeconds,
    config.ampnet.accessTtlSeconds,
    config.oidc.accessTtlSeconds,
    config.oidc.idTokenTtlSeconds,
    MAX_CHOSEN_TTL_SECONDS,
  )
}

// Arbitrary constant naming the lock under which instances make the first signing key.
const SIGNING_KEY_LOCK = 727_105_234

export type Core = ReturnType<typeof createCore>

export function createCore({
  database,
  config,
  secretKey,
  issuer,
  clock = systemClock,
  log = silentLogger,
  revocationBus,
  counterStore,
}: CoreDeps) {
  const { db } = database
  const horizonSeconds = longestAccessTtlSeconds(config)
  const revocations = createRevocationList({
    db,
    clock,
    log,
    horizonSeconds,
    syncSeconds: config.tokens.revocationSyncSeconds,
    ...(revocationBus && { bus: revocationBus }),
  })
  const secretBox = createSecretBox(secretKey)
  const keyRing = createKeyRing({
    db,
    exclusively: (work) => database.exclusively(SIGNING_KEY_LOCK, work),
    clock,
    log,
    secretBox,
    algorithm: config.tokens.algorithm,
    rotationDays: config.tokens.keyRotationDays,
    publishSeconds: config.tokens.keyPublishSeconds,
    horizonSeconds,
  })
  const hashing = createHashingLimiter({
    concurrency: config.passwords.concurrency || availableParallelism(),
    queueLimit: config.passwords.queueLimit,
  })
  const passwords = createPasswordHasher(
    {
      memoryKib: config.passwords.argon2MemoryKib,
      iterations: config.passwords.argon2Iterations,
      parallelism: config.passwords.argon2Parallelism,
    },
    hashing,
    createFailureFloor({ minimumMs: config.passwords.failureMinimumMs }),
  )
  const { abuse: abuseConfig } = config
  const lockout = {
    threshold: abuseConfig.lockoutThreshold,
    windowSeconds: abuseConfig.lockoutWindowSeconds,
    baseSeconds: abuseConfig.lockoutBaseSeconds,
    maxSeconds: abuseConfig.lockoutMaxSeconds,
    escalationSeconds: abuseConfig.lockoutEscalationSeconds,
  }
  const tenantLockouts = createTenantLockouts({
    db,
    clock,
    defaults: lockout,
    audit: { record: (event, executor) => audit.record(event, executor) },
  })
  const abuse = createAbuseGuard(
    {
      store:
        counterStore ??
        createMemoryCounterStore({
          clock,
          maxEntries: abuseConfig.memoryEntries,
          keepWhenFull: isLockoutState,
        }),
      clock,
      log,
      enabled: abuseConfig.enabled,
      limits: abuseConfig,
      lockout,
      lockoutOf: (tenant) => tenantLockouts.policyOf(tenant),
    },
    config.tenants.defaultIdentifier,
  )
  // Outside production any target will do (a receiver on the developer's machine); in production
  // only public https ones, unless the operator allows private addresses (docs/webhooks.md).
  const isProduction = config.env === 'production'
  const allowPrivateTargets = !isProduction || config.webhooks.allowPrivateTargets
  const webhooks = createWebhookService({
    db,
    clock,
    secretBox,
    targets: { requireHttps: isProduction, allowPrivate: allowPrivateTargets },
    // The audit log is made below with this service's fan-out; called only once both exist.
    audit: { record: (event, executor) => audit.record(event, executor) },
  })
  const webhookDispatcher = createWebhookDispatcher({
    db,
    clock,
    log,
    secretBox,
    send: createWebhookSender({ timeoutMs: config.webhooks.timeoutMs, allowPrivate: allowPrivateTargets }),
    retry: {
      maxAttempts: config.webhooks.maxAttempts,
      baseSeconds: config.webhooks.retryBaseSeconds,
      maxSeconds: config.webhooks.retryMaxSeconds,
    },
    pollSeconds: config.webhooks.pollSeconds,
    timeoutMs: config.webhooks.timeoutMs,
  })
  const audit = createAuditLog({ db, clock, onRecorded: webhooks.enqueue })
  const breaches = createBreachedPasswordCheck({
    baseUrl: config.passwords.breachedUrl,
    timeoutMs: config.passwords.breachedTimeoutMs,
    failOpen: config.passwords.breachedFailOpen,
    cacheTtlSeconds: config.passwords.breachedCacheSeconds,
    cacheEntries: config.passwords.breachedCacheEntries,
    clock,
    log,
  })
  const tenants = createTenantService({ db, clock, defaultIdentifier: config.tenants.defaultIdentifier })
  const sessions = createSessionService({ db, clock, revocations, audit })
  const tokens = createTokenService({ clock, keyRing, revocations, issuer, log })
  const users = createUserService({ db, clock })
  const passkeys = createPasskeyService({
    db,
    clock,
    audit,
    relyingParty: webauthnRelyingPartyOf(config),
    challengeSeconds: config.webauthn.challengeSeconds,
  })
  const mfa = createMfaService({
    db,
    clock,
    secretBox,
    recoveryCodeKey: deriveKey(secretKey, 'mfa recovery codes'),
    issuer: config.mfa.issuer,
    audit,
    passkeys,
    abuse,
    tenants,
  })
  // AMPnet's first-admin rule holds for coops only: anyone may sign up to the default coop, so its
  // ADMIN comes from the operator (`latchkey users create --role ADMIN`), never from a sign-up.
  const firstAccountIsAdmin = (tenantId: string) =>
    config.tenants.firstAccountIsAdmin && tenantId !== tenants.defaultTenant().id
  const auth = createAuthService({
    db,
    clock,
    passwords,
    sessions,
    tokens,
    tenants,
    firstAccountIsAdmin,
    audit,
    breaches,
    refusesPasswordAlone: mfa.refusesPasswordAlone,
    secondStepFor: mfa.secondStepFor,
    abuse,
  })
  // Without SMTP_URL mails go to the log (development only; config refuses it in production).
  const mailOutbox = createMailOutbox({
    db,
    clock,
    log,
    secretBox,
    transport:
      config.mail.smtpUrl === undefined
        ? createLogTransport(log)
        : createSmtpTransport(config.mail.smtpUrl, config.mail.from),
    pollSeconds: config.mail.pollSeconds,
    leaseSeconds: config.mail.claimSeconds,
  })
  // Mail links open the hosted pages, unless MAIL_BASE_URL names an outside web app (AMPnet's).
  const links =
    config.mail.baseUrl === undefined
      ? hostedPageLinks(pagesUrlOf(config))
      : webAppLinks(mailBaseUrlOf(config))
  const mails = createAccountMails({ db, clock, outbox: mailOutbox, links })

  const { social } = config
  const socialLogin = createSocialLoginService({
    db,
    clock,
    tenants,
    auth,
    firstAccountIsAdmin,
    audit,
    abuse,
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

  // The OpenID Connect provider's storage (codes, tokens, grants, interactions); expired rows swept.
  const oidcStore = createOidcStore({ db, clock, log, sweepSeconds: config.oidc.sweepSeconds })

  const captcha = createCaptchaVerifier({
    enabled: config.recaptcha.enabled,
    secret: config.recaptcha.secret,
    minScore: config.recaptcha.minScore,
    verifyUrl: config.recaptcha.verifyUrl,
    timeoutMs: 5_000,
  })

  const userOperator = createUserOperator({ db, clock, sessions, audit })
  const apiKeys = createApiKeyService({ db, clock, secretBox, digest: createApiKeyDigest(secretKey), audit })

  return {
    clock,
    /** A key for one purpose (e.g. the hosted pages' CSRF tokens), derived from SECRET_KEY. */
    deriveKey: (purpose: string) => deriveKey(secretKey, purpose),
    tenantLockouts,
    audit,
    /** The console's operators: CLI-made sign-in links and their sessions; signing keys. */
    operatorConsole: createOperatorConsole({ db, clock, keyRing, audit }),
    captcha,
    tenants,
    users,
    sessions,
    sessionControl: createSessionControl({ auth, sessions, users }),
    tokens,
    keyRing,
    revocations,
    passwords,
    /** The Argon2 cap: `active`, `queueDepth`, `busyRejections` (for metrics). */
    hashing,
    /** Rate limits and lockout: `rejections` by category, `lockoutRejections`, `lockoutsStarted`. */
    abuse,
    auth,
    passwordChanges: createPasswordChangeService({
      db,
      clock,
      passwords,
      sessions,
      tenants,
      audit,
      breaches,
      refusesPasswordAlone: mfa.refusesPasswordAlone,
      abuse,
    }),
    /** Second factors (TOTP, recovery codes) and each coop's MFA policy. */
    mfa,
    mailOutbox,
    /** Tenants' webhook endpoints and delivery log (CLI, console). */
    webhooks,
    /** Sends the deliveries: started and stopped with the server, like the mail outbox. */
    webhookDispatcher,
    socialLogin,
    signUp: createSignUpService({ auth, tenants, mails, social: socialLogin, abuse, captcha }),
    emailConfirmation: createEmailConfirmation({ db, clock, tenants, mails, abuse }),
    passwordReset: createPasswordReset({
      db,
      clock,
      passwords,
      sessions,
      tenants,
      mails,
      outbox: mailOutbox,
      audit,
      breaches,
      abuse,
    }),
    profile: createProfileService({ db, clock }),
    /** WebAuthn: passwordless sign-in on the hosted pages, and a second factor. */
    passkeys,
    apiKeys,
    /** Who calls: an access token or API key judged, with its user's state, in one place. */
    access: createAccess({ tokens, users, apiKeys, abuse }),
    ideas: createIdeaService({ db, clock }),
    coops: createCoopService({
      db,
      clock,
      tenants,
      defaultIdentifier: config.tenants.defaultIdentifier,
      creationEnabled: config.tenants.creationEnabled,
      maxImageBytes: config.tenants.coopImageMaxBytes,
      audit,
      abuse,
    }),
    roles: createRoleService({ db, clock, audit }),
    userAdmin: createUserAdminService({ db }),
    oidcClients: createOidcClientService({ db, clock, secretBox, audit }),
    oidcStore,
    userImport: createUserImport({ db, clock, passwords, tenants }),
    userOperator,
    userModeration: createUserModeration({ db, operator: userOperator, sessions, apiKeys }),
    userErasure: createUserErasure({
      db,
      clock,
      revocations,
      secretKey,
      audit,
      abuse,
    }),
    bankAccounts: createBankAccountService({ db, clock }),
    veriff: createVeriffService({
      db,
      clock,
      log,
      client: createVeriffClient({
        baseUrl: config.kyc.veriffBaseUrl,
        apiKey: config.kyc.veriffApiKey,
        secret: config.kyc.veriffSecret,
        timeoutMs: config.kyc.timeoutMs,
      }),
      apiKey: config.kyc.veriffApiKey,
      secret: config.kyc.veriffSecret,
      callbackBaseUrl: mailBaseUrlOf(config),
      audit,
    }),
    identyum: createIdentyumService({
      db,
      clock,
      log,
      client: createIdentyumClient({
        baseUrl: config.kyc.identyumBaseUrl,
        username: config.kyc.identyumUsername,
        password: config.kyc.identyumPassword,
        instance: config.kyc.identyumInstance,
        timeoutMs: config.kyc.timeoutMs,
      }),
      instance: config.kyc.identyumInstance,
      webComponentUrl: config.kyc.identyumWebComponentUrl,
      identyumPublicKeyPem: config.kyc.identyumPublicKey,
      privateKeyPem: config.kyc.identyumPrivateKey,
      audit,
    }),

    /** Loads what the core keeps in memory; call after migrations. */
    async start(): Promise<void> {
      await tenants.ensureDefaultTenant()
      await keyRing.start()
      await revocations.start()
      oidcStore.start()
    },
    stop(): void {
      keyRing.stop()
      revocations.stop()
      oidcStore.stop()
      void abuse.close()
    },
  }
}
