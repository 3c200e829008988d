import { useHasRole } from '../features/session/session-context.js';
import { screens, type Screen } from './screens.js';

const WITHOUT_SETTINGS: readonly Screen[] = screens.filter((screen) => screen !== 'settings');

/** The screens this account may open: settings (gateway, accounts) are the admin's, refused by the core to others anyway. */
export function useAllowedScreens(): readonly Screen[] {
  const admin = useHasRole('admin');
  return admin ? screens : WITHOUT_SETTINGS;
}
