import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseJsonText } from './body-parsers.ts'
import { MalformedBodyError } from './framework-errors.ts'

describe('JSON text as the surfaces take it', () => {
  it('parses ordinary bodies, escapes included', () => {
    assert.deepEqual(parseJsonText('{"refresh_token":"abc","n":[1,2,{"x":null}]}'), {
      refresh_token: 'abc',
      n: [1, 2, { x: null }],
    })
    assert.deepEqual(parseJsonText('{"name":"Jos\\u00e9 \\"J\\""}'), { name: 'José "J"' })
    // The forbidden names as values are only strings.
    assert.deepEqual(parseJsonText('{"name":"constructor","role":"__proto__"}'), {
      name: 'constructor',
      role: '__proto__',
    })
  })

  it('refuses prototype keys, however they are spelt', () => {
    for (const text of [
      '{"__proto__":{"admin":true}}',
      '{"a":{"constructor":{"prototype":{}}}}',
      '{"__pr\\u006fto__":{"admin":true}}',
      '{"c\\u006fnstructor":1}',
    ]) {
      assert.throws(() => parseJsonText(text), MalformedBodyError, text)
    }
  })

  it('refuses U+0000 in a key or a string, escaped or raw', () => {
    for (const text of ['{"email":"a\\u0000b"}', '{"e\\u0000":"x"}', '{"email":"a\u0000b"}', '["\\u0000"]']) {
      assert.throws(() => parseJsonText(text), MalformedBodyError, JSON.stringify(text))
    }
  })

  it('refuses text that is not JSON', () => {
    for (const text of ['{"email":', '{"a":1,}', 'nul', "{'a':1}"]) {
      assert.throws(() => parseJsonText(text), MalformedBodyError, text)
    }
  })
})
