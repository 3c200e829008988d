import type { shortcutsZh } from './shortcuts.zh-CN.js';

/** English texts of the console-wide shortcut list, the same keys as shortcuts.zh-CN.ts. */
export const shortcutsEn: typeof shortcutsZh = {
  button: 'Shortcuts',
  buttonHint: 'List every keyboard shortcut (or press ?)',
  title: 'Keyboard shortcuts',
  close: 'Close',
  groups: {
    console: 'Anywhere (outside a text field)',
    screens: 'Tabs and the task list',
    inspection: 'Inspection form',
  },
  console: {
    search: 'Focus this screen’s search (the task search where a screen has none)',
    goTasks: 'Go to Tasks (g, then t)',
    goReview: 'Go to Review (supervisors; g, then r)',
    goDispatch: 'Go to the Dispatch roster (supervisors; g, then d)',
    goKpi: 'Go to KPIs (supervisors; g, then k)',
    goSync: 'Go to Sync (g, then s)',
    goSettings: 'Go to Settings (g, then comma; administrators only)',
    help: 'Show this list',
  },
  screens: {
    tabs: 'Move between the tabs at the top',
    rows: 'Move through the task list',
    open: 'Open the selected task’s detail',
    closeDetail: 'Close the task detail or a dialog; focus goes back where it was',
  },
};
