export interface Tenant {
  readonly id: string
  readonly identifier: string
  readonly name: string
  readonly createdAt: Date
  /** How long a new password lasts; 0: passwords never expire (the default). */
  readonly passwordMaxAgeDays: number
}
