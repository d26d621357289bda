import { z } from 'zod';
import { ROLES } from '../../core/roles';

/** Response schemas shared by several routes (they also document the API in OpenAPI). */
export const errorSchema = z.object({
  error: z.object({
    id: z.string(),
    status: z.number().int(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const errorResponses = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const userSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  province: z.string().nullable(),
  disabled: z.boolean(),
  created_at: z.string(),
});

export const pcodeParam = z.string().regex(/^PK\d{1,5}$/i, 'must be a P-code such as PK528').transform((s) => s.toUpperCase());

/** Page-based pagination shared by list endpoints: `?page=1&per_page=50`. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
};

export const paginationSchema = z.object({ page: z.number().int(), per_page: z.number().int(), total: z.number().int() });
