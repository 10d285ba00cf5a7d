import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GIF, JPEG, PNG, WEBP } from '../../../test/support/ampnet-coops.ts'
import { sniffImageType, storedFilename } from './tenant-file.ts'

describe('coop images', () => {
  it('recognises PNG, JPEG, GIF and WebP by their bytes', () => {
    assert.equal(sniffImageType(PNG), 'image/png')
    assert.equal(sniffImageType(JPEG), 'image/jpeg')
    assert.equal(sniffImageType(GIF), 'image/gif')
    assert.equal(sniffImageType(WEBP), 'image/webp')
  })

  it('refuses SVG, HTML, truncated headers and nothing at all', () => {
    const refused = [
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '<?xml version="1.0"?><svg/>',
      '<html><script>alert(1)</script></html>',
      'RIFF\u0000\u0000\u0000\u0000WAVE',
      'GIF8',
      '',
    ]
    for (const text of refused) assert.equal(sniffImageType(Buffer.from(text, 'latin1')), undefined, text)
    assert.equal(sniffImageType(PNG.subarray(0, 7)), undefined)
  })

  it('names a stored image after the upload, safely, with the extension of its real type', () => {
    assert.equal(storedFilename('logo.png', 'image/png', 'logo'), 'logo.png')
    assert.equal(storedFilename('my logo.final.PNG', 'image/gif', 'logo'), 'my_logo.final.gif')
    assert.equal(storedFilename('../../etc/passwd', 'image/png', 'logo'), 'passwd.png')
    assert.equal(storedFilename('C:\\x\\ban"ner<>.jpg', 'image/jpeg', 'banner'), 'banner.jpg')
    assert.equal(storedFilename('.hidden', 'image/png', 'logo'), 'hidden.png')
    assert.equal(storedFilename('ünïcödé.png', 'image/png', 'logo'), 'ncd.png')
    assert.equal(storedFilename(undefined, 'image/webp', 'banner'), 'banner.webp')
    assert.equal(storedFilename('%%%.png', 'image/png', 'logo'), 'logo.png')
    assert.equal(storedFilename(`${'a'.repeat(100)}.png`, 'image/png', 'logo'), `${'a'.repeat(64)}.png`)
  })
})
