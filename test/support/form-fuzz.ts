import fc from 'fast-check'

// Generated form posts for the HTML surfaces (hosted pages, console): junk or plausible values under
// known or random field names, sent urlencoded or as raw bytes, with or without the CSRF token.

/** FUZZ_SEED replays a failure. */
export const FORM_FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_205)

/** A field value: any text, any bytes, or one of `plausible` (what the handlers look for). */
export function formValue(...plausible: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...plausible),
  )
}

/** Up to `maxKeys` fields, named from `names` or at random. */
export function formFields(
  names: readonly string[],
  value: fc.Arbitrary<string>,
  maxKeys: number,
): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 })), value, { maxKeys })
}

/** A body: the fields urlencoded, or up to 200 random bytes. */
export function formBody(fields: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fields.map((each) => Buffer.from(new URLSearchParams(each).toString())),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  )
}

/** The body behind a valid `_csrf` field when `withCsrf`, so some requests get past the check. */
export const withCsrfToken = (body: Buffer, token: string, withCsrf: boolean): Buffer =>
  withCsrf ? Buffer.concat([Buffer.from(`_csrf=${token}&`), body]) : body

/** How often each status was answered: the run shows (and asserts) which handlers it reached. */
export function createStatusTally() {
  const statuses = new Map<number, number>()
  return {
    count(status: number): void {
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    },
    has: (status: number): boolean => statuses.has(status),
    toString: (): string => `statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  }
}
