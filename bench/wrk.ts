import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AlternateRequest } from './load.ts'

export interface WrkSpec {
  readonly url: string
  readonly method: string
  readonly headers: Record<string, string>
  readonly body?: string
  /** A body with `%d` where each request puts its own number (unique sign-up emails). */
  readonly bodyTemplate?: string
  /** Sent in turn with the main request: every second request is this one. */
  readonly alternate?: AlternateRequest
  readonly connections: number
  readonly seconds: number
  /** Where wrk runs (taskset -c), if pinning is available. */
  readonly core: number | undefined
}

export interface WrkResult {
  readonly requests: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly non2xx: number
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return true
  } catch (error) {
    // wrk prints its usage and exits 1 on --version: it is there all the same.
    return (error as { status?: number }).status === 1
  }
}

// BENCH_GENERATOR=autocannon runs the fallback even where wrk is installed.
export const wrkAvailable = process.env.BENCH_GENERATOR !== 'autocannon' && hasWrk()

const luaString = (text: string) => `"${text.replace(/[\\"]/g, (char) => `\\${char}`).replace(/\n/g, '\\n')}"`

/**
 * The Lua wrk runs for a method, a body, numbered bodies or an alternate request (headers go on the
 * command line).
 */
export function script(spec: WrkSpec): string {
  if (spec.bodyTemplate !== undefined && spec.alternate !== undefined)
    throw new Error('a load spec has either numbered bodies or an alternate request, not both')
  const lines = [`wrk.method = ${luaString(spec.method)}`]
  if (spec.body !== undefined) lines.push(`wrk.body = ${luaString(spec.body)}`)
  if (spec.alternate !== undefined) {
    const { method, path, body } = spec.alternate
    // One counter for all connections: requests go out main, alternate, main… in the order wrk asks.
    lines.push(
      'local n = 0',
      'request = function()',
      '  n = n + 1',
      `  if n % 2 == 0 then return wrk.format(${luaString(method)}, ${luaString(path)}, nil, ${body === undefined ? 'nil' : luaString(body)}) end`,
      '  return wrk.format()',
      'end',
    )
  }
  if (spec.bodyTemplate !== undefined) {
    // A prefix per run, so that the warm-up's and the measured run's numbers never meet.
    const prefix = `${Date.now().toString(36)}-`
    const template = spec.bodyTemplate.replace('%d', `${prefix}%d`)
    lines.push(
      'local n = 0',
      'request = function()',
      '  n = n + 1',
      `  return wrk.format(nil, nil, nil, string.format(${luaString(template)}, n))`,
      'end',
    )
  }
  return `${lines.join('\n')}\n`
}

const MS_PER_UNIT: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 }

function latencyMs(output: string, percentile: string): number {
  const match = new RegExp(`^\\s+${percentile}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output)
  if (!match) return Number.NaN
  return Math.round(Number(match[1]) * (MS_PER_UNIT[match[2] ?? 'ms'] ?? 1) * 100) / 100
}

export function parseWrk(output: string): WrkResult {
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0)
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0)
  return {
    requests,
    rps: Math.round(rps),
    p50: latencyMs(output, '50'),
    p99: latencyMs(output, '99'),
    errors,
    non2xx,
  }
}

/** One wrk run: a single thread (it pins to one core anyway), fixed connections and duration. */
export async function runWrk(spec: WrkSpec): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-wrk-'))
  try {
    const scriptPath = join(dir, 'request.lua')
    writeFileSync(scriptPath, script(spec))
    const args = [
      '-t1',
      `-c${spec.connections}`,
      `-d${Math.max(1, Math.round(spec.seconds))}s`,
      // wrk counts a response slower than its timeout (2 s by default) as an error; password work
      // under load comes close.
      '--timeout',
      '10s',
      '--latency',
      '-s',
      scriptPath,
    ]
    for (const [name, value] of Object.entries(spec.headers)) args.push('-H', `${name}: ${value}`)
    args.push(spec.url)
    const [command, commandArgs] =
      spec.core === undefined ? ['wrk', args] : ['taskset', ['-c', String(spec.core), 'wrk', ...args]]
    const output = await new Promise<string>((resolve, reject) =>
      execFile(command as string, commandArgs as string[], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    )
    return parseWrk(output)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
