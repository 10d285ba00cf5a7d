import assert from 'node:assert/strict'
import { it } from 'node:test'
import { parseCookies } from './cookies.ts'
import { html, toHtmlString, unsafeRaw } from './html.ts'
import { chooseLanguage, languageFromAcceptLanguage, translate } from './i18n.ts'

it('escapes every interpolation unless it is html itself', () => {
  const name = `<img src=x onerror="alert('1')">&`
  const inner = html`<b>${name}</b>`
  assert.equal(
    toHtmlString(
      html`<p title="${name}">${inner}${[1, ' & ', false, null, undefined]}${unsafeRaw('<br>')}</p>`,
    ),
    '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"><b>&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</b>1 &amp; <br></p>',
  )
})

it('takes the first supported language of Accept-Language by quality, then order', () => {
  assert.equal(languageFromAcceptLanguage('de-DE,de;q=0.9,hr;q=0.8,en;q=0.7'), 'hr')
  assert.equal(languageFromAcceptLanguage('en;q=0.5, hr-HR'), 'hr')
  assert.equal(languageFromAcceptLanguage('hr;q=0, en'), 'en')
  assert.equal(languageFromAcceptLanguage('fr, *'), undefined)
  assert.equal(languageFromAcceptLanguage(undefined), undefined)
  assert.equal(chooseLanguage('hr', 'en', 'en'), 'hr')
  assert.equal(chooseLanguage('xx', 'hr', 'en'), 'hr')
  assert.equal(chooseLanguage(['hr'], undefined, 'fr'), 'en')
})

it('fills catalogue parameters and leaves unknown ones visible', () => {
  assert.equal(translate('hr', 'signUp.intro', { coop: 'Zadruga' }), 'Izrađujete račun za Zadruga.')
  assert.equal(translate('en', 'signUp.intro'), 'You are creating an account for {coop}.')
})

it('reads only well-formed cookies, the first of two with one name', () => {
  const cookies = parseCookies('lk_csrf=abc_-1; lk_lang=hr; lk_lang=en; bad; odd=a"b; =x')
  assert.deepEqual(
    [...cookies],
    [
      ['lk_csrf', 'abc_-1'],
      ['lk_lang', 'hr'],
    ],
  )
})
