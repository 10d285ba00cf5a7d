import { isMfaPolicyName, mfaPolicies, type TenantMfaPolicy } from '../core/mfa/mfa.ts'
import { CliError, type Command, EXIT_USAGE, text } from './command.ts'
import { withCore } from './context.ts'
import { userActionCommand } from './user-arg.ts'

function describe(identifier: string, policy: TenantMfaPolicy): string {
  const legacy = policy.legacyPasswordAllowed ? 'allowed' : 'refused'
  return `coop ${identifier}: MFA ${policy.policy}; password-only legacy sign-in of MFA users ${legacy}\n`
}

export const coopsSetMfaCommand: Command = {
  name: 'coops set-mfa',
  summary: 'set a coop’s multi-factor sign-in policy',
  help: `Usage: latchkey coops set-mfa <identifier> [<policy>] [--legacy-password allowed|refused]

<policy> is one of:
  off                  no enrolment and no second step (factors already enrolled are kept, unused)
  optional             users may enrol a TOTP app; whoever did is asked for a code (the default)
  required_for_admins  as optional, and ADMINs enrol at their next hosted sign-in
  required             everyone enrols at their next hosted sign-in
  --legacy-password allowed|refused
                       allowed: users with MFA may still sign in to Idea Pool, authheader, users and
                       AMPnet with a password alone; refused (the default): those APIs answer
                       403 "Two-factor authentication required" (docs/mfa.md)
With neither, prints the policy.

Example:
  latchkey coops set-mfa ampnet required_for_admins`,
  options: { 'legacy-password': { type: 'string' } },
  positionals: { min: 1, max: 2 },
  async run(parsed, env) {
    const [identifier = '', policy] = parsed.positionals
    if (policy !== undefined && !isMfaPolicyName(policy)) {
      throw new CliError(`<policy> must be one of ${mfaPolicies.join(', ')}`, EXIT_USAGE)
    }
    const legacy = text(parsed, 'legacy-password')
    if (legacy !== undefined && legacy !== 'allowed' && legacy !== 'refused') {
      throw new CliError('--legacy-password must be allowed or refused', EXIT_USAGE)
    }
    return withCore(env, async (core) => {
      const tenant = await core.tenants.tenants.findByIdentifier(identifier)
      if (tenant === undefined) throw new CliError('no such coop')
      const next =
        policy === undefined && legacy === undefined
          ? await core.identity.mfa.policyOf(tenant.id)
          : await core.identity.mfa.setPolicy(tenant.id, {
              ...(policy !== undefined && { policy }),
              ...(legacy !== undefined && { legacyPasswordAllowed: legacy === 'allowed' }),
            })
      process.stdout.write(describe(identifier, next))
      return 0
    })
  },
}

export const usersResetMfaCommand = userActionCommand({
  verb: 'reset-mfa',
  summary: 'remove a user’s second factors (a lost phone)',
  about: `Removes the user's TOTP authenticator, recovery codes and passkeys, so that they sign in with their password
alone (and enrol again where the coop requires it). Recorded in the coop's audit log as
mfa.disabled by an operator.`,
  act: async (core, { user }) =>
    (await core.identity.mfa.reset(user)) ? `reset MFA of ${user.email}` : `${user.email} had no MFA`,
})

export const mfaCommands = [coopsSetMfaCommand, usersResetMfaCommand]
