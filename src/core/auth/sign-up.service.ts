import { AppError, validationError } from '../errors.ts'
import type { PasswordRule } from '../password/password-rules.ts'
import type { SocialLoginService } from '../social-login/social-login.service.ts'
import type { SocialProfile } from '../social-login/social-login.ts'
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
  readonly social: Pick<SocialLoginService, 'createAccount'>
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
export function createSignUpService({ auth, tenants, mails, social }: SignUpDeps) {
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
     * @throws {AppError} validation_failed, sign_up_disabled, email_taken
     */
    async withPassword(input: DefaultCoopSignUp): Promise<SignedUp> {
      const problems = accountProblems(input)
      if (problems.length > 0) throw validationError(problems)
      const coop = await openCoop(undefined)
      const user = await createInCoop(coop, input, coop.confirmEmail)
      return { user, awaitsConfirmation: coop.confirmEmail }
    },

    /**
     * Checks in the original's order (the input, the coop, then the address), creates the user
     * and, when confirmation is asked, its token and mail in the same transaction.
     * @throws {AppError} validation_failed, tenant_not_found, sign_up_disabled, email_taken
     */
    async withEmail(input: EmailSignUp): Promise<User> {
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
     * Like withEmail for a person a social provider vouched for (social_login.verify): no password,
     * enabled at once, the provider's names. Same order of checks.
     * @throws {AppError} validation_failed, tenant_not_found, sign_up_disabled, email_taken
     */
    async withProvider(input: { coopIdentifier: string | undefined; profile: SocialProfile }): Promise<User> {
      if (!isValidEmail(input.profile.email))
        throw validationError([{ field: 'email', problem: 'is invalid' }])
      const coop = await openCoop(input.coopIdentifier)
      return social.createAccount(coop.id, input.profile)
    },
  }
}
