import { operatorPasswordRule } from '../core/password/password-rules.ts'
import { isRole, roles } from '../core/role/role.ts'
import type { User } from '../core/user/user.ts'
import { CliError, type Command, EXIT_USAGE, requiredText, table, text } from './command.ts'
import { COOP_HELP, coopOptions, withCoop } from './context.ts'
import { PASSWORD_HELP, passwordFrom, passwordOptions } from './password-input.ts'
import { USER_ARG, userActionCommand, withUserArg } from './user-arg.ts'

export const usersCreateCommand: Command = {
  name: 'users create',
  summary: 'create a user with a password',
  help: `Usage: latchkey users create --email <email> (--password <pw> | --password-stdin) [options]

  --email <email>        the sign-in address (unique per coop, ignoring case)
${PASSWORD_HELP}
  --name <name>          full name (split at the first space into first and last name)
  --first-name <name>    --last-name <name>   the parts, instead of --name
  --username <name>      an optional sign-in name (letters, digits, . _ -)
  --role <role>          USER (default), ADMIN, TOKEN_ISSUER or PLATFORM_MANAGER; a single-holder
                         role is taken over from its current holder
${COOP_HELP}

The password must satisfy every API's rule: 8-64 characters with an upper-case letter, a lower-case
letter and a digit. Prints the new user's id.

Example:
  latchkey users create --email ada@example.com --name "Ada Lovelace" --password 'Analytical-1843'`,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string' },
    ...passwordOptions,
    ...coopOptions,
  },
  async run(parsed, env) {
    const email = requiredText(parsed, 'email', this.name)
    const password = await passwordFrom(parsed, this.name)
    return withCoop(env, parsed, async (core, tenant) => {
      const [outcome] = await core.identity.userImport.begin().importBatch([
        {
          line: 1,
          email,
          name: text(parsed, 'name'),
          givenName: text(parsed, 'first-name'),
          familyName: text(parsed, 'last-name'),
          username: text(parsed, 'username'),
          role: text(parsed, 'role'),
          tenant: tenant.identifier,
          password,
        },
      ])
      if (outcome?.status !== 'imported') {
        const reason = outcome?.status === 'skipped' ? `a user with email ${email} exists` : outcome?.reason
        throw new CliError(`user not created: ${reason} (coop ${tenant.identifier})`)
      }
      process.stdout.write(`${outcome.userId}\n`)
      return 0
    })
  },
}

export const usersListCommand: Command = {
  name: 'users list',
  summary: "list a coop's users",
  help: `Usage: latchkey users list [--coop <identifier>] [--json]

${COOP_HELP}
  --json                 one JSON object per line instead of a table

Lists every user of the coop, oldest first: id, email, username, name, role, state
(enabled, unconfirmed or disabled) and creation time.

Example:
  latchkey users list --coop ampnet`,
  options: { ...coopOptions, json: { type: 'boolean' } },
  async run(parsed, env) {
    return withCoop(env, parsed, async (core, tenant) => {
      const users: User[] = []
      for (let page = 0; ; page++) {
        const result = await core.identity.userAdmin.list(tenant.id, {
          page,
          size: 100,
          sort: [{ key: 'createdAt', descending: false }],
        })
        users.push(...result.users)
        if (page + 1 >= result.totalPages) break
      }
      const state = (user: User) =>
        user.disabledAt !== undefined ? 'disabled' : user.enabled ? 'enabled' : 'unconfirmed'
      if (parsed.values.json === true) {
        for (const user of users) {
          const { id, email, username, displayName, role, createdAt } = user
          const line = {
            id,
            email,
            username: username ?? null,
            name: displayName,
            role,
            state: state(user),
            createdAt,
          }
          process.stdout.write(`${JSON.stringify(line)}\n`)
        }
        return 0
      }
      process.stdout.write(
        table(
          ['ID', 'EMAIL', 'USERNAME', 'NAME', 'ROLE', 'STATE', 'CREATED'],
          users.map((user) => [
            user.id,
            user.email,
            user.username ?? '',
            user.displayName,
            user.role,
            state(user),
            user.createdAt.toISOString(),
          ]),
        ),
      )
      return 0
    })
  },
}

export const usersSetPasswordCommand: Command = {
  name: 'users set-password',
  summary: "replace a user's password and end their sessions",
  help: `Usage: latchkey users set-password <user> (--password <pw> | --password-stdin) [--coop <identifier>]

${USER_ARG}
${PASSWORD_HELP}
${COOP_HELP}

The same rule as users create, hashed with the server's Argon2id parameters; the password's expiry
follows the coop's policy, and every session of the user ends.

Example:
  printf '%s\\n' 'New-secret-42' | latchkey users set-password ada@example.com --password-stdin`,
  options: { ...passwordOptions, ...coopOptions },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const password = await passwordFrom(parsed, this.name)
    const problem = operatorPasswordRule.check(password)
    if (problem !== undefined) throw new CliError(`password ${problem}`)
    return withUserArg(env, parsed, async (core, { user }) => {
      await core.identity.passwordChanges.setByOperator(user.id, password, operatorPasswordRule)
      return `password of ${user.email} set; their sessions ended`
    })
  },
}

export const usersSetRoleCommand: Command = {
  name: 'users set-role',
  summary: "give a user a single-holder role (AMPnet's operator role change)",
  help: `Usage: latchkey users set-role <user> <role> [--coop <identifier>]

${USER_ARG}
<role> is ADMIN, TOKEN_ISSUER or PLATFORM_MANAGER. Each has one holder per coop: the current holder
becomes USER (a new ADMIN takes all three over), in one transaction. USER is not given directly.
Tokens carry the role, so it shows from the user's next sign-in or refresh.
${COOP_HELP}

Example:
  latchkey users set-role ada@example.com ADMIN --coop my-coop`,
  options: { ...coopOptions },
  positionals: { min: 2, max: 2 },
  async run(parsed, env) {
    const role = parsed.positionals[1] ?? ''
    if (!isRole(role)) {
      throw new CliError(`unknown role "${role}": one of ${roles.join(', ')}`, EXIT_USAGE)
    }
    if (role === 'USER') {
      throw new CliError('USER is not given directly: a user becomes USER when another takes their role')
    }
    return withUserArg(env, parsed, async (core, { user, tenant }) => {
      await core.identity.roles.changeRole({ tenantId: tenant.id, userId: user.id, role })
      return `${user.email} is now ${role} in coop ${tenant.identifier}`
    })
  },
}

export const usersDisableCommand = userActionCommand({
  verb: 'disable',
  summary: 'disable a user: no sign-in, and their tokens and API keys stop working',
  about: `Every session of the user ends, so their access and refresh tokens are refused on every API (other
instances learn it through Redis or PostgreSQL NOTIFY, at the latest after REVOCATION_SYNC_SECONDS);
sign-in, social login, refresh and API keys are refused from now on.`,
  act: async (core, { user }) => {
    const ended = await core.identity.userOperator.disable(user.id)
    return `disabled ${user.email}; ${ended} session(s) ended`
  },
})

export const usersCommands = [
  usersCreateCommand,
  usersListCommand,
  usersSetPasswordCommand,
  usersSetRoleCommand,
  usersDisableCommand,
]
