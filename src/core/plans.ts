/** Plan vocabulary shared by server, CLI and web. */
export const DIMENSIONS = ['kinetic', 'non-kinetic', 'enabler', 'mixed'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function parseDimension(value: string | null | undefined): Dimension | null {
  const v = (value ?? '').trim().toLowerCase();
  return (DIMENSIONS as readonly string[]).includes(v) ? (v as Dimension) : null;
}
