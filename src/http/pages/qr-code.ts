import qrcode from 'qrcode-generator'
import { type SafeHtml, unsafeRaw } from './html.ts'

/**
 * An inline SVG QR code of `text`, for an authenticator app to scan. The library writes only its
 * own elements and numbers (the text becomes modules, never markup), so the SVG is safe to embed;
 * inline SVG needs no image source, so the pages' CSP stays as it is.
 */
export function qrCodeSvg(text: string): SafeHtml {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return unsafeRaw(qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true }))
}
