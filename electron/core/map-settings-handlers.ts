import type { SettingsRepository } from './db/settings-repository.js';
import type { Handlers } from './router.js';

/**
 * settings:getMap / settings:setMap (admins, checked by the router from the contract) and
 * map:config (every signed-in window: the one drawing the map needs the engine and, for Mapbox, the
 * token). The token goes in through setMap and out only through map:config; never to the log.
 */
export function createMapSettingsHandlers(settings: SettingsRepository): Pick<Handlers, 'settings:getMap' | 'settings:setMap' | 'map:config'> {
  return {
    'settings:getMap': () => settings.mapSettings(),
    'settings:setMap': ({ mapbox }, caller) => {
      settings.setMapbox(mapbox === null ? null : { styleUrl: mapbox.styleUrl, ...(mapbox.token === undefined ? {} : { token: mapbox.token }) }, caller.operatorId ?? 'admin');
      return settings.mapSettings();
    },
    'map:config': () => settings.mapConfig(),
  };
}
