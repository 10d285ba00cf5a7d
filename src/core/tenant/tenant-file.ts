/** An image a coop shows (logo, banner), stored by Latchkey so that every instance serves it. */
export interface TenantFile {
  readonly id: string
  readonly tenantId: string
  /** Safe for a URL path segment and a Content-Disposition header. */
  readonly filename: string
  /** Taken from the bytes, never from what the uploader claimed. */
  readonly contentType: ImageType
  readonly data: Uint8Array
  readonly createdAt: Date
}

/** Enough to link a stored image: `…/{id}/{filename}`. */
export interface StoredImage {
  readonly id: string
  readonly filename: string
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

const extensions: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((byte, index) => data[at + index] === byte)

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0))

/**
 * The image type the bytes are, by their magic numbers. SVG is deliberately not among them: it is
 * XML that can carry scripts, and a served logo must never run code on Latchkey's origin.
 */
export function sniffImageType(data: Uint8Array): ImageType | undefined {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp'
  return undefined
}

/**
 * A file name for the stored image: the uploaded name's stem reduced to `[A-Za-z0-9._-]`
 * (whitespace runs become `_`, as the original's storage keys did), at most 64 characters, with the
 * extension of the type the bytes really are.
 */
export function storedFilename(
  uploadedName: string | undefined,
  type: ImageType,
  fallbackStem: string,
): string {
  const base = (uploadedName ?? '').split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  const stem = (dot > 0 ? base.slice(0, dot) : base)
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9._-]/g, '')
    .replace(/^[.]+/, '')
    .slice(0, 64)
  return `${stem === '' ? fallbackStem : stem}.${extensions[type]}`
}
