import type { CreditGrade } from '../../../shared/contract/enums.js';
import { makeUscc, USCC_CHARSET } from '../../../shared/domain/uscc.js';
import { Random, WeightedPicker } from './random.js';

/**
 * Consignees registered in Chongqing: names in the usual pattern (region + trade name + business +
 * legal form), valid unified social credit codes, and a customs credit grade with its as-of date.
 * Name parts avoid the characters of the catalogue's rare goods terms, so a search for those terms
 * only hits goods lines.
 */

export interface Company {
  readonly name: string;
  readonly uscc: string;
  readonly creditGrade: CreditGrade;
  readonly creditAsOf: string;
}

const TRADE_NAME_CHARS = Array.from('鑫瑞华宏泰德隆盛川渝嘉汇通达恒远丰源卓越博创诚信联合安顺海洋天宇中新欧亚陆港航运益康祥和兴旺金银美佳锦程东西南北聚鼎峰利晟昌弘');

const REGIONS = new WeightedPicker<string>([
  ['重庆', 60],
  ['重庆市', 5],
  ['重庆两江', 6],
  ['重庆西永', 3],
  ['重庆果园港', 2],
  ['重庆江津', 3],
  ['重庆万州', 3],
  ['重庆涪陵', 3],
  ['重庆渝北', 4],
  ['重庆沙坪坝', 3],
  ['重庆九龙坡', 3],
  ['重庆南岸', 2],
]);

/** Trade names placed before the region, as in 渝新欧（重庆）物流有限公司. */
const LEADING_TRADE_NAMES = ['渝新欧', '中新', '陆海新通道', '中欧', '长江', '西部', '中老', '亚欧'];

const BUSINESSES = new WeightedPicker<string>([
  ['贸易', 12],
  ['国际贸易', 8],
  ['进出口贸易', 6],
  ['国际物流', 8],
  ['物流', 6],
  ['供应链管理', 8],
  ['冷链物流', 4],
  ['食品', 4],
  ['农产品', 3],
  ['电子科技', 5],
  ['电子', 3],
  ['汽车零部件', 4],
  ['机械设备', 3],
  ['木业', 2],
  ['酒业', 2],
  ['实业', 5],
  ['商贸', 6],
  ['国际货运代理', 4],
  ['报关', 2],
  ['跨境电子商务', 3],
]);

const LEGAL_FORMS = new WeightedPicker<string>([
  ['有限公司', 85],
  ['有限责任公司', 10],
  ['股份有限公司', 5],
]);

/** Division codes (GB/T 2260) of Chongqing and some of its districts. */
const DIVISIONS = ['500000', '500101', '500102', '500103', '500105', '500106', '500107', '500108', '500112', '500113', '500116', '500120'];

export const CREDIT_GRADE_SHARES: Readonly<Record<CreditGrade, number>> = {
  advanced_certified: 0.05,
  certified: 0.1,
  regular: 0.75,
  dishonest: 0.08,
  seriously_dishonest: 0.02,
};

const GRADES = new WeightedPicker<CreditGrade>(
  Object.entries(CREDIT_GRADE_SHARES) as [CreditGrade, number][],
);

/** Decree No. 282 grades (five levels) apply from this date; no grade of that scale is older. */
const DECREE_282_IN_FORCE = Date.UTC(2026, 3, 1);
const DAY = 86_400_000;

/** Old-style organisation code (GB 11714): 8 digits and a check character. */
function organisationCode(rng: Random): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let body = '';
  let sum = 0;
  for (const w of weights) {
    const d = rng.int(0, 9);
    body += String(d);
    sum += d * w;
  }
  const check = 11 - (sum % 11);
  return `${body}${check === 10 ? 'X' : check === 11 ? '0' : String(check)}`;
}

function randomSymbols(rng: Random, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += USCC_CHARSET.charAt(rng.int(0, USCC_CHARSET.length - 1));
  return s;
}

function usccFor(rng: Random): string {
  // Codes issued since 2015 carry a new-style "MA…" organisation part; older firms kept theirs.
  const r = rng.next();
  const org = r < 0.35 ? `MA5U${randomSymbols(rng, 5)}` : r < 0.65 ? `MA6${randomSymbols(rng, 6)}` : organisationCode(rng);
  return makeUscc(`91${rng.pick(DIVISIONS)}${org}`);
}

function nameFor(rng: Random): string {
  const legalForm = LEGAL_FORMS.pick(rng);
  const business = BUSINESSES.pick(rng);
  if (rng.chance(0.12)) return `${rng.pick(LEADING_TRADE_NAMES)}（重庆）${business}${legalForm}`;
  let tradeName = rng.pick(TRADE_NAME_CHARS);
  const length = rng.chance(0.8) ? 2 : 3;
  while (tradeName.length < length) {
    const ch = rng.pick(TRADE_NAME_CHARS);
    if (!tradeName.includes(ch)) tradeName += ch;
  }
  return `${REGIONS.pick(rng)}${tradeName}${business}${legalForm}`;
}

function creditAsOf(rng: Random, now: number): string {
  const earliest = now > DECREE_282_IN_FORCE ? Math.max(DECREE_282_IN_FORCE, now - 365 * DAY) : now - 365 * DAY;
  const days = Math.max(1, Math.floor((now - earliest) / DAY));
  return new Date(now - rng.int(1, days) * DAY).toISOString().slice(0, 10);
}

/** Distinct companies (names and USCCs unique), a pure function of (seed, now, count). */
export function createCompanies(seed: number, now: number, count: number): Company[] {
  const rng = new Random(seed, 0x0c0a_4e11);
  const names = new Set<string>();
  const usccs = new Set<string>();
  const companies: Company[] = [];
  let attempts = 0;
  while (companies.length < count) {
    if (++attempts > count * 20) throw new RangeError(`cannot make ${count} distinct company names`);
    const name = nameFor(rng);
    const uscc = usccFor(rng);
    if (names.has(name) || usccs.has(uscc)) continue;
    names.add(name);
    usccs.add(uscc);
    companies.push({ name, uscc, creditGrade: GRADES.pick(rng), creditAsOf: creditAsOf(rng, now) });
  }
  return companies;
}
