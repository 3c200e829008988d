import type { Agency, InspectionType } from '../../shared/contract/enums.js';
import type { ReferenceData } from '../../shared/contract/gateway.js';

/**
 * Checklist items and finding codes from the domain notes (inspection.md), with the Chinese
 * wording officers see and the English of the notes. An item is required when it applies to every
 * inspection of its type; conditional ones (licences, quarantine certificates, wood packaging…)
 * are answered "na" when they do not apply.
 */

export interface ItemText {
  readonly itemId: string;
  readonly agency: Agency;
  readonly text: string;
  readonly textEn: string;
  readonly required: boolean;
}

const item = (itemId: string, agency: Agency, required: boolean, text: string, textEn: string): ItemText => ({ itemId, agency, text, textEn, required });

export const TYPE_NAMES: Readonly<Record<InspectionType, { readonly zh: string; readonly en: string }>> = {
  document: { zh: '单证审核', en: 'Document review' },
  machine_scan: { zh: '机检', en: 'Machine scan' },
  open_container: { zh: '开箱查验', en: 'Open container' },
  devanning: { zh: '掏箱查验', en: 'Devanning' },
  sampling: { zh: '取样送检', en: 'Sampling' },
  quarantine_treatment: { zh: '检疫处理', en: 'Quarantine treatment' },
};

export const CHECKLIST_ITEMS: Readonly<Record<InspectionType, readonly ItemText[]>> = {
  document: [
    item('doc-01', 'customs', true, '报关单与发票、装箱单一致', 'declaration matches invoice and packing list'),
    item('doc-02', 'customs', false, '原产地证书齐全且与申报原产地一致', 'certificate of origin present and matches origin declared'),
    item('doc-03', 'customs', false, '受管制商品的许可证件齐全', 'licences/permits present for regulated goods'),
    item('doc-04', 'customs', true, '商品归类与品名描述相符', 'HS classification plausible for the description'),
    item('doc-05', 'customs', true, '申报价格合理（无明显低报）', 'declared value plausible (no obvious undervaluation)'),
    item('doc-06', 'quarantine', false, '检疫证书齐全（植物、动物、食品）', 'quarantine certificates present (plants, animals, food)'),
  ],
  machine_scan: [
    item('scn-01', 'customs', true, '扫描图像已采集且清晰可辨', 'scan image acquired and legible'),
    item('scn-02', 'customs', true, '图像密度与申报货物相符', 'image density consistent with declared goods'),
    item('scn-03', 'customs', true, '无夹藏、隐蔽隔层等异常', 'no hidden compartments or anomalies'),
    item('scn-04', 'customs', true, '未触发辐射报警', 'radiation alarm not triggered'),
    item('scn-05', 'customs', true, '判定：放行或转人工查验', 'decision: clear / refer to manual inspection'),
  ],
  open_container: [
    item('opn-01', 'customs', true, '箱号与报关单一致（校验位有效）', 'container number matches declaration (check digit valid)'),
    item('opn-02', 'customs', true, '封志完好且封志号与申报一致', 'seal intact and seal number matches declaration'),
    item('opn-03', 'customs', true, '箱体结构无损，无夹层或假底', 'container structure undamaged, no false walls or floors'),
    item('opn-04', 'customs', true, '箱门端货物与品名、唛头相符', 'goods at door end match description and markings'),
    item('opn-05', 'customs', true, '件数与申报一致', 'package count consistent with declaration'),
    item('opn-06', 'quarantine', false, '木质包装加施IPPC标识', 'wood packaging carries the IPPC mark'),
    item('opn-07', 'quarantine', true, '无活体有害生物、土壤或植物残体', 'no live pests, soil or plant debris'),
    item('opn-08', 'customs', true, '未发现禁止或限制进出境物品', 'no prohibited or restricted items seen'),
    item('opn-09', 'customs', true, '查验后已施加新封志', 'new seal applied after inspection'),
  ],
  devanning: [
    item('dev-01', 'customs', true, '货物已全部卸出并清点', 'all packages unloaded and counted'),
    item('dev-02', 'customs', true, '品名、型号、品牌相符', 'goods description, model and brand match'),
    item('dev-03', 'customs', true, '数量、重量相符（记录实测值）', 'quantity and weight match (record measured values)'),
    item('dev-04', 'customs', true, '原产地标记与申报原产地一致', 'origin markings match declared origin'),
    item('dev-05', 'customs', true, '货物中无夹藏', 'no concealed goods among the load'),
    item('dev-06', 'customs', true, '已回装并重新施封', 'reloaded and resealed'),
  ],
  sampling: [
    item('smp-01', 'quarantine', true, '按抽样方案取样', 'sample taken per sampling plan'),
    item('smp-02', 'quarantine', true, '样品已标注样品编号并封存', 'sample labelled with sample id and sealed'),
    item('smp-03', 'quarantine', true, '已填写样品交接单', 'chain of custody form completed'),
    item('smp-04', 'quarantine', true, '样品已送指定实验室', 'sample sent to the named laboratory'),
  ],
  quarantine_treatment: [
    item('qt-01', 'quarantine', true, '处理方式与检疫发现相符（熏蒸、热处理）', 'treatment method matches the finding (fumigation, heat)'),
    item('qt-02', 'quarantine', true, '处理单位经批准', 'treatment provider approved'),
    item('qt-03', 'quarantine', true, '已附处理记录及证书', 'treatment record and certificate attached'),
  ],
};

