import type { ContractClient } from '../../../shared/contract/index.js';
import type { MapConfig } from '../../../shared/contract/map.js';

/**
 * The engine for this window, as the core says (map:config): maplibre-gl on the offline basemap
 * unless an admin configured Mapbox. A core that cannot answer leaves the offline basemap, which
 * needs nothing from anyone.
 */
export async function engineFromCore(client: ContractClient): Promise<MapConfig> {
  const answer = await client.call('map:config', {});
  return answer.ok ? answer.value : { engine: 'maplibre' };
}
