/** The fault hotline as the guide lists it (seed, top): around the clock. */
export const HOTLINE_NUMBERS = [
  { country: 'DE', display: '+49 721 50959 580', tel: '+4972150959580' },
  { country: 'DE', display: '+49 721 151042180', tel: '+49721151042180' },
  { country: 'AT', display: '+43 1 235008080', tel: '+431235008080' },
  { country: 'CH', display: '+41 61 5630608', tel: '+41615630608' },
] as const;

/** "Bereits gemeldete Störungen" */
export const STATUS_PAGE_URL = 'https://support.starface.de/status/';
