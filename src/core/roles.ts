/** Roles of the platform. Provincial roles carry a province scope that the server enforces. */
export const ROLES = ['admin', 'national_coordinator', 'provincial_approver', 'provincial_focal_person', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const PROVINCIAL_ROLES: readonly Role[] = ['provincial_approver', 'provincial_focal_person'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  national_coordinator: 'National coordinator',
  provincial_approver: 'Provincial approver',
  provincial_focal_person: 'Provincial focal person',
  analyst: 'Analyst',
};

export function isProvincialRole(role: Role): boolean {
  return PROVINCIAL_ROLES.includes(role);
}

/** A provincial role needs a province; the others must not have one. Returns a problem or null. */
export function roleScopeProblem(role: Role, provincePcode: string | null | undefined): string | null {
  if (isProvincialRole(role) && !provincePcode) return `role ${role} needs a province`;
  if (!isProvincialRole(role) && provincePcode) return `role ${role} is national and takes no province`;
  return null;
}
