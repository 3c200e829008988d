import type { SettingsRepository } from './db/settings-repository.js';
import type { Handlers } from './router.js';

/**
 * settings:getMap / settings:setMap (admins, checked by the router from the contract) and
 * map:config (every signed-in window: the one drawing the map needs the engine and, for Mapbox, the
 * token). The token goes in through setMap and out only through map:config; never to the log.
 */
export function createMapSettingsHandlers(
  settings: SettingsRepository,
  /** After a change between the offline basemap and Mapbox: the shells open or close their CSP to Mapbox. */
  onEngineChanged: (mapbox: boolean) => void = () => undefined,
): Pick<Handlers, 'settings:getMap' | 'settings:setMap' | 'map:config'> {
  return {
    'settings:getMap': () => settings.mapSettings(),
    'settings:setMap': ({ mapbox }, caller) => {
      const before = settings.mapConfig().engine;
      settings.setMapbox(mapbox === null ? null : { styleUrl: mapbox.styleUrl, ...(mapbox.token === undefined ? {} : { token: mapbox.token }) }, caller.operatorId ?? 'admin');
      const after = settings.mapSettings();
      if (after.engine !== before) onEngineChanged(after.engine === 'mapbox');
      return after;
    },
    'map:config': () => settings.mapConfig(),
  };
}
