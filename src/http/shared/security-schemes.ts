import type { CredentialPlaces, TokenPlace } from './authenticate.ts'

// A surface's OpenAPI security schemes, read from the places its access hook reads: the document
// cannot name a header the server does not look at. Each kind of place has its scheme's name
// (`bearer`, `accessToken`, `queryToken`, `apiKey`); a header is documented as the place spells it.

export type SecurityScheme =
  | { readonly type: 'http'; readonly scheme: 'bearer'; readonly bearerFormat: 'JWT' }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query'; readonly name: string }

function schemeOf(place: TokenPlace): [string, SecurityScheme] {
  if ('query' in place) return ['queryToken', { type: 'apiKey', in: 'query', name: place.query }]
  if (place.scheme === 'Bearer' || place.scheme === 'maybe-bearer')
    return ['bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }]
  return ['accessToken', { type: 'apiKey', in: 'header', name: place.header }]
}

export function securitySchemesOf(places: CredentialPlaces): Record<string, SecurityScheme> {
  const schemes = places.token.map(schemeOf)
  if (places.apiKey !== undefined)
    schemes.push(['apiKey', { type: 'apiKey', in: 'header', name: places.apiKey.header }])
  const named = Object.fromEntries(schemes)
  if (Object.keys(named).length !== schemes.length) throw new Error('two credential places of one kind')
  return named
}
