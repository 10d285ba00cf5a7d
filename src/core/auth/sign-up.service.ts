import type { AbuseGuard, ClientRef } from '../abuse/abuse-guard.ts'
import type { CaptchaVerifier } from '../captcha/captcha.ts'
import { AppError, isAppError, validationError } from '../errors.ts'
import type { PasswordRule } from '../password/password-rules.ts'
import type { SocialLoginService } from '../social-login/social-login.service.ts'
import type { SocialProvider } from '../social-login/social-login.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import type { Tenant } from '../tenant/tenant.ts'
import { isValidEmail, type User } from '../user/user.ts'
import type { AccountMails } from './account-mail.service.ts'
import type { AuthService } from './auth.service.ts'
import { accountProblems, type RegisterInput } from './auth.ts'

export interface EmailSignUp {
  /** The coop (tenant) identifier; undefined: the default tenant. */
  readonly coopIdentifier: string | undefined
  readonly email: string
  readonly password: string
  readonly givenName: string
  readonly familyName: string
  readonly passwordRule: PasswordRule
  /** true: the account stays disabled until the address is confirmed through the mailed link. */
  readonly confirmEmail: boolean
  /** The language the person signed up in (the hosted pages): the mails' language. */
  readonly language?: string
}

export interface SignUpDeps {
  readonly auth: AuthService
  readonly tenants: TenantService
  readonly mails: AccountMails
  readonly social: Pick<SocialLoginService, 'createAccount' | 'verify'>
  /** Every sign-up counts against the client (and, when it mails an address, against that). */
  readonly abuse: Pick<AbuseGuard, 'limit'>
  readonly captcha: CaptchaVerifier
}

/**
 * Who asks for an account, and what their surface already made of the request. The request is
 * counted first; then the reCAPTCHA token, when the surface asks for one; then the surface's own
 * refusal, when it found one (a missing field): the originals' order.
 */
export interface SignUpRequest {
  readonly client: ClientRef
  /** The reCAPTCHA token, on a surface that asks for one (AMPnet). */
  readonly captcha?: { readonly token: string | undefined }
  /** The surface's refusal of the request's shape, given once the request is counted. */
  readonly refusal?: Error
}

/** A password sign-up into the default coop (Idea Pool, users). */
export type DefaultCoopSignUp = Omit<RegisterInput, 'tenantId' | 'enabled'>

export interface SignedUp {
  readonly user: User
  /** true: the account is disabled until the mailed link confirms the address; no session yet. */
  readonly awaitsConfirmation: boolean
}

export type SignUpService = ReturnType<typeof createSignUpService>

/** Sign-up into a coop under its policy (closed or not, confirmed by mail or not), on every surface. */
export function createSignUpService({ auth, tenants, mails, social, abuse, captcha }: SignUpDeps) {
  /** Counts the request (and the mail to `mailedTo`), checks its reCAPTCHA, then the surface's refusal. */
  async function admit(
    request: SignUpRequest,
    mailedTo?: { tenant: string | undefined; identifier: string },
  ) {
    await abuse.limit('signUp', request.client, mailedTo)
    if (request.captcha !== undefined) await captcha.verify(request.captcha.token)
    if (request.refusal !== undefined) throw request.refusal
  }

  /** The coop to sign up into (undefined: the default), if it takes sign-ups. */
  async function openCoop(coopIdentifier: string | undefined) {
    const coop = await tenants.findByIdentifier(coopIdentifier ?? tenants.defaultTenant().identifier)
    if (coop === undefined) throw new AppError('tenant_not_found')
    if (coop.disableSignUp) throw new AppError('sign_up_disabled')
    return coop
  }

  /**
   * Creates the account in the coop, disabled with a confirmation token and mail (in the same
   * transaction) when `confirmEmail`.
   */
  async function createInCoop(coop: Tenant, input: DefaultCoopSignUp, confirmEmail: boolean): Promise<User> {
    const sendConfirmation = (trx: Parameters<typeof mails.send>[0], user: User) =>
      mails.send(trx, user, coop.identifier, 'confirm_email')
    const user = await auth.createAccount(
      { ...input, tenantId: coop.id, enabled: !confirmEmail },
      confirmEmail ? sendConfirmation : undefined,
    )
    if (confirmEmail) mails.deliverSoon()
    return user
  }

  return {
    /**
     * A password sign-up into the default coop, which every surface but AMPnet serves: refused when
     * the coop closed sign-up, disabled until confirmed when the coop asks for confirmed addresses.
     * @throws {AppError} rate_limited, validation_failed, sign_up_disabled, email_taken
     */
    async withPassword(request: SignUpRequest, input: DefaultCoopSignUp): Promise<SignedUp> {
      await admit(request)
      const problems = accountProblems(input)
      if (problems.length > 0) throw validationError(problems)
      const coop = await openCoop(undefined)
      const user = await createInCoop(coop, input, coop.confirmEmail)
      return { user, awaitsConfirmation: coop.confirmEmail }
    },

    /**
     * Checks in the original's order (the input, the coop, then the address), creates the user
     * and, when confirmation is asked, its token and mail in the same transaction. The request
     * counts against the address too (an empty one mails nobody).
     * @throws {AppError} rate_limited, captcha_failed, validation_failed, tenant_not_found,
     * sign_up_disabled, email_taken
     */
    async withEmail(request: SignUpRequest, input: EmailSignUp): Promise<User> {
      await admit(
        request,
        input.email === '' ? undefined : { tenant: input.coopIdentifier, identifier: input.email },
      )
      const problems = accountProblems(input)
      if (problems.length > 0) throw validationError(problems)
      const coop = await openCoop(input.coopIdentifier)
      return createInCoop(
        coop,
        {
          email: input.email,
          displayName: [input.givenName, input.familyName].filter((name) => name !== '').join(' '),
          givenName: input.givenName,
          familyName: input.familyName,
          password: input.password,
          passwordRule: input.passwordRule,
          ...(input.language !== undefined && { language: input.language }),
        },
        // The coop's policy applies on top of AMPnet's own setting (AMPNET_MAIL_CONFIRMATION).
        input.confirmEmail || coop.confirmEmail,
      )
    },

    /**
     * Like withEmail for a person a social provider vouches for (asked with their token once the
     * request is admitted): no password, enabled at once, the provider's names. Same order of
     * checks. email_taken carries the provider's address, which the caller never typed.
     * @throws {AppError} rate_limited, captcha_failed, social_login_failed, login_method_mismatch,
     * validation_failed, tenant_not_found, sign_up_disabled, email_taken
     */
    async withProvider(
      request: SignUpRequest,
      input: { coopIdentifier: string | undefined; provider: SocialProvider; token: string },
    ): Promise<User> {
      await admit(request)
      const profile = await social.verify(input)
      if (!isValidEmail(profile.email)) throw validationError([{ field: 'email', problem: 'is invalid' }])
      const coop = await openCoop(input.coopIdentifier)
      try {
        return await social.createAccount(coop.id, profile)
      } catch (error) {
        if (isAppError(error) && error.code === 'email_taken')
          throw new AppError('email_taken', { email: profile.email })
        throw error
      }
    },
  }
}
