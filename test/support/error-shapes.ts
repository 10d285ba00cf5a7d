import type { RouteOwner } from './route-catalogue.ts'

// The documented 4xx bodies of each surface (docs/api/*.md), as shapes: a fuzzer checks the shape, not
// the text, since any of a route's documented failures may be the right one for a random input.

type Body = Record<string, unknown>

const isString = (value: unknown) => typeof value === 'string'
const hasExactly = (body: Body, keys: readonly string[]) =>
  Object.keys(body).length === keys.length && keys.every((key) => key in body)

const shapes: Record<RouteOwner, (body: Body | undefined, status: number) => boolean> = {
  ideapool: (body) => body !== undefined && hasExactly(body, ['reason']) && isString(body.reason),
  authheader: (body) => body !== undefined && hasExactly(body, ['message']) && isString(body.message),
  users: (body) =>
    body !== undefined &&
    hasExactly(body, ['success', 'message']) &&
    body.success === false &&
    isString(body.message),
  // AMPnet answers with its own body, the JWT library's (no `errors`), Spring's, or empty.
  ampnet: (body, status) => {
    if (body === undefined) return true
    const own = ['description', 'err_code', 'message']
    if (hasExactly(body, [...own, 'errors']))
      return (
        own.every((key) => isString(body[key])) && typeof body.errors === 'object' && body.errors !== null
      )
    if (hasExactly(body, own)) return own.every((key) => isString(body[key]))
    return (
      hasExactly(body, ['timestamp', 'status', 'error', 'message', 'path']) &&
      body.status === status &&
      isString(body.error) &&
      isString(body.message)
    )
  },
  platform: (body) => isRootError(body),
}

/** The root's own body: unknown routes and router failures before any surface is chosen. */
function isRootError(body: Body | undefined): boolean {
  return (
    body !== undefined &&
    hasExactly(body, ['error', 'message']) &&
    isString(body.error) &&
    isString(body.message)
  )
}

/** The body as the client would read it: undefined when empty, the raw text when not JSON. */
function parsed(text: string): Body | undefined | string {
  if (text === '') return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : text
  } catch {
    return text
  }
}

/** Whether a 4xx answer has one of its owners' documented shapes, or the root's router-failure shape. */
export function isDocumentedError(owners: readonly RouteOwner[], status: number, text: string): boolean {
  const body = parsed(text)
  // docs/spec-decisions.md: a refused Identyum report is the original's text/plain 422.
  if (typeof body === 'string')
    return (
      owners.includes('ampnet') &&
      status === 422 &&
      body.startsWith('Error: Could not process Identyum report')
    )
  if ((status === 400 || status === 414) && isRootError(body)) return true
  return owners.some((owner) => shapes[owner](body, status))
}
