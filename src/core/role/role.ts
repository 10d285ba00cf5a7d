import { isOneOf } from '../shared/one-of.ts'

// AMPnet's roles and their privileges, kept in the core because every surface's
// users have a role: the first account of a coop but the default one becomes its ADMIN, whichever surface
// creates it.

export const roles = ['ADMIN', 'USER', 'TOKEN_ISSUER', 'PLATFORM_MANAGER'] as const
export type Role = (typeof roles)[number]

/** Every privilege: an ADMIN holds them all. */
const allPrivileges = [
  'MONITORING',
  'PRA_PROFILE',
  'PWA_PROFILE',
  'PRO_PROFILE',
  'PWO_PROFILE',
  'PRA_ORG',
  'PWA_ORG_APPROVE',
  'PRO_ORG_INVITE',
  'PWO_ORG_INVITE',
  'PRA_WALLET',
  'PWA_WALLET',
  'PWA_WALLET_TRANSFER',
  'PRA_WITHDRAW',
  'PWA_WITHDRAW',
  'PRA_DEPOSIT',
  'PWA_DEPOSIT',
  'PWA_COOP',
  'PRA_COOP',
] as const
export type Privilege = (typeof allPrivileges)[number]

// In the original's order: the JWT's `authorities` list repeats it verbatim.
const privileges: Record<Role, readonly Privilege[]> = {
  ADMIN: allPrivileges,
  USER: ['PRO_PROFILE', 'PWO_PROFILE', 'PRO_ORG_INVITE', 'PWO_ORG_INVITE'],
  TOKEN_ISSUER: [
    'PRA_PROFILE',
    'PRO_PROFILE',
    'PWO_PROFILE',
    'PRA_ORG',
    'PRA_WITHDRAW',
    'PWA_WITHDRAW',
    'PRA_DEPOSIT',
    'PWA_DEPOSIT',
    'PRA_WALLET',
    'PWA_WALLET_TRANSFER',
  ],
  // An ADMIN's privileges in the same order, but the writes to all withdrawals and deposits.
  PLATFORM_MANAGER: allPrivileges.filter((p) => p !== 'PWA_WITHDRAW' && p !== 'PWA_DEPOSIT'),
}

export const isRole = isOneOf(roles)

export function can(role: Role, privilege: Privilege): boolean {
  return privileges[role].includes(privilege)
}

/** The role's privileges, then `ROLE_<role>`: the `authorities` of an AMPnet token. */
export function authoritiesOf(role: Role): string[] {
  return [...privileges[role], `ROLE_${role}`]
}

/**
 * Who loses their role when `role` is given: ADMIN, TOKEN_ISSUER and PLATFORM_MANAGER have one
 * holder per tenant, as they map to on-chain ownership in AMPnet; a new ADMIN
 * takes all three over.
 */
export function displacedBy(role: Exclude<Role, 'USER'>): readonly Role[] {
  return role === 'ADMIN' ? ['ADMIN', 'PLATFORM_MANAGER', 'TOKEN_ISSUER'] : [role]
}
