import type { Tenant } from '../core/tenant/tenant.ts'
import { CliError, type Command, EXIT_USAGE, type Parsed, text } from './command.ts'
import { withCore } from './context.ts'

/** The value of an option that takes one of two words, as a boolean; undefined when not given. */
function choice(parsed: Parsed, name: string, whenTrue: string, whenFalse: string): boolean | undefined {
  const value = text(parsed, name)
  if (value === undefined) return undefined
  if (value === whenTrue) return true
  if (value === whenFalse) return false
  throw new CliError(
    `--${name} must be ${whenTrue} or ${whenFalse} (see latchkey coops set-sign-up --help)`,
    EXIT_USAGE,
  )
}

function describePolicy(tenant: Tenant): string {
  const signUp = tenant.disableSignUp ? 'closed' : 'open'
  const confirmation = tenant.confirmEmail
    ? 'every surface waits for the mailed confirmation link'
    : 'only AMPnet e-mail sign-up waits for the link (AMPNET_MAIL_CONFIRMATION)'
  return `coop ${tenant.identifier}: sign-up ${signUp}; ${confirmation}\n`
}

export const coopsSetSignUpCommand: Command = {
  name: 'coops set-sign-up',
  summary: 'set who may sign up to a coop, and whether every surface confirms addresses by mail',
  help: `Usage: latchkey coops set-sign-up <identifier> [--sign-up open|closed] [--confirm-email all|ampnet]

Every surface that creates users in the coop obeys this policy (the default coop is the one
Idea Pool, users and authheader work in). With none of the options, prints the policy.
  --sign-up open|closed  closed: every sign-up (any surface, password or social) is refused; sign-in
                         and the operator's users create / import still work. AMPnet's PUT /coop
                         (disable_sign_up) sets the same switch
  --confirm-email all|ampnet
                         all: every surface's password sign-up creates the account disabled and
                         mails a confirmation link (AMPnet's /mail-confirmation confirms it), and no
                         token is issued before; ampnet (the default): only AMPnet e-mail sign-up
                         does, when AMPNET_MAIL_CONFIRMATION is on

Example:
  latchkey coops set-sign-up ampnet --confirm-email all`,
  options: { 'sign-up': { type: 'string' }, 'confirm-email': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const open = choice(parsed, 'sign-up', 'open', 'closed')
    const confirmEmail = choice(parsed, 'confirm-email', 'all', 'ampnet')
    const identifier = parsed.positionals[0] ?? ''
    return withCore(env, async (core) => {
      const tenant = await core.tenants.tenants.findByIdentifier(identifier)
      if (tenant === undefined) throw new CliError('no such coop')
      const policy = await core.tenants.tenants.setSignUpPolicy(tenant.id, {
        ...(open !== undefined && { disableSignUp: !open }),
        ...(confirmEmail !== undefined && { confirmEmail }),
      })
      process.stdout.write(describePolicy(policy))
      return 0
    })
  },
}
