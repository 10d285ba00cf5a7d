import { publicUrlOf } from '../config/config.ts'
import type { Command } from './command.ts'
import { withCore } from './context.ts'

export const consoleSignInLinkCommand: Command = {
  name: 'console sign-in-link',
  summary: 'print a one-time link that opens the admin console as the operator',
  help: `Usage: latchkey console sign-in-link

Prints a link to the admin console's operator pages (every coop, the signing keys). It works once,
within 10 minutes, and opens an operator session of 8 hours in the browser that follows it.
Operators are not users of any coop: whoever may run this command on the server is one. The link is
a credential: do not paste it where others can read it. Only its hash is stored.

Example:
  latchkey console sign-in-link`,
  async run(_parsed, env) {
    return withCore(env, async (core, config) => {
      const { token, expiresAt } = await core.ops.operatorConsole.createSignInLink()
      process.stdout.write(
        `${publicUrlOf(config)}/console/operator/sign-in?token=${token}\n` +
          `valid once, until ${expiresAt.toISOString()}\n`,
      )
      return 0
    })
  },
}

export const consoleCommands = [consoleSignInLinkCommand]
