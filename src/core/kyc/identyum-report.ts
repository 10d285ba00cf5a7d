import { constants, createDecipheriv, createVerify, type KeyObject, privateDecrypt } from 'node:crypto'
import { AppError } from '../errors.ts'
import { isRecord, textOrUndefined, type VerifiedPerson } from './kyc.ts'

// Identyum's finished report: the body is base64 of AES/ECB/PKCS5 ciphertext, the AES key
// comes RSA-encrypted (PKCS#1 v1.5) with our public key in `secret-key`, and `signature` is
// Identyum's RSA-SHA256 signature over the body as sent.

export interface IdentyumKeys {
  /** Identyum's public key: checks the signature. */
  readonly identyumPublicKey: KeyObject
  /** Ours: unwraps the AES key. */
  readonly privateKey: KeyObject
}

export interface IdentyumReport {
  readonly sessionId: string
  readonly status: string
  readonly userId: string | undefined
  readonly instance: string | undefined
  readonly person: VerifiedPerson | undefined
}

/** A rejection with a fixed cause text: never the report's content, which is personal data. */
const rejected = (cause: string) =>
  new AppError('kyc_report_rejected', { problems: [{ field: 'report', problem: cause }] })

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/

function decryptBody(body: Buffer, secretKey: string, keys: IdentyumKeys): Buffer {
  let aesKey: Buffer
  try {
    aesKey = privateDecrypt(
      { key: keys.privateKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(secretKey, 'base64'),
    )
  } catch {
    throw rejected('the secret-key header does not decrypt with our private key')
  }
  if (![16, 24, 32].includes(aesKey.length)) throw rejected('the AES key has an impossible length')
  if (!BASE64.test(body.toString('latin1'))) throw rejected('the body is not base64')
  try {
    const decipher = createDecipheriv(`aes-${aesKey.length * 8}-ecb`, aesKey, null)
    return Buffer.concat([decipher.update(Buffer.from(body.toString('latin1'), 'base64')), decipher.final()])
  } catch {
    throw rejected('the body does not decrypt with the AES key')
  }
}

const first = (list: unknown): Record<string, unknown> | undefined =>
  Array.isArray(list) && isRecord(list[0]) ? list[0] : undefined

const fieldText = (field: unknown) => textOrUndefined(isRecord(field) ? field.value : field)

function personOf(data: unknown): VerifiedPerson | undefined {
  const personal = isRecord(data) ? data.personalData : undefined
  if (!isRecord(personal)) return undefined
  const givenName = fieldText(personal.firstName)
  const familyName = fieldText(personal.lastName)
  if (givenName === undefined || familyName === undefined) return undefined
  const document = first(personal.documents)
  return {
    givenName,
    familyName,
    dateOfBirth: fieldText(personal.dateOfBirth),
    nationality: fieldText(personal.nationalityCode),
    documentType: fieldText(document?.type),
    documentCountry: fieldText(document?.issuingCountry ?? document?.countryCode),
    documentValidUntil: fieldText(document?.dateOfExpiry ?? document?.expiryDate),
  }
}

/**
 * Checks, decrypts and reads a report.
 * @throws {AppError} kyc_report_rejected, with a fixed cause text in details.problems[0]
 */
export function openIdentyumReport(
  body: Buffer,
  secretKey: string,
  signature: string,
  keys: IdentyumKeys,
): IdentyumReport {
  let signed = false
  try {
    signed = createVerify('sha256').update(body).verify(keys.identyumPublicKey, signature, 'base64')
  } catch {
    signed = false
  }
  if (!signed) throw rejected('the signature does not match the body')
  let report: unknown
  try {
    report = JSON.parse(decryptBody(body, secretKey, keys).toString('utf8'))
  } catch (error) {
    throw error instanceof AppError ? error : rejected('the decrypted report is not JSON')
  }
  if (!isRecord(report)) throw rejected('the decrypted report is not a JSON object')
  const sessionId = textOrUndefined(report.clientSessionUuid)
  if (sessionId === undefined) throw rejected('the report has no clientSessionUuid')
  const custom = isRecord(report.customParameters) ? report.customParameters : {}
  return {
    sessionId,
    status: textOrUndefined(report.status) ?? '',
    userId: textOrUndefined(custom.user),
    instance: textOrUndefined(custom.instance),
    person: personOf(report.data),
  }
}
