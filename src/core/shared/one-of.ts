/** A type guard for a closed list of names (roles, policies, providers): input from outside in, the union out. */
export function isOneOf<T extends string>(values: readonly T[]): (value: unknown) => value is T {
  const names: readonly string[] = values
  return (value: unknown): value is T => typeof value === 'string' && names.includes(value)
}
