import { AppError, validationError } from '../errors.ts'
import type { PasswordRule } from '../password/password-rules.ts'
import type { SocialLoginService } from '../social-login/social-login.service.ts'
import type { SocialProfile } from '../social-login/social-login.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import { isValidEmail, type User } from '../user/user.ts'
import type { AccountMails } from './account-mail.service.ts'
import type { AuthService } from './auth.service.ts'
import { accountProblems } from './auth.ts'

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

export type SignUpService = ReturnType<typeof createSignUpService>

/** Sign-up into a coop (AMPnet), with the address confirmed by mail when asked. */
export function createSignUpService({ auth, tenants, mails, social }: SignUpDeps) {
  /** The coop to sign up into (undefined: the default), if it takes sign-ups. */
  async function openCoop(coopIdentifier: string | undefined) {
    const coop = await tenants.findByIdentifier(coopIdentifier ?? tenants.defaultTenant().identifier)
    if (coop === undefined) throw new AppError('tenant_not_found')
    if (coop.disableSignUp) throw new AppError('sign_up_disabled')
    return coop
  }

  return {
    /**
     * Checks in the original's order (the input, the coop, then the address), creates the user
     * and, when confirmation is asked, its token and mail in the same transaction.
     * @throws {AppError} validation_failed, tenant_not_found, sign_up_disabled, email_taken
     */
    async withEmail(input: EmailSignUp): Promise<User> {
      const problems = accountProblems(input)
      if (problems.length > 0) throw validationError(problems)
      const coop = await openCoop(input.coopIdentifier)
      const sendConfirmation = (trx: Parameters<typeof mails.send>[0], user: User) =>
        mails.send(trx, user, coop.identifier, 'confirm_email')
      const user = await auth.createAccount(
        {
          tenantId: coop.id,
          email: input.email,
          displayName: [input.givenName, input.familyName].filter((name) => name !== '').join(' '),
          givenName: input.givenName,
          familyName: input.familyName,
          password: input.password,
          passwordRule: input.passwordRule,
          enabled: !input.confirmEmail,
          ...(input.language !== undefined && { language: input.language }),
        },
        input.confirmEmail ? sendConfirmation : undefined,
      )
      if (input.confirmEmail) mails.deliverSoon()
      return user
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
