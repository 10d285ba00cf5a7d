import type { Core } from '../core/core.ts'
import type { Tenant } from '../core/tenant/tenant.ts'
import type { User } from '../core/user/user.ts'
import { CliError, type Command, type Env, type Parsed } from './command.ts'
import { COOP_HELP, chosenTenant, coopOptions, withCore } from './context.ts'

export const USER_ARG = "<user> is the user's email, username or id."

export interface UserArg {
  readonly user: User
  readonly tenant: Tenant
}

/** The user the first argument names in the chosen coop. @throws {CliError} no such user */
export async function userArg(core: Core, parsed: Parsed): Promise<UserArg> {
  const tenant = await chosenTenant(core, parsed)
  const login = parsed.positionals[0] ?? ''
  const user = await core.identity.userOperator.get(tenant.id, login).catch(() => {
    throw new CliError(`no user "${login}" in coop ${tenant.identifier}`)
  })
  return { user, tenant }
}

/** Runs `act` on the user the first argument names and prints the line it returns. */
export function withUserArg(
  env: Env,
  parsed: Parsed,
  act: (core: Core, target: UserArg) => Promise<string>,
): Promise<number> {
  return withCore(env, async (core) => {
    process.stdout.write(`${await act(core, await userArg(core, parsed))}\n`)
    return 0
  })
}

/** A `users <verb> <user> [--coop]` command: one change to one user, one line printed. */
export function userActionCommand(command: {
  readonly verb: string
  readonly summary: string
  /** The help's paragraph on what the change does. */
  readonly about: string
  readonly act: (core: Core, target: UserArg) => Promise<string>
}): Command {
  return {
    name: `users ${command.verb}`,
    summary: command.summary,
    help: `Usage: latchkey users ${command.verb} <user> [--coop <identifier>]

${USER_ARG}
${COOP_HELP}

${command.about}

Example:
  latchkey users ${command.verb} ada@example.com`,
    options: { ...coopOptions },
    positionals: { min: 1, max: 1 },
    run: (parsed, env) => withUserArg(env, parsed, command.act),
  }
}
