import { webauthnRelyingPartyOf } from '../config/config.ts'
import { createAccess } from './access/access.service.ts'
import { createApiKeyService } from './api-key/api-key.service.ts'
import { createApiKeyDigest } from './api-key/api-key-digest.ts'
import type { AccountMails } from './auth/account-mail.service.ts'
import { createAuthService } from './auth/auth.service.ts'
import { createEmailConfirmation } from './auth/email-confirmation.service.ts'
import { createSignUpService } from './auth/sign-up.service.ts'
import type { CoreOps } from './core.ops.ts'
import type { CoreShared } from './core.shared.ts'
import { createSocialLogin } from './core.social-login.ts'
import type { MailOutbox } from './mail/outbox.service.ts'
import { createMfaService } from './mfa/mfa.service.ts'
import { createPasskeyService } from './passkey/passkey.service.ts'
import { createBreachedPasswordCheck } from './password/breached-password.ts'
import { createFailureFloor } from './password/failure-floor.ts'
import { createPasswordChangeService } from './password/password-change.service.ts'
import { createPasswordHasher } from './password/password-hasher.ts'
import { createPasswordReset } from './password/password-reset.service.ts'
import { createRoleService } from './role/role.service.ts'
import type { SessionService } from './session/session.service.ts'
import { deriveKey } from './shared/derived-key.ts'
import type { TenantService } from './tenant/tenant.service.ts'
import type { TokenService } from './token/token.service.ts'
import { createProfileService } from './user/profile.service.ts'
import { createUserService } from './user/user.service.ts'
import { createUserAdminService } from './user/user-admin.service.ts'
import { createUserErasure } from './user/user-erasure.service.ts'
import { createUserImport } from './user/user-import.service.ts'
import { createUserModeration } from './user/user-moderation.service.ts'
import { createUserOperator } from './user/user-operator.service.ts'

export interface IdentityNeeds {
  readonly ops: Pick<CoreOps, 'audit' | 'abuse' | 'hashing' | 'captcha'>
  readonly tenants: TenantService
  readonly sessions: SessionService
  readonly tokens: TokenService
  readonly mail: { readonly mailOutbox: MailOutbox; readonly mails: AccountMails }
}

/** Who someone is and how they prove it: accounts, credentials, second factors, API keys. */
export function createIdentity(shared: CoreShared, { ops, tenants, sessions, tokens, mail }: IdentityNeeds) {
  const { db, config, clock, log, secretKey, secretBox, revocations } = shared
  const { audit, abuse } = ops
  const passwords = createPasswordHasher(
    {
      memoryKib: config.passwords.argon2MemoryKib,
      iterations: config.passwords.argon2Iterations,
      parallelism: config.passwords.argon2Parallelism,
    },
    ops.hashing,
    createFailureFloor({ minimumMs: config.passwords.failureMinimumMs }),
  )
  const breaches = createBreachedPasswordCheck({
    baseUrl: config.passwords.breachedUrl,
    timeoutMs: config.passwords.breachedTimeoutMs,
    failOpen: config.passwords.breachedFailOpen,
    cacheTtlSeconds: config.passwords.breachedCacheSeconds,
    cacheEntries: config.passwords.breachedCacheEntries,
    clock,
    log,
  })
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
  const socialLogin = createSocialLogin(shared, { tenants, auth, firstAccountIsAdmin, audit, abuse })
  const userOperator = createUserOperator({ db, clock, sessions, audit })
  const apiKeys = createApiKeyService({ db, clock, secretBox, digest: createApiKeyDigest(secretKey), audit })
  const { mails } = mail

  return {
    users,
    profile: createProfileService({ db, clock }),
    roles: createRoleService({ db, clock, audit }),
    userAdmin: createUserAdminService({ db }),
    userImport: createUserImport({ db, clock, passwords, tenants }),
    userOperator,
    userModeration: createUserModeration({ db, operator: userOperator, sessions, apiKeys }),
    userErasure: createUserErasure({ db, clock, revocations, secretKey, audit, abuse }),
    auth,
    signUp: createSignUpService({ auth, tenants, mails, social: socialLogin, abuse, captcha: ops.captcha }),
    emailConfirmation: createEmailConfirmation({ db, clock, tenants, mails, abuse }),
    passwords,
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
    passwordReset: createPasswordReset({
      db,
      clock,
      passwords,
      sessions,
      tenants,
      mails,
      outbox: mail.mailOutbox,
      audit,
      breaches,
      abuse,
    }),
    socialLogin,
    /** Second factors (TOTP, recovery codes) and each coop's MFA policy. */
    mfa,
    /** WebAuthn: passwordless sign-in on the hosted pages, and a second factor. */
    passkeys,
    apiKeys,
    /** Who calls: an access token or API key judged, with its user's state, in one place. */
    access: createAccess({ tokens, users, apiKeys, abuse }),
  }
}
