import { everyRateLimit } from '../src/config/config.ts'

/** Latchkey's environment in every bench: production settings on a data directory of its own. */
export function latchkeyEnv(port: number, dataDir: string, compileCache: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    LOG_LEVEL: 'warn',
    IDEAPOOL_ACCESS_TTL_SECONDS: '3600',
    // No mail is sent by these operations; production mode wants a relay configured.
    SMTP_URL: 'smtp://127.0.0.1:9',
    // Production refuses a localhost issuer and social login without our app and client ids.
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    FACEBOOK_LOGIN_ENABLED: 'false',
    GOOGLE_LOGIN_ENABLED: 'false',
    // As `npm start` does: stripped TypeScript and bytecode come from Node's compile cache.
    NODE_COMPILE_CACHE: compileCache,
    // Limits on, so that their cost is measured, but too high for the load to reach.
    ...everyRateLimit('1000000000/60'),
    ARGON2_QUEUE_LIMIT: '100000',
  }
}
