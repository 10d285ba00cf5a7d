import type { Command } from './command.ts'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the HTTP server (the same as npm start)',
  help: `Usage: latchkey serve

Migrates the database and serves every enabled API on HOST:PORT until SIGTERM or Ctrl-C.
Configuration comes from the environment (see docs/configuration.md).

Example:
  PORT=8080 DATA_DIR=/var/lib/latchkey latchkey serve`,
  async run() {
    // The server's own entry point: it keeps the process alive and exits on its own signals.
    const { serve } = await import('../main.ts')
    await serve()
    return new Promise<number>(() => undefined)
  },
}
