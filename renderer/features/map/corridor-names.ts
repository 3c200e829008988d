import corridors from '../../../resources/domain/corridors.json' with { type: 'json' };

const BY_ID = new Map(corridors.map((corridor) => [corridor.id, corridor]));

/** Every corridor's id, in corridors.json's order: the corridor filter's choices. */
export const corridorIds: readonly string[] = corridors.map((corridor) => corridor.id);

/** A corridor's name in the UI language; its id as sent when corridors.json does not know it. */
export function corridorName(id: string, english: boolean): string {
  const corridor = BY_ID.get(id);
  if (!corridor) return id;
  return english ? corridor.name : corridor.nameZh;
}
