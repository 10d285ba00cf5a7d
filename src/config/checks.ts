// Cross-field checks shared by config sections; each adds its problems rather than throwing, so that
// startup can report all of them at once.

/** Two settings that only work together: both set or neither. */
export function checkPair(
  problems: string[],
  names: readonly [string, string],
  values: readonly [unknown, unknown],
): void {
  if ((values[0] === undefined) !== (values[1] === undefined)) {
    problems.push(`${names[0]}, ${names[1]}: set both or neither`)
  }
}

/** Base URLs of outside services: each, when set, an http(s) URL that `accept` also takes. */
export function checkHttpUrls(
  problems: string[],
  urls: readonly (readonly [env: string, url: string | undefined])[],
  accept: (url: string) => boolean = () => true,
): void {
  for (const [env, url] of urls) {
    if (url !== undefined && (!/^https?:\/\//.test(url) || !accept(url))) {
      problems.push(`${env}: must be an http(s) URL`)
    }
  }
}
