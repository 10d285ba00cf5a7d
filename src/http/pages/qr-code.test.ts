import assert from 'node:assert/strict'
import { it } from 'node:test'
import { toHtmlString } from './html.ts'
import { qrCodeSvg } from './qr-code.ts'

it('draws a QR code as an SVG of its own elements only, with none of the text as markup', () => {
  const svg = toHtmlString(qrCodeSvg('otpauth://totp/x:"><script>alert(1)</script>?secret=ABC'))
  assert.match(svg, /^<svg [^>]*viewBox="0 0 \d+ \d+"/)
  assert.match(svg, /<\/svg>$/)
  assert.doesNotMatch(svg, /script|otpauth|secret/)
  assert.deepEqual(
    [...new Set([...svg.matchAll(/<(\w+)/g)].map((match) => match[1]))],
    ['svg', 'rect', 'path'],
  )
})
