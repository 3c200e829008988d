import type { StatementCache } from './statement-cache.js';
import { mergeSeals, type DraftContent } from './result-input.js';

/**
 * The parts of a result in their child tables (findings, seals, samples, attachment references,
 * inspectors, checklist answers): written from a validated input, read back into the same shape.
 * Reads always give the same order, so the body rebuilt for the single window is the same on
 * every retry, including after a restart.
 *
 * Two things the tables fix: seals are one row per seal number, so the seal entries of one
 * container are merged and an entry with no seal numbers is not kept; checklist answers are keyed
 * by item and come back in item order.
 */
export class ResultRows {
  constructor(private readonly statements: StatementCache) {}

  /** Replaces every part of the result (the 422 field errors are not parts and stay). */
  replace(resultId: string, content: DraftContent): void {
    for (const table of PART_TABLES) this.statements.get(`DELETE FROM ${table} WHERE result_id = ?`).run(resultId);

    const inspector = this.statements.get('INSERT INTO result_inspectors (result_id, seq, operator_id) VALUES (?, ?, ?)');
    content.inspectors.forEach((operatorId, seq) => inspector.run(resultId, seq, operatorId));

    const finding = this.statements.get(
      'INSERT INTO result_findings (result_id, seq, agency, code, severity, text, goods_line, container_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    content.findings.forEach((item, seq) =>
      finding.run(resultId, seq, item.agency, item.code, item.severity, item.text, item.goodsLine ?? null, item.containerNo ?? null),
    );

    const seal = this.statements.get('INSERT INTO result_seals (result_id, seq, container_no, action, seal_no) VALUES (?, ?, ?, ?, ?)');
    let sealSeq = 0;
    for (const entry of mergeSeals(content.seals)) {
      for (const sealNo of entry.removed) seal.run(resultId, sealSeq++, entry.containerNo, 'removed', sealNo);
      for (const sealNo of entry.applied) seal.run(resultId, sealSeq++, entry.containerNo, 'applied', sealNo);
    }

    const sample = this.statements.get(
      'INSERT INTO result_samples (result_id, seq, sample_id, goods_line, quantity, unit, lab) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    content.samples.forEach((item, seq) => sample.run(resultId, seq, item.sampleId, item.goodsLine, item.quantity, item.unit, item.lab));

    // media type and size live on the attachments row (the file's, not the result's)
    const attachment = this.statements.get('INSERT INTO result_attachments (result_id, seq, sha256, name) VALUES (?, ?, ?, ?)');
    content.attachments.forEach((item, seq) => attachment.run(resultId, seq, item.sha256, item.name));

    const answer = this.statements.get('INSERT INTO result_checklist (result_id, item_id, answer, note) VALUES (?, ?, ?, ?)');
    for (const item of content.checklist) answer.run(resultId, item.itemId, item.answer, item.note ?? null);
  }

  /** The parts as stored; optional fields whose column is NULL are left out. Validated by the caller. */
  read(resultId: string): Pick<DraftContent, 'findings' | 'seals' | 'samples' | 'attachments' | 'inspectors' | 'checklist'> {
    const inspectors = (
      this.statements.get('SELECT operator_id FROM result_inspectors WHERE result_id = ? ORDER BY seq').all(resultId) as { operator_id: string }[]
    ).map((row) => row.operator_id);

    const findings = (
      this.statements
        .get('SELECT agency, code, severity, text, goods_line, container_no FROM result_findings WHERE result_id = ? ORDER BY seq')
        .all(resultId) as FindingRow[]
    ).map((row) => ({
      agency: row.agency,
      code: row.code,
      severity: row.severity,
      text: row.text,
      ...(row.goods_line === null ? {} : { goodsLine: row.goods_line }),
      ...(row.container_no === null ? {} : { containerNo: row.container_no }),
    })) as DraftContent['findings'];

    const seals: DraftContent['seals'] = [];
    const byContainer = new Map<string, DraftContent['seals'][number]>();
    for (const row of this.statements
      .get('SELECT container_no, action, seal_no FROM result_seals WHERE result_id = ? ORDER BY seq')
      .all(resultId) as SealRow[]) {
      let entry = byContainer.get(row.container_no);
      if (!entry) {
        entry = { containerNo: row.container_no, removed: [], applied: [] };
        byContainer.set(row.container_no, entry);
        seals.push(entry);
      }
      entry[row.action].push(row.seal_no);
    }

    const samples = (
      this.statements
        .get('SELECT sample_id, goods_line, quantity, unit, lab FROM result_samples WHERE result_id = ? ORDER BY seq')
        .all(resultId) as SampleRow[]
    ).map((row) => ({ sampleId: row.sample_id, goodsLine: row.goods_line, quantity: row.quantity, unit: row.unit, lab: row.lab }));

    const attachments = (
      this.statements
        .get(
          `SELECT ra.sha256, ra.name, a.media_type, a.bytes FROM result_attachments ra JOIN attachments a ON a.sha256 = ra.sha256
           WHERE ra.result_id = ? ORDER BY ra.seq`,
        )
        .all(resultId) as AttachmentRefRow[]
    ).map((row) => ({ sha256: row.sha256, name: row.name, mediaType: row.media_type, bytes: row.bytes }));

    const checklist = (
      this.statements.get('SELECT item_id, answer, note FROM result_checklist WHERE result_id = ? ORDER BY item_id').all(resultId) as ChecklistRow[]
    ).map((row) => ({ itemId: row.item_id, answer: row.answer, ...(row.note === null ? {} : { note: row.note }) })) as DraftContent['checklist'];

    return { findings, seals, samples, attachments, inspectors, checklist };
  }
}

const PART_TABLES = ['result_inspectors', 'result_findings', 'result_seals', 'result_samples', 'result_attachments', 'result_checklist'] as const;

interface FindingRow {
  agency: string;
  code: string;
  severity: string;
  text: string;
  goods_line: number | null;
  container_no: string | null;
}
interface SealRow {
  container_no: string;
  action: 'removed' | 'applied';
  seal_no: string;
}
interface SampleRow {
  sample_id: string;
  goods_line: number;
  quantity: number;
  unit: string;
  lab: string;
}
interface AttachmentRefRow {
  sha256: string;
  name: string;
  media_type: string;
  bytes: number;
}
interface ChecklistRow {
  item_id: string;
  answer: string;
  note: string | null;
}
