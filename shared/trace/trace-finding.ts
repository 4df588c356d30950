import { z } from 'zod';
import { BilingualTextSchema } from '../model/bounded.js';
import { SeveritySchema } from '../model/finding.js';

/**
 * A conclusion drawn from a capture or a PBX log (issue 7): stable id, severity, the sentence in
 * both languages and the checklist step it answers. The CLI prints `text` in the user's language.
 */
export const TraceFindingSchema = z.object({
  /** Stable machine code, e.g. `qualify-unreachable`, `error-codes-frequent`. */
  id: z.string().regex(/^[a-z0-9-]{1,60}$/),
  severity: SeveritySchema,
  text: BilingualTextSchema,
  /** The checklist step this finding answers (e.g. `unreachable-lagged`, `error-codes`). */
  step: z.string().max(100).optional(),
});
export type TraceFindingType = z.infer<typeof TraceFindingSchema>;

/** The finding as the CLI's --json prints it: text in one language. */
export const CliTraceFindingSchema = TraceFindingSchema.extend({ text: z.string().max(2000) });
export type CliTraceFindingType = z.infer<typeof CliTraceFindingSchema>;
