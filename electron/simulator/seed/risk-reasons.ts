import type { CreditGrade } from '../../../shared/contract/enums.js';
import type { GoodsKind } from './goods-catalog.js';

/**
 * Why the single window chose a consignment (inspection.md "How a task is chosen"), worded as
 * the risk system shows it to officers.
 */

export const RANDOM_SELECTION = '随机抽查（双随机）';

export const CREDIT_REASONS: Readonly<Partial<Record<CreditGrade, string>>> = {
  dishonest: '企业信用等级：失信企业',
  seriously_dishonest: '企业信用等级：严重失信企业',
};

export const GENERAL_REASONS: readonly string[] = [
  '风险布控：原产地申报异常',
  '风险布控：申报价格明显偏低',
  '风险布控：商品归类存疑',
  '风险布控：申报重量与舱单不符',
  '风险布控：许可证件核验',
  '风险布控：首次进出口企业',
  '风险布控：敏感商品',
  '情报布控：走私线索核查',
  '指令查验：海关总署布控指令',
  '知识产权保护：疑似侵权商品',
  '舱单信息与报关单不一致',
];

export const EXPORT_REASONS: readonly string[] = ['风险布控：出口退税风险', '风险布控：两用物项核查', '风险布控：出口商品质量抽检'];

export const KIND_REASONS: Readonly<Partial<Record<GoodsKind, readonly string[]>>> = {
  meat: ['检疫风险：动物疫病疫区来源', '食品安全：进口肉类检验'],
  seafood: ['检疫风险：水生动物疫病', '食品安全：进口水产品检验'],
  dairy: ['食品安全：乳品检验', '食品安全：进口食品标签核查'],
  fruit: ['检疫风险：实蝇等检疫性有害生物', '检疫风险：水果农残监测'],
  food: ['食品安全：进口食品标签核查', '食品安全：风险监测抽样'],
  grain: ['检疫风险：检疫性杂草籽', '检疫风险：粮食转基因成分监测'],
  beverage: ['食品安全：进口食品标签核查'],
  wood: ['检疫风险：林木有害生物', '检疫风险：木质包装无IPPC标识'],
  plant: ['检疫风险：植物检疫', '风险布控：濒危物种证明核验'],
  electronics: ['风险布控：旧机电产品', '知识产权保护：疑似侵权商品'],
  vehicle: ['风险布控：汽车强制性认证核查'],
  chemical: ['风险布控：危险化学品核查'],
};
