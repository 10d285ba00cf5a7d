// The canonical 8-4-4-4-12 hex form, any version and either case: ids and tokens that surfaces
// take from paths and bodies are checked against it before they reach a query.
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID_SHAPE.test(value)
}
