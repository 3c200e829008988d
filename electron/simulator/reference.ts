import { createHash } from 'node:crypto';
import { inspectionTypes, type Agency, type InspectionType } from '../../shared/contract/enums.js';
import { referenceDataSchema, type ReferenceData } from '../../shared/contract/gateway.js';
import places from '../../resources/domain/places.json' with { type: 'json' };
import { inChongqing } from '../../shared/domain/geo.js';
import { CHECKLIST_ITEMS, FINDING_CODES, TYPE_NAMES } from './reference-texts.js';
import { checklistIdFor } from './seed/checklists.js';
import { PORT_CODE } from './seed/task-generator.js';

/**
 * GET /v1/reference: the port of customs district 8000 with its inspection sites, one checklist
 * per combination of inspection types (the ids the generator gives tasks), and the finding codes.
 * Built once: it never changes while the simulator runs, so its ETag does not either.
 */
export interface Reference {
  readonly data: ReferenceData;
  readonly body: string;
  readonly etag: string;
  /** Item ids per checklist id. */
  readonly checklistItems: ReadonlyMap<string, ReadonlySet<string>>;
  readonly findingCodes: ReadonlyMap<string, ReferenceData['findingCodes'][number]>;
}

const MAX_TYPES = 3;
const SITE_KINDS = ['river_port', 'rail_hub', 'road_hub', 'airport', 'bonded_zone'] as const;
type SiteKind = (typeof SITE_KINDS)[number];
const isSiteKind = (kind: string): kind is SiteKind => (SITE_KINDS as readonly string[]).includes(kind);

function sites(): ReferenceData['ports'][number]['sites'] {
  return places.flatMap((place) =>
    // places.json also lists rail hubs and airports abroad; the port's sites are those in Chongqing.
    isSiteKind(place.kind) && inChongqing(place)
      ? [{ siteId: place.id, name: place.nameZh, nameEn: place.name, kind: place.kind, lon: place.lon, lat: place.lat }]
      : [],
  );
}

function checklists(): ReferenceData['checklists'] {
  const result: ReferenceData['checklists'] = [];
  // Every combination of one to three types (the single window never asks for more at once), in
  // contract order, as checklistIdFor names them.
  for (let mask = 1; mask < 1 << inspectionTypes.length; mask++) {
    const types: InspectionType[] = inspectionTypes.filter((_, bit) => (mask & (1 << bit)) !== 0);
    if (types.length > MAX_TYPES) continue;
    const items = types.flatMap((type) => CHECKLIST_ITEMS[type].map((i) => ({ ...i })));
    const agencies: Agency[] = [...new Set(items.map((i) => i.agency))];
    result.push({
      checklistId: checklistIdFor(types),
      name: `查验记录单：${types.map((t) => TYPE_NAMES[t].zh).join('、')}`,
      nameEn: `Inspection checklist: ${types.map((t) => TYPE_NAMES[t].en).join(', ')}`,
      agencies,
      inspectionTypes: types,
      items,
    });
  }
  return result;
}

export function buildReference(): Reference {
  const content = {
    ports: [{ portCode: PORT_CODE, name: '重庆海关', nameEn: 'Chongqing Customs', unlocode: 'CNCKG', sites: sites() }],
    checklists: checklists(),
    findingCodes: FINDING_CODES,
  };
  const version = `ref-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)}`;
  // Parsing here catches a mistake in the tables above at start, not in a client.
  const data = referenceDataSchema.parse({ version, ...content });
  return {
    data,
    body: JSON.stringify(data),
    etag: `"${version}"`,
    checklistItems: new Map(data.checklists.map((c) => [c.checklistId, new Set(c.items.map((i) => i.itemId))])),
    findingCodes: new Map(data.findingCodes.map((f) => [f.code, f])),
  };
}

/** If-None-Match holds our ETag (or *): the client's copy is current. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
