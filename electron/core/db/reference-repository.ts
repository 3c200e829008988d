import type { Database as Sqlite } from 'better-sqlite3';
import type { Agency } from '../../../shared/contract/enums.js';
import type { ReferenceData } from '../../../shared/contract/gateway.js';
import { StatementCache } from './statement-cache.js';
import { agencyCodec, inspectionTypeCodec } from './task-codes.js';

/** The reference data as cached, with the version it came with; version null: nothing fetched yet. */
export interface CachedReference {
  version: string | null;
  ports: ReferenceData['ports'];
  checklists: ReferenceData['checklists'];
  findingCodes: ReferenceData['findingCodes'];
}

type Port = ReferenceData['ports'][number];
type Site = Port['sites'][number];
type Checklist = ReferenceData['checklists'][number];
type Item = Checklist['items'][number];
type FindingCode = ReferenceData['findingCodes'][number];

const TABLES = ['reference_finding_codes', 'reference_checklist_items', 'reference_checklists', 'reference_sites', 'reference_ports'] as const;
const INSERT = {
  port: 'INSERT INTO reference_ports (port_code, seq, name, name_en, unlocode) VALUES (?, ?, ?, ?, ?)',
  site: 'INSERT INTO reference_sites (site_id, port_code, seq, name, name_en, kind, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  checklist: 'INSERT INTO reference_checklists (checklist_id, seq, name, name_en, agency_mask, type_mask) VALUES (?, ?, ?, ?, ?, ?)',
  item: 'INSERT INTO reference_checklist_items (checklist_id, seq, item_id, agency, text, text_en, required) VALUES (?, ?, ?, ?, ?, ?, ?)',
  code: 'INSERT INTO reference_finding_codes (code, seq, agency, text, text_en, severity) VALUES (?, ?, ?, ?, ?, ?)',
} as const;
const SET_VERSION_SQL = 'UPDATE sync_state SET reference_version = ?, reference_etag = ? WHERE id = 1';
const VERSION_SQL = 'SELECT reference_version AS version, reference_etag AS etag FROM sync_state WHERE id = 1';
const PORTS_SQL = "SELECT port_code AS portCode, name, name_en AS nameEn, coalesce(unlocode, '') AS unlocode FROM reference_ports ORDER BY seq";
const SITES_SQL = 'SELECT port_code, site_id AS siteId, name, name_en AS nameEn, kind, lon, lat FROM reference_sites ORDER BY port_code, seq';
const CHECKLISTS_SQL = 'SELECT checklist_id AS checklistId, name, name_en AS nameEn, agency_mask, type_mask FROM reference_checklists ORDER BY seq';
const ITEMS_SQL = 'SELECT checklist_id, item_id AS itemId, agency, text, text_en AS textEn, required FROM reference_checklist_items ORDER BY checklist_id, seq';
const CODES_SQL = 'SELECT code, agency, text, text_en AS textEn, severity FROM reference_finding_codes ORDER BY seq';

/**
 * The single window's reference data (GET /v1/reference) in tables, so that checklists, finding
 * codes and sites are there with the link down. A new version replaces the old one whole, with its
 * version and ETag, in one transaction: a reader never sees half of each.
 */
export class ReferenceRepository {
  private readonly statements: StatementCache;
  /**
   * The last version read, kept while the file's stamp names it: a version names its content, and
   * reading all the tables again cost every inspection:check and submit ~1 ms (twice per submit).
   */
  private last: CachedReference | null = null;

  constructor(private readonly connection: Sqlite) {
    this.statements = new StatementCache(connection);
  }

  /** The cached version, and the ETag to send as If-None-Match (null when nothing is cached, or the cache is another single window's). */
  stamp(): { version: string | null; etag: string | null } {
    return this.statements.get(VERSION_SQL).get() as { version: string | null; etag: string | null };
  }

  store(data: ReferenceData, etag: string | null): void {
    this.last = null;
    this.connection.transaction(() => {
      for (const table of TABLES) this.statements.get(`DELETE FROM ${table}`).run();
      const port = this.statements.get(INSERT.port);
      const site = this.statements.get(INSERT.site);
      data.ports.forEach((p, portSeq) => {
        port.run(p.portCode, portSeq, p.name, p.nameEn, p.unlocode ?? null);
        p.sites.forEach((s, seq) => site.run(s.siteId, p.portCode, seq, s.name, s.nameEn, s.kind, s.lon, s.lat));
      });
      const checklist = this.statements.get(INSERT.checklist);
      const item = this.statements.get(INSERT.item);
      data.checklists.forEach((c, seq) => {
        checklist.run(c.checklistId, seq, c.name, c.nameEn, agencyCodec.toMask(c.agencies), inspectionTypeCodec.toMask(c.inspectionTypes));
        c.items.forEach((i, itemSeq) => item.run(c.checklistId, itemSeq, i.itemId, i.agency, i.text, i.textEn, i.required ? 1 : 0));
      });
      const code = this.statements.get(INSERT.code);
      data.findingCodes.forEach((f, seq) => code.run(f.code, seq, f.agency, f.text, f.textEn, f.severity));
      this.statements.get(SET_VERSION_SQL).run(data.version, etag);
    }).immediate();
  }

  /** Everything cached, in the order the single window sent it. The answer is shared between callers: read it, never change it. */
  read(): CachedReference {
    const { version } = this.stamp();
    if (version === null) return this.readTables(null);
    if (this.last?.version !== version) this.last = this.readTables(version);
    return this.last;
  }

  private readTables(version: string | null): CachedReference {
    const sitesOf = groupBy(this.statements.get(SITES_SQL).all() as (Site & { port_code: string })[], 'port_code', (site): Site => ({
      siteId: site.siteId, name: site.name, nameEn: site.nameEn, kind: site.kind, lon: site.lon, lat: site.lat,
    }));
    const ports = (this.statements.get(PORTS_SQL).all() as (Omit<Port, 'sites' | 'unlocode'> & { unlocode: string })[]).map(({ unlocode, ...port }) => ({
      ...port,
      ...(unlocode === '' ? {} : { unlocode }),
      sites: sitesOf.get(port.portCode) ?? [],
    }));
    const items = this.statements.get(ITEMS_SQL).all() as (Omit<Item, 'required' | 'agency'> & { checklist_id: string; agency: Agency; required: number })[];
    const itemsOf = groupBy(items, 'checklist_id', (item): Item => ({ itemId: item.itemId, agency: item.agency, text: item.text, textEn: item.textEn, required: item.required === 1 }));
    const checklists = (this.statements.get(CHECKLISTS_SQL).all() as (Omit<Checklist, 'agencies' | 'inspectionTypes' | 'items'> & { agency_mask: number; type_mask: number })[]).map(
      ({ agency_mask, type_mask, ...c }) => ({
        ...c,
        agencies: agencyCodec.fromMask(agency_mask),
        inspectionTypes: inspectionTypeCodec.fromMask(type_mask),
        items: itemsOf.get(c.checklistId) ?? [],
      }),
    );
    const findingCodes = this.statements.get(CODES_SQL).all() as FindingCode[];
    return { version, ports, checklists, findingCodes };
  }
}

/** Rows already in their owners' order, gathered per owner key. */
function groupBy<R extends Record<K, string>, K extends string, T>(rows: readonly R[], key: K, shape: (row: R) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row[key]) ?? [];
    list.push(shape(row));
    groups.set(row[key], list);
  }
  return groups;
}
