import { type Config, listFields } from './config.ts'

/** Levenshtein distance: how many one-letter edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

// Short names sit close to ordinary ones (HOST and HOME differ in two letters), so
// only one edit counts as a typo for them; longer names tolerate two.
function toleranceOf(name: string): number {
  return name.length <= 6 ? 1 : 2
}

/** The Latchkey variable `name` most likely misspells, if any (it is not one of ours itself). */
export function misspelledVariable(name: string, known: ReadonlySet<string>): string | undefined {
  if (known.has(name) || name.startsWith('npm_')) return undefined
  let best: { env: string; distance: number } | undefined
  for (const env of known) {
    // A lower-case or mixed-case spelling of ours is a typo whatever its length.
    const distance = name.toUpperCase() === env ? 0 : editDistance(name, env)
    if (distance <= toleranceOf(env) && (best === undefined || distance < best.distance)) {
      best = { env, distance }
    }
  }
  return best?.env
}

/**
 * What an operator should hear about at start-up but what does not stop it: variables that look
 * like a misspelt setting (which would otherwise silently keep its default) and production settings
 * that work but expose more than intended.
 */
export function configWarnings(config: Config, env: Readonly<Record<string, string | undefined>>): string[] {
  const known = new Set(listFields().map(({ field }) => field.env))
  const warnings: string[] = []
  for (const name of Object.keys(env).sort()) {
    const meant = misspelledVariable(name, known)
    if (meant !== undefined)
      warnings.push(`${name} is not a Latchkey setting and is ignored; did you mean ${meant}?`)
  }
  if (config.env !== 'production') return warnings
  if (config.server.corsOrigins.split(',').some((origin) => origin.trim() === '*')) {
    warnings.push(
      "CORS_ORIGINS=*: scripts of any website may call the sign-in, token and user APIs from a browser; list your frontends' origins",
    )
  }
  const publicUrl = config.server.publicUrl
  if (publicUrl === undefined || new URL(publicUrl).protocol === 'http:') {
    warnings.push(
      `PUBLIC_URL ${publicUrl === undefined ? 'is unset (http://localhost)' : `is ${publicUrl}`}: token issuer and mail links use http://; put Latchkey behind HTTPS and set an https:// URL`,
    )
  }
  return warnings
}
