import type { AttachmentRefType } from '../../../shared/model/case.js';
import { api } from './api.js';

/**
 * Hands a file the technician chose or dropped to the engine in 768 KiB slices (the same path in
 * Electron and in the browser host; nothing holds the whole file), then starts nothing itself:
 * the caller starts the analysis job on the returned attachment.
 */
const SLICE = 768 * 1024;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Capture or PBX log, from the first bytes: the capture formats' magic numbers, else text. */
export async function detectKind(file: Blob): Promise<'trace' | 'log'> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const magic = head.length === 4 ? ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0 : 0;
  const captures = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0xa1b2cd34, 0x34cdb2a1, 0x0a0d0d0a];
  return captures.includes(magic) ? 'trace' : 'log';
}

export async function importFile(caseId: string, file: File, kind: 'trace' | 'log', onProgress: (fraction: number) => void): Promise<AttachmentRefType> {
  const { uploadId } = await api['attachments.begin']({ caseId, name: file.name, kind, bytes: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += SLICE) {
      const bytes = new Uint8Array(await file.slice(offset, offset + SLICE).arrayBuffer());
      await api['attachments.chunk']({ uploadId, offset, data: base64(bytes) });
      onProgress(Math.min(1, (offset + bytes.length) / Math.max(1, file.size)));
    }
    return await api['attachments.finish']({ uploadId });
  } catch (error) {
    await api['attachments.abort']({ uploadId }).catch(() => undefined);
    throw error;
  }
}
