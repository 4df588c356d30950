/**
 * The live capture as a job (issue 8 §1): counters as partial results while it runs; stop ends it
 * normally, and the capture becomes a case attachment (kind trace) analysed like an imported one;
 * cancel drops it. A problem mid-capture (interface gone, disk full) still keeps what was captured.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureJobResultType, CaptureCountersType } from '../../../shared/capture/live-capture.js';
import type { CaptureJobSpecType } from '../../../shared/jobs/job-specs.js';
import type { AttachmentRefType } from '../../../shared/model/case.js';
import { storedTrace } from '../../../shared/trace/trace-stored.js';
import { CaptureProblem } from '../capture/capture-backend.js';
import { startLiveCapture } from '../capture/live-capture.js';
import { analyzeInWorker } from '../trace/analyze-in-worker.js';
import { safeFileName } from '../trace/uploads.js';
import { traceMeasurement } from './import-jobs.js';
import type { JobDefinitionType } from './job-runner.js';

/** Where a case's attachments live and how one is added (the case store). */
export interface CaptureAttachmentsType {
  dir(caseId: string): string;
  add(caseId: string, ref: AttachmentRefType): Promise<unknown>;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function countersMessage(c: CaptureCountersType) {
  return { de: `${c.packets} Pakete, ${c.sipMessages} SIP-Nachrichten, ${c.devicesSeen} Geräte`, en: `${c.packets} packets, ${c.sipMessages} SIP messages, ${c.devicesSeen} devices` };
}

export function captureJob(attachments: CaptureAttachmentsType | null): JobDefinitionType<CaptureJobSpecType, CaptureJobResultType, CaptureJobResultType> {
  return {
    type: 'capture',
    target: (s) => `${s.iface}${s.pbx ? ` → ${s.pbx}` : ''}`,
    // The time limit, or a day; plus the analysis of what was kept.
    maxDurationMs: (s) => ((s.durationS ?? 86_400) + 15 * 60) * 1000,
    run: async (spec, ctx) => {
      if (attachments === null) throw new Error('capture:backend-failed:no case store');
      const dir = attachments.dir(ctx.caseId);
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
      const fileName = `${stamp}-mitschnitt-${safeFileName(spec.iface)}.pcapng`.slice(0, 120);
      const out = join(dir, fileName);
      let live;
      try {
        live = await startLiveCapture({
          ...spec,
          // "Until stopped" still ends by itself after a day, before the runner's watchdog would
          // cancel it (and drop the file).
          durationS: spec.durationS ?? 86_400,
          out,
          onCounters: (counters) => ctx.progress({ partial: { counters, end: null, attachment: null, trace: null }, message: countersMessage(counters) }),
        });
      } catch (error) {
        // The window words the code with the OS's fix (liveCaptureProblemText).
        if (error instanceof CaptureProblem) throw new Error(`capture:${error.code}:${error.detail}`.slice(0, 500));
        throw error;
      }
      const cancel = () => live.cancel();
      const stop = () => live.stop();
      ctx.signal.addEventListener('abort', cancel, { once: true });
      ctx.stopSignal.addEventListener('abort', stop, { once: true });
      // Stopped or cancelled while the backend was still opening.
      if (ctx.signal.aborted) cancel();
      else if (ctx.stopSignal.aborted) stop();
      const end = await live.done;
      ctx.signal.removeEventListener('abort', cancel);
      ctx.stopSignal.removeEventListener('abort', stop);
      if (ctx.signal.aborted) throw new Error('cancelled');
      if (end.file !== out) throw new Error(`capture:${end.problem ?? 'write-failed'}:${end.file ?? ''}`.slice(0, 500));
      const ref: AttachmentRefType = {
        fileName,
        kind: 'trace',
        bytes: (await stat(out)).size,
        sha256: await sha256(out),
        description: `Mitschnitt / capture ${spec.iface} (${end.counters.backend}), ${end.counters.packets} packets`.slice(0, 500),
        addedAt: new Date().toISOString(),
      };
      await attachments.add(ctx.caseId, ref);
      ctx.progress({ partial: { counters: end.counters, end, attachment: ref, trace: null }, message: { de: 'Mitschnitt wird ausgewertet …', en: 'Analysing the capture …' } });
      const trace = storedTrace(await analyzeInWorker('trace', out, { signal: ctx.signal }));
      return { counters: end.counters, end, attachment: ref, trace };
    },
    // Only a kept and analysed capture is a measurement; counters alone are not.
    toMeasurement: (_spec, result, meta) => (result.trace !== null && result.attachment !== null ? traceMeasurement(result.attachment.fileName, result.trace, meta) : null),
  };
}
