import { z } from 'zod';

// PROVISIONAL: replaced by the probe engine's schemas when its branch lands (same field names,
// as issue 5 fixes them for the CLI's --json).

export const TcpStatusSchema = z.enum(['open', 'refused', 'no-answer', 'unreachable']);
export const PortsResultSchema = z.object({
  host: z.string().max(253),
  addresses: z.array(z.string().max(64)).max(32),
  tcp: z.array(z.object({ address: z.string().max(64), port: z.number().int(), status: TcpStatusSchema, ms: z.number() })).max(512),
});
export type PortsResultType = z.infer<typeof PortsResultSchema>;

export const SipClassSchema = z.enum(['ok', 'lagged', 'unreachable']);
export const SipPingResultSchema = z.object({
  target: z.string().max(300),
  probes: z.array(z.object({ seq: z.number().int(), status: z.string().max(20), rttMs: z.number().nullable(), code: z.number().int().nullable(), class: SipClassSchema })).max(2000),
  summary: z.object({
    sent: z.number().int(),
    ok: z.number().int(),
    lagged: z.number().int(),
    unreachable: z.number().int(),
    rttMs: z.object({ min: z.number().nullable(), median: z.number().nullable(), max: z.number().nullable() }),
    lossPercent: z.number(),
  }),
});
export type SipPingResultType = z.infer<typeof SipPingResultSchema>;
