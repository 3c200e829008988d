import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { inspectionTypes } from '../../shared/contract/enums.js';
import { referenceDataSchema } from '../../shared/contract/gateway.js';
import { call, problemOf, token } from './simulator-http.js';

let sim: Simulator;
let bearer: string;

beforeAll(async () => {
  sim = await startSimulator({ tasks: 3000, cargo: 0, evolve: false });
  bearer = await token(sim);
});
afterAll(async () => {
  await sim.close();
});

describe('simulator: reference data', () => {
  it('describes port 8000, its sites, a checklist for every task and the finding codes', async () => {
    const reply = await call(sim, '/v1/reference', { token: bearer });
    expect(reply.status).toBe(200);
    const data = referenceDataSchema.parse(reply.body);
    expect(data.ports).toHaveLength(1);
    const port = data.ports[0]!;
    expect(port).toMatchObject({ portCode: '8000', name: '重庆海关', nameEn: 'Chongqing Customs', unlocode: 'CNCKG' });
    const siteIds = port.sites.map((s) => s.siteId);
    expect(siteIds).toEqual(expect.arrayContaining(['guoyuan', 'cuntan', 'tuanjiecun', 'nanpeng', 'ckg', 'lianglu-bonded', 'xiyong', 'jiangjin-bonded']));
    expect(siteIds).not.toContain('duisburg');
    expect(siteIds).not.toContain('cq-centre');
    expect(port.sites.find((s) => s.siteId === 'guoyuan')).toEqual({ siteId: 'guoyuan', name: '果园港', nameEn: 'Guoyuan port', kind: 'river_port', lon: 106.78, lat: 29.65 });

    const checklists = new Map(data.checklists.map((c) => [c.checklistId, c]));
    sim.tick(50); // new tasks and changed inspections too
    for (const task of sim.tasks()) {
      const checklist = checklists.get(task.inspection.checklistId);
      expect(checklist, task.inspection.checklistId).toBeDefined();
      expect(checklist!.inspectionTypes).toEqual(task.inspection.types);
    }
    const all = data.checklists.flatMap((c) => c.items);
    for (const item of all) {
      expect(item.text).toMatch(/[\u4e00-\u9fff]/);
      expect(item.textEn).toMatch(/^[\x20-\x7e]+$/);
    }
    const single = checklists.get('CL-OPN')!;
    expect(single.items.map((i) => i.itemId)).toEqual(['opn-01', 'opn-02', 'opn-03', 'opn-04', 'opn-05', 'opn-06', 'opn-07', 'opn-08', 'opn-09']);
    expect(single.agencies).toEqual(['customs', 'quarantine']);
    expect(checklists.get('CL-DOC-SMP')!.items.map((i) => i.itemId)).toEqual(['doc-01', 'doc-02', 'doc-03', 'doc-04', 'doc-05', 'doc-06', 'smp-01', 'smp-02', 'smp-03', 'smp-04']);
    expect(new Set(data.checklists.flatMap((c) => c.inspectionTypes))).toEqual(new Set(inspectionTypes));

    expect(data.findingCodes).toHaveLength(21);
    expect(data.findingCodes.find((f) => f.code === 'Q-PEST-LIVE')).toEqual({ code: 'Q-PEST-LIVE', agency: 'quarantine', severity: 'critical', text: '发现活体有害生物', textEn: 'live pests found' });
    expect(data.findingCodes.find((f) => f.code === 'X-INFO')?.agency).toBe('any');
  });

  it('is cacheable: ETag, and 304 with no body for a matching If-None-Match', async () => {
    const first = await call(sim, '/v1/reference', { token: bearer });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"ref-[0-9a-f]{16}"$/);
    expect(etag).toBe(`"${referenceDataSchema.parse(first.body).version}"`);
    for (const header of [etag!, `W/${etag!}`, `"other", ${etag!}`, '*']) {
      const cached = await call(sim, '/v1/reference', { token: bearer, headers: { 'if-none-match': header } });
      expect(cached.status, header).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers.get('etag')).toBe(etag);
    }
    const stale = await call(sim, '/v1/reference', { token: bearer, headers: { 'if-none-match': '"ref-0000000000000000"' } });
    expect(stale.status).toBe(200);
    expect(referenceDataSchema.parse(stale.body)).toEqual(referenceDataSchema.parse(first.body));
    const anonymous = await call(sim, '/v1/reference');
    expect(problemOf(anonymous).code).toBe('unauthorized');
  });
});
