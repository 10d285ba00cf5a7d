/** The slice of a pino logger the core uses, so the core does not depend on the HTTP framework. */
export interface Logger {
  /** The decisions an operator chases (why a token or request was refused), off unless LOG_LEVEL=debug. */
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
