// Latchkey under node:cluster: the primary forks `argv[2]` workers, each running src/main.ts on the
// same port and data directory (the primary hands connections round-robin to them).
import cluster from 'node:cluster'

if (cluster.isPrimary) {
  const workers = Number(process.argv[2])
  cluster.setupPrimary({ exec: new URL('../../src/main.ts', import.meta.url).pathname, args: [] })
  // The first worker migrates a fresh data directory alone; the others start once it listens.
  cluster.fork().once('listening', () => {
    for (let i = 1; i < workers; i++) cluster.fork()
  })
  // One SIGTERM to the primary stops every worker.
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    cluster.disconnect(() => process.exit(0))
  })
}
