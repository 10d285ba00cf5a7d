import { BlockList, isIP } from 'node:net'
import type { FieldProblem } from '../errors.ts'

export interface TargetPolicy {
  /** Only https URLs (production). */
  readonly requireHttps: boolean
  /** Loopback, private, link-local and other non-public addresses may be targets. */
  readonly allowPrivate: boolean
}

// Addresses a server inside the operator's network can reach but the internet cannot: a webhook
// must not become a way to make Latchkey call them (SSRF).
const nonPublic = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  nonPublic.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  nonPublic.addSubnet(network, prefix, 'ipv6')

/** True for an address that is not on the public internet (IPv4-mapped IPv6 judged as IPv4). */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped !== undefined) return nonPublic.check(mapped, 'ipv4')
  const family = isIP(address)
  if (family === 0) return true
  return nonPublic.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

const MAX_URL_CHARS = 2048

/** What is wrong with `text` as a webhook URL under `policy`; none when it may be used. */
export function webhookUrlProblems(text: string, policy: TargetPolicy): FieldProblem[] {
  const problem = (message: string) => [{ field: 'url', problem: message }]
  if (text.length > MAX_URL_CHARS) return problem(`must be at most ${MAX_URL_CHARS} characters`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return problem('must be an absolute URL')
  }
  if (url.protocol !== 'https:' && (policy.requireHttps || url.protocol !== 'http:'))
    return problem(policy.requireHttps ? 'must use https' : 'must use http or https')
  if (url.username !== '' || url.password !== '') return problem('must not carry credentials')
  if (url.hash !== '') return problem('must not have a fragment')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!policy.allowPrivate && (host === 'localhost' || host.endsWith('.localhost')))
    return problem('must not point at this machine')
  if (!policy.allowPrivate && isIP(host) !== 0 && isNonPublicAddress(host))
    return problem('must not point at a private or loopback address')
  return []
}
