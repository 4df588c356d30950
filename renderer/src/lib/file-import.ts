import type { AttachmentRefType } from '../../../shared/model/case.js';
import { api } from './api.js';
import { sniffFileKind, type FileKindType, type TraceFailureCodeType } from '../../../shared/trace/trace-messages.js';

/**
 * Hands a file the technician chose or dropped to the engine in 768 KiB slices (the same path in
 * Electron and in the browser host; nothing holds the whole file), then starts nothing itself:
 * the caller starts the analysis job on the returned attachment.
 */
const SLICE = 768 * 1024;
/** Slices on their way at once: the next is read and encoded while the engine writes the last. */
const IN_FLIGHT = 3;

/**
 * A slice as base64, encoded natively: `Uint8Array#toBase64` where the engine has it, else a data
 * URL from FileReader. Building a binary string in script took 200 ms a slice (2 MB/s in all).
 */
async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer()) as Uint8Array & { toBase64?: () => string };
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

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
      const sent = api['attachments.chunk']({ uploadId, offset, data: await base64(slice) }).then(() => onProgress(Math.min(1, end / Math.max(1, file.size))));
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
