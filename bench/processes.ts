import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface Target {
  readonly name: string
  readonly url: string
  readonly child: ChildProcess
  rssMb(): number
  /** RSS once the process has been idle a moment (start-up garbage collected, timers run). */
  settledRssMb(): Promise<number>
  stop(): Promise<void>
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const tasksetAvailable = hasTaskset()

/** Keeps the load generator (this process) off the core the servers run on. */
export function pinSelf(core: number): void {
  if (tasksetAvailable)
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' })
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`)
    try {
      const response = await fetch(url)
      if (response.status < 500) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`)
}

const children = new Set<ChildProcess>()
// A crashed bench must not leave servers behind to answer the next run's requests.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

async function assertPortFree(port: number): Promise<void> {
  const inUse = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  )
  if (inUse) throw new Error(`port ${port} is already in use: stop whatever listens there first`)
}

/** Starts a server script with this Node, pinned to `core` when taskset exists, and waits until it answers. */
export async function startTarget(options: {
  name: string
  script: string
  args?: string[]
  /** Node's own flags (e.g. --cpu-prof), before the script. */
  nodeArgs?: string[]
  env?: Record<string, string>
  port: number
  healthPath: string
  /** The core to pin it to; -1 leaves it free to use every core. */
  core: number
}): Promise<Target> {
  await assertPortFree(options.port)
  const nodeArgs = [...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])]
  const [command, args] =
    tasksetAvailable && options.core >= 0
      ? ['taskset', ['-c', String(options.core), process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs]
  const child = spawn(command as string, args as string[], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  const url = `http://127.0.0.1:${options.port}`
  await waitForHealth(`${url}${options.healthPath}`, child)
  const rssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    return Math.round(kb / 1024)
  }
  return {
    name: options.name,
    url,
    child,
    rssMb,
    async settledRssMb() {
      await new Promise((resolve) => setTimeout(resolve, 2000))
      return rssMb()
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
