// `npm run bench:profile [-- --seconds=N]`: Latchkey under load, one operation at a time, each in a
// process started with --cpu-prof; writes docs/flame-<operation>.svg and prints the functions with
// the most self time. Pinned as the bench is: server on core 0, wrk (or autocannon) on core 1.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CpuProfile, renderFlameGraph, topInclusive, topSelf } from './flame-graph.ts'
import { latchkeyEnv } from './latchkey-env.ts'
import { generator, setGeneratorCore } from './load.ts'
import { latchkeyOperations } from './operations.ts'
import { pinSelf, startTarget, tasksetAvailable } from './processes.ts'

const secondsArg = process.argv.find((arg) => arg.startsWith('--seconds='))
const seconds = secondsArg === undefined ? 8 : Number(secondsArg.slice('--seconds='.length))
// The hot paths of the performance goals, and the file each flame graph goes to.
const PROFILED: Record<string, string> = {
  'GET /me (ideapool token)': 'flame-me.svg',
  'GET /test/secure (API key)': 'flame-api-key.svg',
  'GET /ideas?page=1 (10 ideas)': 'flame-ideas.svg',
  'POST /access-tokens/refresh': 'flame-refresh.svg',
  'POST /access-tokens (password login)': 'flame-login.svg',
}

const GENERATOR_CORE = availableParallelism() > 1 ? 1 : 0
pinSelf(GENERATOR_CORE)
setGeneratorCore(tasksetAvailable ? GENERATOR_CORE : undefined)
const here = new URL('.', import.meta.url).pathname
const docs = new URL('../docs/', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'latchkey-profile-'))
const dataDir = join(scratch, 'data')
const env = latchkeyEnv(4605, dataDir, join(scratch, 'compile-cache'))
const start = (name: string, nodeArgs: string[] = []) =>
  startTarget({
    name,
    script: join(here, '../bin/serve.js'),
    nodeArgs,
    port: 4605,
    healthPath: '/ready',
    core: 0,
    env,
  })

try {
  // Accounts, keys and ideas are made once; each profiled process reopens the same data directory.
  const setup = await start('latchkey (setup)')
  const operations = (await latchkeyOperations(setup.url, dataDir, 100, 100)).filter(
    (operation) => PROFILED[operation.name] !== undefined,
  )
  await setup.stop()
  for (const operation of operations) {
    const dir = join(scratch, `profile-${operations.indexOf(operation)}`)
    const target = await start(operation.name, ['--cpu-prof', `--cpu-prof-dir=${dir}`])
    const result = await operation.run({ seconds, warmupSeconds: 2 })
    await target.stop()
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
    if (!file) throw new Error(`${operation.name}: no profile written`)
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const title = `Latchkey ${operation.name}: ${result.rps} req/s (${generator}, one server core)`
    writeFileSync(join(docs, PROFILED[operation.name] as string), renderFlameGraph(profile, title))
    process.stdout.write(`\n${title}\n`)
    process.stdout.write('  self time:\n')
    for (const { name, share } of topSelf(profile, 12))
      process.stdout.write(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}\n`)
    process.stdout.write('  with callees:\n')
    for (const { name, share } of topInclusive(profile, 30))
      process.stdout.write(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}\n`)
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
