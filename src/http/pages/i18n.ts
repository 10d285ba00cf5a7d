import { en, type MessageKey } from './messages/en.ts'
import { hr } from './messages/hr.ts'

export type { MessageKey }

const catalogues = { en, hr } satisfies Record<string, Record<MessageKey, string>>

export type Language = keyof typeof catalogues

export const LANGUAGES = Object.keys(catalogues) as Language[]
export const DEFAULT_LANGUAGE: Language = 'en'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(catalogues, value)
}

/** The catalogue's text for `key` in `lang`, with `{name}` replaced by params.name. */
export function translate(
  lang: Language,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const text: string = catalogues[lang][key]
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

/** The first supported language of an Accept-Language header, by quality then order. */
export function languageFromAcceptLanguage(header: string | undefined): Language | undefined {
  if (header === undefined) return undefined
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';')
      const q = params.map((param) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(param)?.[1]).find(Boolean)
      return { code: range.trim().toLowerCase().split('-')[0] ?? '', quality: q ? Number(q) : 1, index }
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
  return ranked.map((entry) => entry.code).find(isLanguage)
}

/**
 * The page language: `?lang=` (which the caller then remembers in a cookie), else the cookie, else
 * the browser's Accept-Language, else English.
 */
export function chooseLanguage(
  queryLang: unknown,
  cookieLang: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  if (isLanguage(queryLang)) return queryLang
  if (isLanguage(cookieLang)) return cookieLang
  return languageFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE
}
