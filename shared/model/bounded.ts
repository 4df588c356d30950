import { z } from 'zod';

/**
 * Building blocks for schemas of data that crosses a boundary (IPC, case files, packet content):
 * every string has a maximum length and every collection a maximum size, so nothing a peer sends
 * can make a stored case, a reply or a parse grow without bound.
 */

/** A record whose keys and number of entries are bounded (zod's record has no size limit). */
export function boundedRecord<V extends z.ZodType>(value: V, maxEntries: number, maxKeyLength = 100) {
  return z
    .record(z.string().max(maxKeyLength), value)
    .refine((r) => Object.keys(r).length <= maxEntries, { message: `at most ${maxEntries} entries` });
}

/** A text in both UI languages, as findings and evidence carry it (German first). */
export const BilingualTextSchema = z.object({ de: z.string().max(2000), en: z.string().max(2000) });
export type BilingualTextType = z.infer<typeof BilingualTextSchema>;

/** A flat figure: no nested structure, so a stored value can never be a deep tree. */
export const ScalarSchema = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
export type ScalarType = z.infer<typeof ScalarSchema>;
