export interface Tenant {
  readonly id: string
  readonly identifier: string
  readonly name: string
  readonly createdAt: Date
}
