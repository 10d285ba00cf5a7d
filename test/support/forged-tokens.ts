import { generateKeyPair, SignJWT } from 'jose'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Tokens that look like `genuine` but must be refused: alg none, tampered claims, a stranger's key. */
export async function forgeriesOf(genuine: string): Promise<string[]> {
  const [header, payload, signature] = genuine.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
  const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid as string
  const stranger = await generateKeyPair('ES256')
  return [
    `${b64({ alg: 'none', typ: 'JWT', kid })}.${payload}.`,
    `${header}.${b64({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`,
    await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(stranger.privateKey),
    `${genuine}x`,
  ]
}
