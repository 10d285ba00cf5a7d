import type { AddressInfo } from 'node:net'
import { after, before } from 'node:test'
import { forEachDatabase, type TestDialect } from './databases.ts'
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts'
import { createTestApp, type TestApp } from './test-app.ts'
import { createTestCore, type TestCore } from './test-core.ts'

/**
 * Stands for what a suite's `before` makes, so the suite body can name it before it exists: every
 * property read (or write) goes to the value `get` returns at that moment.
 */
export function late<T extends object>(what: string, get: () => T | undefined): T {
  const target = () => {
    const value = get()
    if (value === undefined) throw new Error(`${what} is made in the suite's before hook: use it in a test`)
    return value
  }
  return new Proxy({} as T, {
    get(_, key) {
      const value = target()
      const property: unknown = Reflect.get(value, key)
      return typeof property === 'function' ? property.bind(value) : property
    },
    set: (_, key, property) => Reflect.set(target(), key, property),
    has: (_, key) => Reflect.has(target(), key),
  })
}

type Env = Readonly<Record<string, string>>

export interface AppFixtureOptions {
  /** Settings, as environment variables; a function when they name the SMTP sink. */
  readonly env?: Env | ((sink: SmtpSink) => Env)
  /** Starts an SMTP sink first, for suites that read the mails. */
  readonly mail?: boolean
  /** Listens on a loopback port, for peers that call Latchkey over a socket. */
  readonly listen?: boolean
}

export interface AppFixture {
  readonly app: TestApp
  /** Only with `mail: true`. */
  readonly sink: SmtpSink
  /** `http://127.0.0.1:<port>`, only with `listen: true`. */
  baseUrl(): string
}

/** A test app for the enclosing suite: made before its tests, closed after them (then the sink). */
export function useTestApp(dialect: TestDialect, options: AppFixtureOptions = {}): AppFixture {
  let app: TestApp | undefined
  let sink: SmtpSink | undefined
  let baseUrl: string | undefined
  before(async () => {
    if (options.mail) sink = await startSmtpSink()
    const env =
      typeof options.env === 'function' ? options.env(late('the SMTP sink', () => sink)) : options.env
    app = await createTestApp({ dialect, ...(env && { env }) })
    if (options.listen) {
      await app.server.listen({ port: 0, host: '127.0.0.1' })
      baseUrl = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`
    }
  })
  after(async () => {
    await app?.close()
    await sink?.close()
  })
  return {
    app: late('the test app', () => app),
    sink: late('the SMTP sink', () => sink),
    baseUrl() {
      if (baseUrl === undefined) throw new Error('the test app listens only with listen: true, once started')
      return baseUrl
    },
  }
}

/** A fake peer (Veriff, Google …) for the enclosing suite; call it before the app that names its URL. */
export function useFake<T extends { close(): Promise<void> }>(what: string, start: () => Promise<T>): T {
  let fake: T | undefined
  before(async () => {
    fake = await start()
  })
  after(() => fake?.close())
  return late(what, () => fake)
}

/** A test core for the enclosing suite: made before its tests, closed after them. */
export function useTestCore(dialect: TestDialect, env?: Env): TestCore {
  let testCore: TestCore | undefined
  before(async () => {
    testCore = await createTestCore({ dialect, ...(env && { env }) })
  })
  after(() => testCore?.close())
  return late('the test core', () => testCore)
}

type CoreSuite = (world: TestCore, dialect: TestDialect) => void

/** Runs `suite` once per test database with a fresh core (`env`: extra settings). */
export function coreSuite(name: string, ...args: [CoreSuite] | [{ readonly env: Env }, CoreSuite]): void {
  const [options, suite] = args.length === 1 ? [undefined, args[0]] : args
  forEachDatabase(name, (dialect) => suite(useTestCore(dialect, options?.env), dialect))
}

export interface SurfaceWorld extends AppFixture {
  readonly dialect: TestDialect
}

type SurfaceSuite = (world: SurfaceWorld) => void

/** Runs `suite` once per test database with a fresh app (and SMTP sink with `mail: true`). */
export function surfaceSuite(
  name: string,
  ...args: [SurfaceSuite] | [AppFixtureOptions, SurfaceSuite]
): void {
  const [options, suite] = args.length === 1 ? [{}, args[0]] : args
  forEachDatabase(name, (dialect) => suite({ dialect, ...useTestApp(dialect, options) }))
}
