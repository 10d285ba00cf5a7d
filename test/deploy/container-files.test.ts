import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { listFields } from '../../src/config/config.ts'
import { assertDrainsOnSigterm } from '../support/drain-check.ts'
import { freePort } from '../support/free-port.ts'
import { startLatchkeyProcess } from '../support/latchkey-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (file: string) => readFileSync(join(root, file), 'utf8')

interface Instruction {
  readonly keyword: string
  readonly args: string
}

/** Dockerfile → stages of instructions: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): Instruction[][] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const stages: Instruction[][] = []
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/)
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') }
    if (instruction.keyword === 'FROM') stages.push([])
    assert.ok(stages.length > 0, `${line}: before the first FROM`)
    stages.at(-1)?.push(instruction)
  }
  return stages
}

/** An exec-form argument list (a JSON array of strings), or a failed assertion. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args)
  assert.ok(
    Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'),
    `${args}: not exec form`,
  )
  return parsed
}

/** `ENV A=1 B=2` (the key=value form) → { A: '1', B: '2' }. */
function envOf(stage: readonly Instruction[]): Record<string, string> {
  const pairs = stage.filter(({ keyword }) => keyword === 'ENV').flatMap(({ args }) => args.split(/\s+/))
  return Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]))
}

const stages = parseDockerfile(read('Dockerfile'))
const final = stages.at(-1) ?? []
const last = (keyword: string) => final.findLast((instruction) => instruction.keyword === keyword)?.args
const imageCommand = execForm(last('CMD') ?? '[]')
const knownVariables = new Set(listFields().map(({ field }) => field.env))

describe('Dockerfile', () => {
  it('builds in stages on node:24-slim and installs production dependencies only', () => {
    assert.ok(stages.length >= 2, 'multi-stage')
    for (const stage of stages) assert.match(stage[0]?.args ?? '', /^node:24-slim\b/)
    const build = stages[0] ?? []
    assert.ok(build.some(({ keyword, args }) => keyword === 'RUN' && /npm ci --omit=dev/.test(args)))
  })

  it('runs as a user other than root, under tini, with an exec-form command', () => {
    assert.ok(!['root', '0', undefined].includes(last('USER')), `USER ${last('USER')}`)
    assert.deepEqual(execForm(last('ENTRYPOINT') ?? ''), ['/usr/bin/tini', '--'])
    assert.ok(final.some(({ keyword, args }) => keyword === 'RUN' && /install .*\btini\b/.test(args)))
    assert.deepEqual(imageCommand, ['node_modules/.bin/node', 'bin/serve.js'])
  })

  it('runs the start command the README documents for production', () => {
    assert.ok(read('README.md').includes(imageCommand.join(' ')), 'README names the image command')
  })

  it('checks health on /ready in exec form', () => {
    const healthcheck = last('HEALTHCHECK') ?? ''
    const [, command = ''] = healthcheck.split(/\bCMD\s+/)
    const argv = execForm(command)
    assert.equal(argv[0], imageCommand[0])
    assert.match(argv.join(' '), /\/ready/)
  })

  it('sets only settings Latchkey knows', () => {
    for (const name of Object.keys(envOf(final))) assert.ok(knownVariables.has(name), name)
  })
})

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, Record<string, unknown>>
  }
  const latchkey = compose.services.latchkey ?? {}
  const environment = latchkey.environment as Record<string, string>

  it('runs Latchkey with PostgreSQL and Redis, started once healthy', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['latchkey', 'postgres', 'redis'])
    assert.equal(latchkey.build, '.')
    assert.deepEqual(latchkey.depends_on, {
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    })
    for (const name of ['postgres', 'redis']) assert.ok(compose.services[name]?.healthcheck, name)
  })

  it('gives Latchkey only settings it knows, pointing at the two services', () => {
    for (const name of Object.keys(environment)) assert.ok(knownVariables.has(name), name)
    assert.equal(environment.NODE_ENV, 'production')
    assert.match(environment.DATABASE_URL ?? '', /^postgres:\/\/latchkey:.*@postgres:5432\/latchkey$/)
    assert.equal(environment.REDIS_URL, 'redis://redis:6379')
    assert.match(environment.SECRET_KEY ?? '', /^\$\{SECRET_KEY:\?/, 'required, never a default')
    const postgres = compose.services.postgres?.environment as Record<string, string>
    assert.equal(postgres.POSTGRES_USER, 'latchkey')
    assert.equal(postgres.POSTGRES_DB, 'latchkey')
  })

  it('lets the drain finish before Docker kills the container', () => {
    const seconds = Number(String(latchkey.stop_grace_period).replace(/s$/, ''))
    // SHUTDOWN_GRACE_SECONDS + SHUTDOWN_TIMEOUT_SECONDS at their defaults.
    assert.ok(seconds > 1 + 15, `stop_grace_period ${latchkey.stop_grace_period}`)
  })
})

it("serves /ready, passes its healthcheck and drains on SIGTERM with the image's command and environment", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-image-'))
  const latchkey = await startLatchkeyProcess(
    {
      ...envOf(final),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SECRET_KEY: randomBytes(32).toString('base64'),
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      // What production requires of every deployment (the image cannot know them).
      PUBLIC_URL: 'https://id.example.com',
      GOOGLE_LOGIN_ENABLED: 'false',
      FACEBOOK_LOGIN_ENABLED: 'false',
    },
    imageCommand.slice(1),
    { command: join(root, imageCommand[0] ?? ''), cwd: root },
  )
  try {
    const [, healthcheck = ''] = (last('HEALTHCHECK') ?? '').split(/\bCMD\s+/)
    const [command = '', ...args] = execForm(healthcheck)
    const port = new URL(latchkey.url).port
    const probe = spawnSync(join(root, command), args, { cwd: root, env: { PORT: port }, timeout: 10_000 })
    assert.equal(probe.status, 0, 'the HEALTHCHECK command passes')
    await assertDrainsOnSigterm(latchkey)
    const stopped = spawnSync(join(root, command), args, { cwd: root, env: { PORT: port }, timeout: 10_000 })
    assert.equal(stopped.status, 1, 'and fails once the server is gone')
  } finally {
    latchkey.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
})

const dockerEngine = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0

it('builds the image and validates compose.yaml with Docker', {
  skip: !dockerEngine && 'no Docker engine here (docker info failed): image build and compose check skipped',
  timeout: 1_200_000,
}, () => {
  const env = { ...process.env, SECRET_KEY: 'x'.repeat(32), SMTP_URL: 'smtp://mail.example.com' }
  const config = spawnSync('docker', ['compose', 'config', '--quiet'], { cwd: root, env, encoding: 'utf8' })
  assert.equal(config.status, 0, config.stderr)
  const build = spawnSync('docker', ['build', '--tag', 'latchkey:test', '.'], { cwd: root, encoding: 'utf8' })
  assert.equal(build.status, 0, build.stderr)
})
