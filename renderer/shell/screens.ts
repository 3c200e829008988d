/** The console's top-level screens, chosen in the header's tabs (plain state, no router). */
export const screens = ['tasks', 'map', 'review', 'dispatch', 'kpi', 'sync', 'settings'] as const;
export type Screen = (typeof screens)[number];

/** The id of the main panel the tabs control. */
export const MAIN_PANEL_ID = 'main-panel';

export function tabId(screen: Screen): string {
  return `tab-${screen}`;
}