export const FINDING_CODES: ReferenceData['findingCodes'] = [
  { code: 'C-DOC-MISMATCH', agency: 'customs', severity: 'major', text: '单证之间不一致', textEn: 'documents do not match each other' },
  { code: 'C-DESC-MISMATCH', agency: 'customs', severity: 'major', text: '货物与申报品名不符', textEn: 'goods differ from the description' },
  { code: 'C-QTY-OVER', agency: 'customs', severity: 'major', text: '货物数量多于申报', textEn: 'more goods than declared' },
  { code: 'C-QTY-UNDER', agency: 'customs', severity: 'minor', text: '货物数量少于申报', textEn: 'fewer goods than declared' },
  { code: 'C-HS-MISCLASS', agency: 'customs', severity: 'major', text: '商品归类错误', textEn: 'wrong HS classification' },
  { code: 'C-VALUE-LOW', agency: 'customs', severity: 'major', text: '申报价格明显偏低', textEn: 'declared value implausibly low' },
  { code: 'C-ORIGIN-FALSE', agency: 'customs', severity: 'major', text: '原产地标记与申报不符', textEn: 'origin marking contradicts declaration' },
  { code: 'C-IPR', agency: 'customs', severity: 'major', text: '涉嫌侵犯知识产权', textEn: 'suspected infringing goods' },
  { code: 'C-PROHIBITED', agency: 'customs', severity: 'critical', text: '发现禁止进出境物品', textEn: 'prohibited goods found' },
  { code: 'C-CONCEALED', agency: 'customs', severity: 'critical', text: '发现夹藏货物或隐蔽隔层', textEn: 'concealed goods or compartment' },
  { code: 'C-SEAL-MISMATCH', agency: 'customs', severity: 'major', text: '封志号与申报不符', textEn: 'seal number differs from declaration' },
  { code: 'C-SEAL-BROKEN', agency: 'customs', severity: 'major', text: '封志破损或被拆动', textEn: 'seal broken or tampered' },
  { code: 'C-CNTR-MISMATCH', agency: 'customs', severity: 'major', text: '箱号与申报不符', textEn: 'container number differs from declaration' },
  { code: 'Q-PEST-LIVE', agency: 'quarantine', severity: 'critical', text: '发现活体有害生物', textEn: 'live pests found' },
  { code: 'Q-SOIL', agency: 'quarantine', severity: 'minor', text: '发现土壤或植物残体', textEn: 'soil or plant debris' },
  { code: 'Q-WOOD-NOMARK', agency: 'quarantine', severity: 'major', text: '木质包装无IPPC标识', textEn: 'wood packaging without IPPC mark' },
  { code: 'Q-CERT-MISSING', agency: 'quarantine', severity: 'major', text: '缺少检疫证书', textEn: 'quarantine certificate missing' },
  { code: 'Q-LABEL-FOOD', agency: 'quarantine', severity: 'minor', text: '食品标签不合规', textEn: 'food labelling non-compliant' },
  { code: 'Q-SAMPLE-FAIL', agency: 'quarantine', severity: 'critical', text: '实验室检测结果不合格', textEn: 'laboratory result non-compliant' },
  { code: 'B-PERSON', agency: 'border', severity: 'critical', text: '货物运输单元内发现人员', textEn: 'person found in cargo unit' },
  { code: 'X-INFO', agency: 'any', severity: 'info', text: '备注信息', textEn: 'note for the record' },
];
