/**
 * Every call of the contract by name. Kept free of imports so the sandboxed preload can bundle it
 * without pulling in the schemas; `contract.ts` is checked against this list at compile time.
 */
export const METHOD_NAMES = [
  'app.info',
  'settings.get',
  'settings.set',
  'cases.list',
  'cases.create',
  'cases.get',
  'cases.save',
  'cases.duplicate',
  'cases.delete',
  'cases.restore',
  'report.exportPdf',
  'report.exportEml',
  'report.openFile',
  'jobs.start',
  'jobs.cancel',
  'jobs.get',
  'jobs.list',
  'net.local',
  'attachments.begin',
  'attachments.chunk',
  'attachments.finish',
  'attachments.abort',
  'report.attach',
  'report.detach',
  'ladder.dialogs',
  'ladder.flow',
  'ladder.message',
  'jobs.stop',
  'capture.setup',
] as const;
export type MethodNameType = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = ['cases.changed', 'job.updated'] as const;
export type EventNameType = (typeof EVENT_NAMES)[number];

/** The preload's function name for a method: `cases.list` → `casesList`. */
export function bridgeName(method: string): string {
  return method.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase());
}
