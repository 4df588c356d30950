/**
 * A small menu: the standard edit roles (without them copy/paste shortcuts do not work on macOS),
 * zoom and full screen, quit. German when the system speaks German, English otherwise.
 * Type-only import, so the template can be checked without the Electron binary.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuLanguageType = 'de' | 'en';

export function menuLanguage(locale: string): MenuLanguageType {
  return locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

type RoleType = NonNullable<MenuItemConstructorOptions['role']>;

const LABELS = {
  de: {
    file: 'Datei', edit: 'Bearbeiten', view: 'Ansicht', window: 'Fenster', help: 'Hilfe',
    about: 'Über STARFACE Triage', quit: 'Beenden', undo: 'Rückgängig', redo: 'Wiederholen',
    cut: 'Ausschneiden', copy: 'Kopieren', paste: 'Einfügen', selectAll: 'Alles auswählen',
    resetZoom: 'Originalgröße', zoomIn: 'Vergrößern', zoomOut: 'Verkleinern', togglefullscreen: 'Vollbild',
    minimize: 'Minimieren', close: 'Schließen', reload: 'Neu laden', toggleDevTools: 'Entwicklerwerkzeuge',
  },
  en: {
    file: 'File', edit: 'Edit', view: 'View', window: 'Window', help: 'Help',
    about: 'About STARFACE Triage', quit: 'Quit', undo: 'Undo', redo: 'Redo',
    cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', togglefullscreen: 'Full Screen',
    minimize: 'Minimize', close: 'Close', reload: 'Reload', toggleDevTools: 'Developer Tools',
  },
} as const;

const SEPARATOR: MenuItemConstructorOptions = { type: 'separator' };

export function menuTemplate(language: MenuLanguageType, isMac: boolean, withDevTools: boolean): MenuItemConstructorOptions[] {
  const l = LABELS[language];
  const item = (role: RoleType & keyof typeof l): MenuItemConstructorOptions => ({ role, label: l[role] });
  const view = [item('resetZoom'), item('zoomIn'), item('zoomOut'), SEPARATOR, item('togglefullscreen')];
  // Developer tools only in development: a packaged app gives a technician nothing to poke at.
  if (withDevTools) view.push(SEPARATOR, item('reload'), item('toggleDevTools'));
  const edit = [item('undo'), item('redo'), SEPARATOR, item('cut'), item('copy'), item('paste'), item('selectAll')];
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({ label: 'STARFACE Triage', submenu: [item('about'), SEPARATOR, { role: 'hide' }, { role: 'hideOthers' }, SEPARATOR, item('quit')] });
  } else {
    template.push({ label: l.file, submenu: [item('quit')] });
  }
  template.push({ label: l.edit, submenu: edit }, { label: l.view, submenu: view }, { label: l.window, submenu: [item('minimize'), item('close')] });
  if (!isMac) template.push({ label: l.help, submenu: [item('about')] });
  return template;
}
