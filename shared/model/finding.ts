import { z } from 'zod';
import { BilingualTextSchema } from './bounded.js';

/** Findings and the laptop's side of a measurement: shared by the measurement and result models. */

export const SeveritySchema = z.enum(['info', 'warning', 'error']);
export type SeverityType = z.infer<typeof SeveritySchema>;

/** A conclusion drawn from a measurement (or, later, a trace or log), in plain words. */
export const FindingSchema = z.object({
  /** Stable machine code, e.g. `port-no-answer`, `sip-lagged`. */
  code: z.string().regex(/^[a-z0-9-]{1,60}$/),
  severity: SeveritySchema,
  text: BilingualTextSchema,
  /** What to do next, when there is something to do. */
  next: BilingualTextSchema.nullable().default(null),
  /** Checklist steps this finding helps answer. */
  stepIds: z.array(z.string().max(100)).max(10).default([]),
});
export type FindingType = z.infer<typeof FindingSchema>;

/** The laptop's side of a measurement: the hotline always asks from where it was measured. */
export const LocalEndpointSchema = z.object({
  address: z.string().max(64).nullable(),
  interface: z.string().max(64).nullable(),
});
export type LocalEndpointType = z.infer<typeof LocalEndpointSchema>;

