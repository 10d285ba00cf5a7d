import { type FileHandle, open, rm } from 'node:fs/promises'
import type { Core } from '../core/core.ts'
import type { ExportedUser } from '../core/user/user-operator.service.ts'
import { CliError, type Command, EXIT_USAGE } from './command.ts'
import { COOP_HELP, chosenTenant, coopOptions, withCore } from './context.ts'
import { USER_ARG, userActionCommand, withUserArg } from './user-arg.ts'

export const usersEnableCommand = userActionCommand({
  verb: 'enable',
  summary: 'lift users disable: the user may sign in again',
  about: `Lifts an operator's disable: the user may sign in, refresh and use API keys again (the sessions the
disable ended stay ended). Recorded in the coop's audit log. A user who was not disabled is left as
they are.`,
  act: async (core, { user }) =>
    (await core.identity.userOperator.enable(user.id))
      ? `enabled ${user.email}`
      : `${user.email} was not disabled`,
})

export const usersDeleteCommand: Command = {
  name: 'users delete',
  summary: 'erase a user and everything that is theirs (GDPR), irreversibly',
  help: `Usage: latchkey users delete <user> --yes [--coop <identifier>]

${USER_ARG}
  --yes                  required: the erasure cannot be undone
${COOP_HELP}

In one transaction: the user, their sessions (their access tokens are refused at once on every
instance), API keys, ideas, bank accounts, KYC data (Veriff and Identyum records), mail tokens and
mail to their address go; the audit log keeps its events with the user's id replaced by a stable
pseudonym and the IP address and user agent of their own requests removed. The erasure itself is
recorded (under the pseudonym). The coop may be left without an ADMIN: give the role with set-role.

Example:
  latchkey users delete ada@example.com --yes --coop my-coop`,
  options: { ...coopOptions, yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    if (parsed.values.yes !== true) {
      throw new CliError('users delete erases the user for good: add --yes to confirm', EXIT_USAGE)
    }
    return withUserArg(env, parsed, async (core, { user, tenant }) => {
      const counts = await core.identity.userErasure.erase({ tenantId: tenant.id, userId: user.id })
      const removed = Object.entries(counts)
        .filter(([kind, n]) => n > 0 && kind !== 'audit_events')
        .map(([kind, n]) => `${n} ${kind.replaceAll('_', ' ')}`)
      return (
        `deleted ${user.email} from coop ${tenant.identifier}` +
        `${removed.length > 0 ? ` with ${removed.join(', ')}` : ''}; ` +
        `${counts.audit_events} audit event(s) now name ${core.identity.userErasure.pseudonymOf(user.id)}`
      )
    })
  },
}

/** A line `latchkey import` reads back: the fields of its format, nothing else. */
function exportLine({ user, passwordHash, coopIdentifier }: ExportedUser & { passwordHash: string }): string {
  return JSON.stringify({
    email: user.email,
    name: user.displayName,
    first_name: user.givenName,
    last_name: user.familyName,
    username: user.username ?? null,
    role: user.role,
    coop: coopIdentifier,
    password_hash: passwordHash,
  })
}

/** Writes the lines; counts what went and what was left out, in all and per coop. */
async function writeUsers(core: Core, tenantId: string | undefined, file: FileHandle) {
  const tally = { users: 0, social: 0, disabled: 0 }
  // Per coop, for each coop's audit log: its admins see that their users left.
  const perCoop = new Map<string, { users: number; left_out: number }>()
  if (tenantId !== undefined) perCoop.set(tenantId, { users: 0, left_out: 0 })
  let chunk = ''
  for await (const exported of core.identity.userOperator.exportUsers(tenantId)) {
    const { passwordHash, user } = exported
    const coop = perCoop.get(user.tenantId) ?? { users: 0, left_out: 0 }
    perCoop.set(user.tenantId, coop)
    if (passwordHash === undefined || user.disabledAt !== undefined) {
      coop.left_out++
      if (passwordHash === undefined) tally.social++
      else tally.disabled++
    } else {
      chunk += `${exportLine({ ...exported, passwordHash })}\n`
      coop.users++
      tally.users++
    }
    if (chunk.length >= 64 * 1024) {
      await file.write(chunk)
      chunk = ''
    }
  }
  await file.write(chunk)
  await file.sync()
  return { tally, perCoop }
}

export const usersExportCommand: Command = {
  name: 'users export',
  summary: 'write users with their password hashes as JSON Lines that import reads back',
  help: `Usage: latchkey users export <file> [--coop <identifier> | --all-coops]

${COOP_HELP}
  --all-coops            every coop's users (each line names its coop)

Writes one JSON object per user, in the format of latchkey import: email, name, first_name,
last_name, username, role, coop and password_hash (Argon2id, or a bcrypt/Argon2 hash imported
earlier and not yet upgraded), so the users sign in with their passwords after an import into
another installation (create its coops first: latchkey coops create). Left out, and counted on
stdout: users without a password (Google/Facebook sign-in only; import cannot create them) and
disabled users (import would enable them). Nothing else leaves: no sessions, keys or KYC data.

The file holds password hashes: it is created with mode 0600 and never overwritten (an existing
file is an error). Keep it like a database backup and delete it once imported. Each export is
recorded in each exported coop's audit log.

Example:
  latchkey users export /secure/users.jsonl --all-coops`,
  options: { ...coopOptions, 'all-coops': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const path = parsed.positionals[0] ?? ''
    const all = parsed.values['all-coops'] === true
    if (all && (parsed.values.coop !== undefined || parsed.values.tenant !== undefined)) {
      throw new CliError('give --coop or --all-coops, not both', EXIT_USAGE)
    }
    return withCore(env, async (core) => {
      const tenant = all ? undefined : await chosenTenant(core, parsed)
      // 'wx': never through an existing file (or a link planted there), and 0600 from the start.
      const file = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(
          `cannot create ${path}: ${error.code === 'EEXIST' ? 'the file exists' : error.message}`,
        )
      })
      let written: Awaited<ReturnType<typeof writeUsers>>
      try {
        written = await writeUsers(core, tenant?.id, file)
      } catch (error) {
        // A half-written file of password hashes helps nobody: it goes.
        await file.close()
        await rm(path, { force: true })
        throw error
      }
      await file.close()
      const { tally, perCoop } = written
      for (const [tenantId, counts] of perCoop)
        await core.identity.userOperator.recordExport(tenantId, counts)
      const scope = tenant === undefined ? 'every coop' : `coop ${tenant.identifier}`
      process.stdout.write(
        `exported ${tally.users} user(s) of ${scope} to ${path}; left out ${tally.social} without a ` +
          `password (social sign-in) and ${tally.disabled} disabled\n`,
      )
      return 0
    })
  },
}

export const usersLifecycleCommands = [usersEnableCommand, usersDeleteCommand, usersExportCommand]
