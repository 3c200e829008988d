import places from '../../../resources/domain/places.json' with { type: 'json' };

/**
 * Inspection sites of customs district 8000 (Chongqing), placed from places.json, with the area
 * names officers use on site. Area lists are built once because tasks pick from them millions of
 * times in benchmarks.
 */

export type HubId =
  | 'guoyuan'
  | 'cuntan'
  | 'tuanjiecun'
  | 'nanpeng'
  | 'ckg'
  | 'lianglu-bonded'
  | 'xiyong'
  | 'jiangjin-bonded'
  | 'luohuang'
  | 'longtou'
  | 'xintian';

export interface Hub {
  readonly id: HubId;
  readonly nameZh: string;
  readonly kind: string;
  readonly lon: number;
  readonly lat: number;
  readonly areas: readonly string[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const two = (n: number): string => String(n).padStart(2, '0');

const berths = (short: string, count: number): string[] => range(1, count).map((n) => `${short} ${n}号泊位`);
const yard = (short: string, rows: string, slots: number): string[] =>
  Array.from(rows).flatMap((row) => range(1, slots).map((n) => `${short} 查验场 ${row}-${two(n)}`));
const platforms = (short: string, count: number): string[] => range(1, count).map((n) => `${short} ${n}号站台`);
const gates = (short: string, count: number): string[] => range(1, count).map((n) => `${short} ${n}号卡口 查验平台`);

const AREAS: Record<HubId, readonly string[]> = {
  guoyuan: [...berths('果园港', 12), ...yard('果园港', 'ABCD', 10), ...platforms('果园港 铁路', 4)],
  cuntan: [...berths('寸滩港', 8), ...yard('寸滩港', 'AB', 10)],
  tuanjiecun: [...platforms('团结村', 8), ...yard('团结村', 'ABC', 12)],
  nanpeng: [...yard('南彭', 'ABC', 12), ...gates('南彭', 4)],
  ckg: [...range(1, 6).map((n) => `江北机场 国际货站 ${n}号库`), ...range(1, 8).map((n) => `江北机场 西货站 查验区 ${two(n)}`)],
  'lianglu-bonded': range(1, 10).map((n) => `两路寸滩保税港区 空港 查验区 ${two(n)}`),
  xiyong: [...gates('西永综保区', 4), ...yard('西永综保区', 'AB', 8)],
  'jiangjin-bonded': [...gates('江津综保区', 3), ...yard('江津综保区', 'A', 10)],
  luohuang: [...berths('珞璜港', 6), ...yard('珞璜港', 'AB', 6)],
  longtou: [...berths('龙头港', 5), ...yard('龙头港', 'A', 8)],
  xintian: [...berths('新田港', 6), ...yard('新田港', 'AB', 6)],
};

function placeOf(id: HubId): Hub {
  const place = places.find((p) => p.id === id);
  if (place === undefined) throw new Error(`places.json has no place ${id}`);
  return { id, nameZh: place.nameZh, kind: place.kind, lon: place.lon, lat: place.lat, areas: AREAS[id] };
}

export const hubs: Readonly<Record<HubId, Hub>> = Object.fromEntries(
  (Object.keys(AREAS) as HubId[]).map((id) => [id, placeOf(id)]),
) as Record<HubId, Hub>;
