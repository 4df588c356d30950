import { LADDER_DE, LADDER_EN } from '../i18n/ladder-messages.js';
import type { DialogStateType } from './ladder.js';

/** The dialog states in words (CLI and report), the same the window shows. */
export const LADDER_STATE_TEXT: Record<'de' | 'en', Record<DialogStateType, string>> = { de: LADDER_DE.state, en: LADDER_EN.state };
