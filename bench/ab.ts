// `npm run bench:ab -- <checkout> <checkout> … [--op=<regex>] [--rounds=N] [--seconds=N]`: two or
// more builds of Latchkey (checkouts with their node_modules) measured side by side, to tell whether
// a change helps. Every round starts each build afresh (in a shuffled order: a process's memory layout
// alone moves its speed by up to a tenth), pins them all to core 0, drives them all at once from
// core 1, so that the machine's drift hits every build alike, then stops them. Prints each build's
// server CPU per request against the first build's in the same round. See bench/levers.md.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { latchkeyEnv } from './latchkey-env.ts'
import { setGeneratorCore } from './load.ts'
import { latchkeyOperations, type Operation } from './operations.ts'
import { pinSelf, startTarget, type Target, tasksetAvailable } from './processes.ts'

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const op = new RegExp(option('op', '^GET /me \\(ideapool'))
const rounds = Number(option('rounds', '8'))
const seconds = Number(option('seconds', '5'))
const checkouts = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
if (checkouts.length < 2 || availableParallelism() < 2 || !tasksetAvailable) {
  process.stderr.write('usage: npm run bench:ab -- <checkout> <checkout> … (needs two cores and taskset)\n')
  process.exit(2)
}
const builds = checkouts.map((dir, index) => ({
  name: `${index}:${basename(resolve(dir))}`,
  dir: resolve(dir),
}))
pinSelf(1)
setGeneratorCore(1)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const perRequest = new Map<string, number[]>(builds.map((build) => [build.name, []]))
for (let round = 0; round < rounds; round++) {
  const scratch = mkdtempSync(join(tmpdir(), 'latchkey-ab-'))
  const running: { name: string; target: Target; run: Operation['run'] }[] = []
  try {
    for (const build of [...builds].sort(() => Math.random() - 0.5)) {
      const port = 4630 + builds.indexOf(build)
      const dataDir = join(scratch, String(port))
      const target = await startTarget({
        name: build.name,
        script: join(build.dir, 'bin/serve.js'),
        port,
        healthPath: '/ready',
        core: 0,
        env: latchkeyEnv(port, dataDir, join(scratch, `cache-${port}`)),
      })
      const operation = (await latchkeyOperations(target.url, dataDir, 100, 100)).find((o) => op.test(o.name))
      if (operation === undefined) throw new Error(`no operation matches ${op}`)
      running.push({ name: build.name, target, run: operation.run })
    }
    // Started together, so the warm-ups and the measured runs line up across the builds.
    const results = await Promise.all(
      running.map(({ target, run }) =>
        run({ seconds, warmupSeconds: 2, serverPid: target.child.pid as number }),
      ),
    )
    running.forEach((build, index) => {
      perRequest.get(build.name)?.push(results[index]?.cpuUs ?? Number.NaN)
    })
    const line = builds.map((build) => `${build.name} ${perRequest.get(build.name)?.at(-1)?.toFixed(1)} µs`)
    process.stdout.write(`round ${round + 1}: ${line.join(' | ')}\n`)
  } finally {
    await Promise.all(running.map((build) => build.target.stop()))
    rmSync(scratch, { recursive: true, force: true })
  }
}
const first = perRequest.get(builds[0]?.name ?? '') ?? []
for (const build of builds) {
  const values = perRequest.get(build.name) ?? []
  const ratios = values.map((value, index) => value / (first[index] ?? value))
  process.stdout.write(
    `${build.name}: median ${median(values).toFixed(1)} µs of CPU per request; against the first build ` +
      `in the same round: median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})\n`,
  )
}
