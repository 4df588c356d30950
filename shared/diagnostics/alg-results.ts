import { z } from 'zod';

/** The SIP-ALG check (issue 6 §3), as `alg --json` prints it and the case stores it. */
const TransportCheckSchema = z.object({
  /** Did a reply come back at all (null fields when not). */
  answered: z.boolean(),
  /** Something on the way changed the request (an ALG), or null when nothing came back. */
  rewritten: z.boolean().nullable(),
  /** Lines that arrived differently from how they were sent. */
  changes: z.array(z.object({ sent: z.string().max(300), received: z.string().max(300) })).max(50),
  error: z.string().max(200).nullable(),
});
export type AlgTransportCheckType = z.infer<typeof TransportCheckSchema>;

export const AlgResultSchema = z.object({
  reflector: z.string().max(300),
  /** The private address the request carried (Via, Contact, SDP). */
  localAddress: z.string().max(64).nullable(),
  udp: TransportCheckSchema,
  tcp: TransportCheckSchema,
});
export type AlgResultType = z.infer<typeof AlgResultSchema>;
