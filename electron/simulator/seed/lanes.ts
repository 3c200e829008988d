import corridors from '../../../resources/domain/corridors.json' with { type: 'json' };
import type { TransportMode } from '../../../shared/contract/enums.js';
import type { TradeDirection } from '../../../shared/domain/declaration-number.js';
import type { GoodsGroup } from './goods-catalog.js';
import type { HubId } from './hubs.js';

/**
 * A lane is where a simulated consignment is inspected (hub), how it arrived or leaves (mode,
 * corridor) and so which goods and origins are plausible. Weights give the share of tasks.
 * River ports are river, rail hubs rail, the road hub road, the airport air; rail-sea cargo on the
 * Western Land-Sea Corridor or via Ningbo is sometimes declared as sea.
 */
export interface Lane {
  readonly hub: HubId;
  readonly mode: TransportMode;
  readonly corridor: string;
  readonly direction: TradeDirection;
  readonly group: GoodsGroup;
  readonly weight: number;
}

const LANES: readonly Lane[] = [
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'yuxinou', direction: 'import', group: 'europe', weight: 9 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'yuxinou-khorgos', direction: 'import', group: 'centralAsia', weight: 2 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'lanzhou-chongqing', direction: 'import', group: 'centralAsia', weight: 0.5 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'north-manzhouli', direction: 'import', group: 'russia', weight: 2 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'north-erenhot', direction: 'import', group: 'russia', weight: 1.5 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'land-sea', direction: 'import', group: 'landSea', weight: 5 },
  { hub: 'tuanjiecun', mode: 'sea', corridor: 'land-sea', direction: 'import', group: 'landSea', weight: 1 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'china-laos', direction: 'import', group: 'laos', weight: 2.5 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'yuxinou', direction: 'export', group: 'exportRail', weight: 6 },
  { hub: 'tuanjiecun', mode: 'rail', corridor: 'north-erenhot', direction: 'export', group: 'exportRail', weight: 1 },
  { hub: 'guoyuan', mode: 'river', corridor: 'yangtze', direction: 'import', group: 'ocean', weight: 7 },
  { hub: 'guoyuan', mode: 'river', corridor: 'yangtze', direction: 'export', group: 'exportGeneral', weight: 4 },
  { hub: 'guoyuan', mode: 'sea', corridor: 'rail-sea-ningbo', direction: 'import', group: 'ocean', weight: 1.5 },
  { hub: 'cuntan', mode: 'river', corridor: 'yangtze', direction: 'import', group: 'ocean', weight: 4 },
  { hub: 'cuntan', mode: 'river', corridor: 'yangtze', direction: 'export', group: 'exportGeneral', weight: 1.5 },
  { hub: 'nanpeng', mode: 'road', corridor: 'trucks-asean', direction: 'import', group: 'asean', weight: 8 },
  { hub: 'nanpeng', mode: 'road', corridor: 'trucks-asean', direction: 'export', group: 'exportGeneral', weight: 2.5 },
  { hub: 'ckg', mode: 'air', corridor: 'air-europe', direction: 'import', group: 'airImport', weight: 5 },
  { hub: 'ckg', mode: 'air', corridor: 'air-europe', direction: 'export', group: 'exportAir', weight: 4.5 },
  { hub: 'lianglu-bonded', mode: 'air', corridor: 'air-europe', direction: 'import', group: 'airImport', weight: 2 },
  { hub: 'xiyong', mode: 'rail', corridor: 'yuxinou', direction: 'export', group: 'exportRail', weight: 5 },
  { hub: 'xiyong', mode: 'air', corridor: 'air-europe', direction: 'import', group: 'airImport', weight: 1.5 },
  { hub: 'jiangjin-bonded', mode: 'rail', corridor: 'yuxinou', direction: 'import', group: 'europe', weight: 1.5 },
  { hub: 'jiangjin-bonded', mode: 'rail', corridor: 'land-sea', direction: 'import', group: 'landSea', weight: 1 },
  { hub: 'luohuang', mode: 'river', corridor: 'yangtze', direction: 'import', group: 'ocean', weight: 1.5 },
  { hub: 'luohuang', mode: 'sea', corridor: 'land-sea', direction: 'import', group: 'landSea', weight: 1 },
  { hub: 'longtou', mode: 'river', corridor: 'yangtze', direction: 'export', group: 'exportGeneral', weight: 1.5 },
  { hub: 'longtou', mode: 'river', corridor: 'yangtze', direction: 'import', group: 'ocean', weight: 0.8 },
  { hub: 'xintian', mode: 'river', corridor: 'wanzhou-river', direction: 'import', group: 'ocean', weight: 1.2 },
  { hub: 'xintian', mode: 'river', corridor: 'wanzhou-river', direction: 'export', group: 'exportGeneral', weight: 1.2 },
];

const corridorIds = new Set(corridors.map((c) => c.id));
for (const lane of LANES) {
  if (!corridorIds.has(lane.corridor)) throw new Error(`corridors.json has no corridor ${lane.corridor}`);
}

export const lanes: readonly Lane[] = LANES;
