import type { AttachmentRefType } from '../../../shared/model/case.js';
import { CHUNK_MAX_BYTES } from '../../../shared/contract/contract.js';
import { api, backend } from './api.js';
import { sniffFileKind, type FileKindType, type TraceFailureCodeType } from '../../../shared/trace/trace-messages.js';

/**
 * Hands a file the technician chose or dropped to the engine in 1 MiB slices (each host its
 * fastest way: a binary frame in the browser host, base64 over IPC in Electron; nothing holds the
 * whole file), then starts nothing itself: the caller starts the analysis job on the attachment.
 */
const SLICE = CHUNK_MAX_BYTES;
/** Slices on their way at once: the next is read and encoded while the engine writes the last. */
const IN_FLIGHT = 4;

/**
 * Capture or PBX log, from the first bytes: the capture formats' magic numbers, text for a log;
 * anything else (an image, an archive, an empty file) is refused before it is copied, with why.
 */
export async function detectKind(file: Blob): Promise<{ kind: 'trace' | 'log' } | { kind: null; failure: TraceFailureCodeType; fileKind: FileKindType }> {
  if (file.size === 0) return { kind: null, failure: 'empty', fileKind: 'unknown' };
  const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
  const magic = head.length >= 4 ? ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0 : 0;
  const captures = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1, 0x0a0d0d0a];
  if (captures.includes(magic)) return { kind: 'trace' };
  const fileKind = sniffFileKind(head);
  // Latin-1 logs have bytes above 127: text unless it is a known binary format.
  return fileKind === 'text' || (fileKind === 'unknown' && !head.includes(0)) ? { kind: 'log' } : { kind: null, failure: 'not-a-capture', fileKind };
}

export async function importFile(caseId: string, file: File, kind: 'trace' | 'log', onProgress: (fraction: number) => void): Promise<AttachmentRefType> {
  const { uploadId } = await api['attachments.begin']({ caseId, name: file.name, kind, bytes: file.size });
  try {
    const pending: Array<Promise<unknown>> = [];
    for (let offset = 0; offset < file.size; offset += SLICE) {
      const slice = file.slice(offset, offset + SLICE);
      const end = offset + slice.size;
      const sent = backend.sendSlice(uploadId, offset, slice).then(() => onProgress(Math.min(1, end / Math.max(1, file.size))));
      sent.catch(() => undefined); // awaited below; a failure ends the loop there
      pending.push(sent);
      if (pending.length >= IN_FLIGHT) await pending.shift();
    }
    await Promise.all(pending);
    return await api['attachments.finish']({ uploadId });
  } catch (error) {
    await api['attachments.abort']({ uploadId }).catch(() => undefined);
    throw error;
  }
}
