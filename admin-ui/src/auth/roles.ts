import { ROLES, type Role } from './types';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `required` (viewer < operator < admin). */
export function hasRole(role: Role | undefined, required: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  operator: 'Operator',
  viewer: 'Viewer',
};

export const ROLE_COLORS: Record<Role, string> = {
  admin: 'volcano',
  operator: 'blue',
  viewer: 'default',
};
