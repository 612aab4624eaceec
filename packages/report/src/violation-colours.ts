/** One colour per violation, for the overview map and its legend (strong enough to read filled over imagery). */
export const VIOLATION_COLOURS: Readonly<Record<string, string>> = {
  'no-permit': '#e5001c',
  'expired-permit': '#ff8a00',
  'exceeds-permit': '#ffd400',
  'outside-footprint': '#c13cff',
  demolition: '#1e6bff',
  encroachment: '#00c2b8',
};

/** The colour of a violation (grey for one not in the table). */
export const violationColour = (violation: string): string => VIOLATION_COLOURS[violation] ?? '#9aa0a6';
