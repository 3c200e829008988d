/**
 * Goods seen at Chongqing's inspection sites, by corridor. HS codes are 10-digit China tariff
 * codes whose chapter fits the goods (realistic, not authoritative). Weights are relative
 * frequencies within a corridor group; a few items are deliberately rare so that benchmarks have
 * search terms with few hits (燕窝, 沉香, 藏红花, 鱼子酱), and those characters appear nowhere else
 * in generated data.
 */

/** Where goods come from, as seen from the inspection site (one per simulated lane). */
export type GoodsGroup =
  | 'europe' // China-Europe rail imports (Yuxinou)
  | 'russia' // northbound rail via Erenhot / Manzhouli
  | 'centralAsia' // rail via Khorgos, Lanzhou
  | 'landSea' // Western Land-Sea Corridor, rail-sea via Qinzhou
  | 'laos' // China-Laos railway
  | 'asean' // cross-border trucks to Vietnam
  | 'ocean' // Yangtze barges from Shanghai / Ningbo, ocean imports
  | 'airImport'
  | 'exportRail'
  | 'exportAir'
  | 'exportGeneral'; // river and road exports

export type GoodsKind =
  | 'meat'
  | 'seafood'
  | 'dairy'
  | 'fruit'
  | 'food'
  | 'grain'
  | 'beverage'
  | 'wood'
  | 'plant'
  | 'chemical'
  | 'machinery'
  | 'electronics'
  | 'vehicle'
  | 'textile'
  | 'material';

export interface GoodsItem {
  readonly zh: string;
  readonly en: string;
  readonly hsCode: string;
  readonly unit: string;
  readonly kind: GoodsKind;
  /** Shipped in reefer containers (22R1/45R1). */
  readonly reefer: boolean;
  /** Subject to quarantine (animals, plants, food, wood): quarantine always joins the inspection. */
  readonly quarantine: boolean;
  readonly weight: number;
  /** Unit price range in USD. */
  readonly price: readonly [number, number];
  readonly quantity: readonly [number, number];
  readonly origins: Readonly<Partial<Record<GoodsGroup, readonly string[]>>>;
  /** Chinese specification suffixes, to vary descriptions. */
  readonly specs?: readonly string[];
}

const CN = ['CN'] as const;

export const goodsCatalog: readonly GoodsItem[] = [
  // Meat (chapter 02)
  { zh: '冷冻去骨猪肉', en: 'Frozen boneless pork', hsCode: '0203299000', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 40, price: [2.2, 3.8], quantity: [12000, 27000], origins: { europe: ['ES', 'DE', 'DK', 'NL', 'FR'], landSea: ['BR', 'ES', 'CL'], ocean: ['ES', 'BR', 'US', 'CA', 'DK'] }, specs: ['（-18℃）', '（五花肉）', '（前腿肉）', '（后腿肉）'] },
  { zh: '冷冻猪蹄', en: 'Frozen pig feet', hsCode: '0206490090', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 12, price: [1.2, 2.2], quantity: [15000, 27000], origins: { europe: ['ES', 'DK', 'DE', 'NL'], ocean: ['US', 'CA', 'ES'] } },
  { zh: '冷冻去骨牛肉', en: 'Frozen boneless beef', hsCode: '0202300090', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 40, price: [4.5, 7.5], quantity: [12000, 26000], origins: { landSea: ['BR', 'AR', 'AU', 'UY', 'NZ'], ocean: ['BR', 'AR', 'AU', 'UY'], centralAsia: ['KZ'] }, specs: ['（牛腩）', '（牛腱）', '（眼肉）', '（-18℃）'] },
  { zh: '冷冻带骨牛肉', en: 'Frozen bone-in beef', hsCode: '0202200000', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 10, price: [3.5, 6], quantity: [12000, 26000], origins: { landSea: ['AU', 'NZ', 'UY'], ocean: ['AU', 'AR'] } },
  { zh: '冷冻带骨羊肉', en: 'Frozen bone-in lamb', hsCode: '0204420000', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 8, price: [4, 7], quantity: [10000, 24000], origins: { landSea: ['NZ', 'AU'], centralAsia: ['KZ'], ocean: ['NZ', 'AU'] } },
  { zh: '冷冻鸡爪', en: 'Frozen chicken paws', hsCode: '0207142200', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 15, price: [1.8, 3.2], quantity: [15000, 27000], origins: { landSea: ['BR', 'TH', 'AR'], ocean: ['US', 'BR', 'AR'], russia: ['RU'] } },
  { zh: '冷冻鸡翅', en: 'Frozen chicken wings', hsCode: '0207142100', unit: '千克', kind: 'meat', reefer: true, quarantine: true, weight: 8, price: [2.2, 3.5], quantity: [15000, 27000], origins: { landSea: ['BR', 'TH'], ocean: ['BR', 'US'], russia: ['RU'] } },
  // Fish and crustaceans (chapter 03)
  { zh: '冷冻南美白虾', en: 'Frozen whiteleg shrimp', hsCode: '0306173000', unit: '千克', kind: 'seafood', reefer: true, quarantine: true, weight: 10, price: [5, 9], quantity: [8000, 22000], origins: { landSea: ['EC', 'IN', 'VN', 'TH'], asean: ['VN'], ocean: ['EC', 'IN'] } },
  { zh: '冷冻大西洋鲑', en: 'Frozen Atlantic salmon', hsCode: '0303130000', unit: '千克', kind: 'seafood', reefer: true, quarantine: true, weight: 5, price: [7, 11], quantity: [8000, 20000], origins: { ocean: ['NO', 'CL'], europe: ['NO'], landSea: ['CL'] } },
  { zh: '冷冻鳕鱼', en: 'Frozen Pacific cod', hsCode: '0303630000', unit: '千克', kind: 'seafood', reefer: true, quarantine: true, weight: 4, price: [3, 5], quantity: [10000, 24000], origins: { russia: ['RU'], ocean: ['RU', 'NO', 'US'] } },
  { zh: '冰鲜三文鱼', en: 'Chilled salmon', hsCode: '0302140000', unit: '千克', kind: 'seafood', reefer: true, quarantine: true, weight: 3, price: [9, 14], quantity: [500, 5000], origins: { airImport: ['NO', 'CL', 'AU'] } },
  { zh: '鲜活龙虾', en: 'Live lobster', hsCode: '0306321000', unit: '千克', kind: 'seafood', reefer: false, quarantine: true, weight: 2, price: [20, 40], quantity: [200, 1500], origins: { airImport: ['CA', 'AU', 'US'] } },
  // Dairy (chapters 04, 19)
  { zh: '婴幼儿配方奶粉', en: 'Infant formula milk powder', hsCode: '1901101000', unit: '千克', kind: 'dairy', reefer: false, quarantine: true, weight: 15, price: [12, 25], quantity: [3000, 18000], origins: { europe: ['NL', 'DE', 'FR', 'IE', 'DK'], landSea: ['NZ', 'AU'], ocean: ['NZ', 'NL', 'IE'], airImport: ['NL', 'NZ'] }, specs: ['（1段）', '（2段）', '（3段）', '（800克/罐）'] },
  { zh: '全脂奶粉', en: 'Whole milk powder', hsCode: '0402210000', unit: '千克', kind: 'dairy', reefer: false, quarantine: true, weight: 8, price: [3, 4.5], quantity: [10000, 25000], origins: { landSea: ['NZ', 'AU'], europe: ['DE', 'FR', 'NL'], ocean: ['NZ'] }, specs: ['（25千克/袋）'] },
  { zh: '奶酪', en: 'Cheese', hsCode: '0406900000', unit: '千克', kind: 'dairy', reefer: true, quarantine: true, weight: 3, price: [5, 9], quantity: [3000, 15000], origins: { europe: ['FR', 'IT', 'NL', 'DE'], landSea: ['NZ', 'AU'] } },
  { zh: '黄油', en: 'Butter', hsCode: '0405100000', unit: '千克', kind: 'dairy', reefer: true, quarantine: true, weight: 3, price: [5, 8], quantity: [5000, 18000], origins: { europe: ['FR', 'DE', 'BE'], landSea: ['NZ'] } },
  { zh: '超高温灭菌乳', en: 'UHT milk', hsCode: '0401200000', unit: '千克', kind: 'dairy', reefer: false, quarantine: true, weight: 4, price: [1, 1.6], quantity: [15000, 25000], origins: { europe: ['DE', 'PL', 'FR'], landSea: ['NZ', 'AU'] }, specs: ['（1升/盒）', '（250毫升/盒）'] },
  // Fruit (chapter 08)
  { zh: '鲜榴莲', en: 'Fresh durian', hsCode: '0810600000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 30, price: [3.5, 7], quantity: [12000, 20000], origins: { landSea: ['TH', 'MY', 'VN'], asean: ['VN', 'TH'], laos: ['TH', 'LA'] }, specs: ['（金枕头）', '（猫山王）', '（干尧）'] },
  { zh: '冷冻榴莲果肉', en: 'Frozen durian pulp', hsCode: '0811909000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 5, price: [6, 12], quantity: [8000, 18000], origins: { landSea: ['MY', 'TH'], asean: ['VN'] } },
  { zh: '鲜山竹', en: 'Fresh mangosteen', hsCode: '0804503000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 10, price: [2, 4], quantity: [10000, 20000], origins: { landSea: ['TH', 'ID'], asean: ['TH', 'VN'], laos: ['TH'] } },
  { zh: '鲜芒果', en: 'Fresh mangoes', hsCode: '0804502000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 8, price: [1, 2], quantity: [10000, 22000], origins: { asean: ['VN'], landSea: ['TH', 'VN', 'AU'], laos: ['LA', 'TH'] } },
  { zh: '鲜龙眼', en: 'Fresh longan', hsCode: '0810901000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 10, price: [1.5, 3], quantity: [10000, 22000], origins: { asean: ['VN', 'TH'], landSea: ['TH'], laos: ['TH'] } },
  { zh: '鲜火龙果', en: 'Fresh dragon fruit', hsCode: '0810904000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 12, price: [1, 2], quantity: [10000, 22000], origins: { asean: ['VN'], landSea: ['VN', 'TH'] }, specs: ['（红心）', '（白心）'] },
  { zh: '鲜荔枝', en: 'Fresh lychee', hsCode: '0810902000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 4, price: [2, 4], quantity: [8000, 18000], origins: { asean: ['VN'], landSea: ['TH', 'VN'] } },
  { zh: '鲜香蕉', en: 'Fresh bananas', hsCode: '0803901000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 12, price: [0.5, 0.9], quantity: [15000, 24000], origins: { laos: ['LA'], landSea: ['PH', 'VN', 'EC'], asean: ['VN'] } },
  { zh: '鲜椰子', en: 'Fresh coconuts', hsCode: '0801120000', unit: '千克', kind: 'fruit', reefer: false, quarantine: true, weight: 4, price: [0.6, 1.2], quantity: [12000, 24000], origins: { landSea: ['TH'], asean: ['VN'] } },
  { zh: '鲜菠萝蜜', en: 'Fresh jackfruit', hsCode: '0810909000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 3, price: [0.8, 1.5], quantity: [12000, 22000], origins: { asean: ['VN'] } },
  { zh: '鲜车厘子', en: 'Fresh cherries', hsCode: '0809290000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 6, price: [8, 14], quantity: [1000, 18000], origins: { airImport: ['CL', 'US', 'NZ'], landSea: ['CL'] }, specs: ['（JJ级）', '（XL级）'] },
  { zh: '鲜橙', en: 'Fresh oranges', hsCode: '0805100000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 5, price: [0.9, 1.6], quantity: [15000, 24000], origins: { landSea: ['ZA', 'EG', 'AU'], ocean: ['EG', 'US', 'ZA'] } },
  { zh: '鲜食葡萄', en: 'Fresh table grapes', hsCode: '0806100000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 4, price: [2, 3.5], quantity: [12000, 22000], origins: { landSea: ['CL', 'PE', 'AU'] } },
  { zh: '鲜猕猴桃', en: 'Fresh kiwifruit', hsCode: '0810500000', unit: '千克', kind: 'fruit', reefer: true, quarantine: true, weight: 4, price: [2.2, 3.5], quantity: [12000, 22000], origins: { landSea: ['NZ'], ocean: ['NZ', 'IT'] } },
  // Nuts, coffee, cocoa (chapters 08, 09, 18)
  { zh: '带壳腰果', en: 'Cashew nuts in shell', hsCode: '0801310000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 3, price: [1.2, 1.8], quantity: [15000, 26000], origins: { asean: ['VN'], landSea: ['VN', 'CI'] } },
  { zh: '带壳开心果', en: 'Pistachios in shell', hsCode: '0802510000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 2, price: [7, 10], quantity: [10000, 20000], origins: { ocean: ['US'], landSea: ['US'] } },
  { zh: '未焙炒咖啡豆', en: 'Green coffee beans', hsCode: '0901110000', unit: '千克', kind: 'plant', reefer: false, quarantine: true, weight: 10, price: [2.5, 5], quantity: [15000, 21000], origins: { landSea: ['VN', 'BR', 'ID'], asean: ['VN'], laos: ['LA'], ocean: ['BR', 'CO', 'ET'] }, specs: ['（罗布斯塔）', '（阿拉比卡）'] },
  { zh: '焙炒咖啡豆', en: 'Roasted coffee beans', hsCode: '0901210000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 3, price: [8, 15], quantity: [2000, 10000], origins: { europe: ['IT', 'DE'] } },
  { zh: '可可豆', en: 'Cocoa beans', hsCode: '1801000000', unit: '千克', kind: 'plant', reefer: false, quarantine: true, weight: 2, price: [3, 8], quantity: [15000, 25000], origins: { ocean: ['CI', 'GH'], landSea: ['ID'] } },
  { zh: '巧克力', en: 'Chocolate', hsCode: '1806900000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 4, price: [4, 9], quantity: [3000, 15000], origins: { europe: ['BE', 'DE', 'CH', 'IT'], russia: ['RU'] } },
  // Grain, oil seeds, oils (chapters 10, 11, 12, 15)
  { zh: '大麦', en: 'Barley', hsCode: '1003900000', unit: '千克', kind: 'grain', reefer: false, quarantine: true, weight: 4, price: [0.22, 0.3], quantity: [20000, 27000], origins: { centralAsia: ['KZ'], russia: ['RU'], europe: ['FR'] } },
  { zh: '小麦粉', en: 'Wheat flour', hsCode: '1101000000', unit: '千克', kind: 'grain', reefer: false, quarantine: true, weight: 5, price: [0.3, 0.45], quantity: [20000, 27000], origins: { centralAsia: ['KZ'], russia: ['RU'] } },
  { zh: '葵花籽油', en: 'Sunflower seed oil', hsCode: '1512110000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 6, price: [1, 1.4], quantity: [18000, 24000], origins: { russia: ['RU'], centralAsia: ['KZ'] } },
  { zh: '油菜籽', en: 'Rapeseed', hsCode: '1205109000', unit: '千克', kind: 'grain', reefer: false, quarantine: true, weight: 3, price: [0.45, 0.6], quantity: [20000, 27000], origins: { russia: ['RU'], centralAsia: ['KZ'] } },
  { zh: '亚麻籽', en: 'Linseed', hsCode: '1204000090', unit: '千克', kind: 'grain', reefer: false, quarantine: true, weight: 2, price: [0.5, 0.7], quantity: [20000, 27000], origins: { russia: ['RU'], centralAsia: ['KZ'] } },
  { zh: '棕榈油', en: 'Palm oil', hsCode: '1511900000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 6, price: [0.8, 1.1], quantity: [18000, 24000], origins: { landSea: ['MY', 'ID'] } },
  { zh: '大米', en: 'Milled rice', hsCode: '1006309000', unit: '千克', kind: 'grain', reefer: false, quarantine: true, weight: 5, price: [0.5, 0.8], quantity: [20000, 27000], origins: { landSea: ['TH', 'VN'], asean: ['VN'], laos: ['LA'] }, specs: ['（茉莉香米）', '（长粒）'] },
  { zh: '木薯淀粉', en: 'Cassava starch', hsCode: '1108140000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 5, price: [0.4, 0.6], quantity: [20000, 27000], origins: { landSea: ['TH', 'VN'], laos: ['LA'], asean: ['VN'] } },
  { zh: '特级初榨橄榄油', en: 'Extra virgin olive oil', hsCode: '1509200000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 4, price: [5, 9], quantity: [8000, 20000], origins: { europe: ['ES', 'IT', 'GR'] } },
  // Beverages (chapter 22)
  { zh: '红葡萄酒', en: 'Red wine', hsCode: '2204210000', unit: '升', kind: 'beverage', reefer: false, quarantine: true, weight: 12, price: [3, 15], quantity: [6000, 18000], origins: { europe: ['FR', 'IT', 'ES', 'DE'], landSea: ['AU', 'CL'], ocean: ['FR', 'AU', 'CL', 'IT'] }, specs: ['（750毫升/瓶）', '（干红）', '（橡木桶陈酿）'] },
  { zh: '啤酒', en: 'Beer', hsCode: '2203000000', unit: '升', kind: 'beverage', reefer: false, quarantine: true, weight: 8, price: [0.8, 2], quantity: [15000, 22000], origins: { europe: ['DE', 'BE', 'NL', 'CZ'] }, specs: ['（500毫升/罐）', '（小麦啤酒）'] },
  { zh: '威士忌', en: 'Scotch whisky', hsCode: '2208300000', unit: '升', kind: 'beverage', reefer: false, quarantine: true, weight: 2, price: [15, 60], quantity: [2000, 12000], origins: { europe: ['GB'], ocean: ['GB'] } },
  { zh: '天然矿泉水', en: 'Natural mineral water', hsCode: '2201101000', unit: '升', kind: 'beverage', reefer: false, quarantine: true, weight: 2, price: [0.3, 0.8], quantity: [18000, 24000], origins: { europe: ['FR', 'IT'] } },
  { zh: '伏特加', en: 'Vodka', hsCode: '2208600000', unit: '升', kind: 'beverage', reefer: false, quarantine: true, weight: 2, price: [4, 10], quantity: [5000, 15000], origins: { russia: ['RU'], europe: ['PL'] } },
  // Other food
  { zh: '天然蜂蜜', en: 'Natural honey', hsCode: '0409000000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 2, price: [4, 12], quantity: [5000, 20000], origins: { landSea: ['NZ', 'AU'], europe: ['DE'] } },
  { zh: '燕窝', en: "Edible bird's nest", hsCode: '0410901000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 0.2, price: [800, 2500], quantity: [5, 200], origins: { landSea: ['MY', 'ID', 'TH'], airImport: ['MY', 'ID'], asean: ['VN'] }, specs: ['（毛燕）', '（燕盏）'] },
  { zh: '鱼子酱', en: 'Sturgeon caviar', hsCode: '1604310000', unit: '千克', kind: 'seafood', reefer: true, quarantine: true, weight: 0.07, price: [800, 3000], quantity: [5, 100], origins: { russia: ['RU'], europe: ['IT', 'FR'], airImport: ['IT', 'FR'] } },
  { zh: '藏红花', en: 'Saffron', hsCode: '0910200000', unit: '千克', kind: 'plant', reefer: false, quarantine: true, weight: 0.09, price: [1500, 3500], quantity: [1, 50], origins: { europe: ['ES'], airImport: ['ES', 'IR'] } },
  { zh: '沉香', en: 'Agarwood chips', hsCode: '1211909999', unit: '千克', kind: 'plant', reefer: false, quarantine: true, weight: 0.13, price: [300, 3000], quantity: [5, 300], origins: { landSea: ['VN', 'ID', 'MY'], asean: ['VN'], airImport: ['ID', 'MY'] } },
  // Wood and pulp (chapters 44, 47)
  { zh: '针叶原木', en: 'Coniferous logs', hsCode: '4403230000', unit: '立方米', kind: 'wood', reefer: false, quarantine: true, weight: 15, price: [120, 200], quantity: [30, 120], origins: { russia: ['RU'], europe: ['DE', 'CZ'], landSea: ['NZ'] }, specs: ['（云杉）', '（冷杉）', '（辐射松）'] },
  { zh: '樟子松原木', en: 'Scots pine logs', hsCode: '4403210090', unit: '立方米', kind: 'wood', reefer: false, quarantine: true, weight: 6, price: [110, 180], quantity: [30, 120], origins: { russia: ['RU'] } },
  { zh: '针叶木锯材', en: 'Sawn softwood timber', hsCode: '4407119000', unit: '立方米', kind: 'wood', reefer: false, quarantine: true, weight: 12, price: [180, 300], quantity: [40, 110], origins: { russia: ['RU'], europe: ['FI', 'SE', 'DE'] } },
  { zh: '热带硬木原木', en: 'Tropical hardwood logs', hsCode: '4403490000', unit: '立方米', kind: 'wood', reefer: false, quarantine: true, weight: 3, price: [250, 450], quantity: [25, 80], origins: { landSea: ['PG', 'SB', 'MY'] } },
  { zh: '橡木锯材', en: 'Sawn oak timber', hsCode: '4407910000', unit: '立方米', kind: 'wood', reefer: false, quarantine: true, weight: 3, price: [500, 900], quantity: [20, 60], origins: { europe: ['DE', 'FR', 'PL'], ocean: ['US'] } },
  { zh: '胶合板', en: 'Plywood', hsCode: '4412330000', unit: '立方米', kind: 'material', reefer: false, quarantine: false, weight: 4, price: [350, 550], quantity: [30, 70], origins: { russia: ['RU'], landSea: ['ID', 'MY'] } },
  { zh: '漂白针叶木浆', en: 'Bleached softwood kraft pulp', hsCode: '4703210000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 5, price: [0.6, 0.8], quantity: [20000, 27000], origins: { ocean: ['BR', 'FI', 'CL', 'CA'], russia: ['RU'] } },
  // Rubber and plastics (chapters 39, 40)
  { zh: '天然橡胶烟胶片', en: 'Natural rubber smoked sheets', hsCode: '4001210000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 10, price: [1.5, 2], quantity: [20000, 25000], origins: { landSea: ['TH', 'MY', 'ID'], laos: ['LA'], asean: ['VN'] } },
  { zh: '技术分类天然橡胶', en: 'Technically specified natural rubber', hsCode: '4001220000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 6, price: [1.4, 1.9], quantity: [20000, 25000], origins: { landSea: ['TH', 'MY', 'ID'], laos: ['LA'] } },
  { zh: '混炼胶', en: 'Compounded rubber', hsCode: '4005100000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 3, price: [1.6, 2.2], quantity: [18000, 25000], origins: { landSea: ['TH', 'MY'] } },
  { zh: '聚乙烯颗粒', en: 'Polyethylene granules', hsCode: '3901100000', unit: '千克', kind: 'chemical', reefer: false, quarantine: false, weight: 6, price: [1, 1.4], quantity: [20000, 25000], origins: { ocean: ['SA', 'US', 'KR', 'SG'], landSea: ['SG', 'SA'] } },
  { zh: '聚丙烯', en: 'Polypropylene', hsCode: '3902100000', unit: '千克', kind: 'chemical', reefer: false, quarantine: false, weight: 4, price: [0.9, 1.3], quantity: [20000, 25000], origins: { ocean: ['SA', 'KR'], landSea: ['SG'] } },
  // Chemicals, cosmetics, medicines (chapters 30, 31, 33)
  { zh: '护肤品', en: 'Skin care preparations', hsCode: '3304990000', unit: '千克', kind: 'chemical', reefer: false, quarantine: false, weight: 6, price: [20, 80], quantity: [500, 5000], origins: { europe: ['FR', 'DE', 'IT'], airImport: ['FR', 'JP', 'KR', 'US'] }, specs: ['（面霜）', '（精华液）'] },
  { zh: '香水', en: 'Perfume', hsCode: '3303000000', unit: '千克', kind: 'chemical', reefer: false, quarantine: false, weight: 2, price: [60, 200], quantity: [100, 2000], origins: { europe: ['FR'], airImport: ['FR', 'IT'] } },
  { zh: '药品', en: 'Packaged medicaments', hsCode: '3004909099', unit: '千克', kind: 'chemical', reefer: false, quarantine: false, weight: 3, price: [50, 300], quantity: [100, 3000], origins: { europe: ['DE', 'CH', 'FR'], airImport: ['CH', 'US', 'DE', 'IE'] } },
  { zh: '氯化钾', en: 'Potassium chloride fertiliser', hsCode: '3104202000', unit: '千克', kind: 'chemical', reefer: false, quarantine: false, weight: 3, price: [0.25, 0.4], quantity: [22000, 27000], origins: { laos: ['LA'], russia: ['RU'] } },
  // Metals (chapters 74, 76)
  { zh: '原铝锭', en: 'Unwrought aluminium ingots', hsCode: '7601100000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 3, price: [2.2, 2.6], quantity: [20000, 27000], origins: { russia: ['RU'], centralAsia: ['KZ'] } },
  { zh: '阴极铜', en: 'Refined copper cathodes', hsCode: '7403111000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 3, price: [8, 9.5], quantity: [20000, 27000], origins: { centralAsia: ['KZ'], ocean: ['CL', 'PE'] } },
  { zh: '棉纱', en: 'Cotton yarn', hsCode: '5205120000', unit: '千克', kind: 'textile', reefer: false, quarantine: false, weight: 4, price: [2.5, 3.5], quantity: [18000, 24000], origins: { centralAsia: ['UZ', 'KZ'], asean: ['VN'], landSea: ['VN', 'PK'] } },
  // Machinery and vehicle parts (chapters 84, 87)
  { zh: '立式加工中心', en: 'Vertical machining centres', hsCode: '8457101000', unit: '台', kind: 'machinery', reefer: false, quarantine: false, weight: 4, price: [80000, 400000], quantity: [1, 4], origins: { europe: ['DE', 'IT', 'CH'], ocean: ['JP', 'DE', 'TW'] } },
  { zh: '工业机器人', en: 'Industrial robots', hsCode: '8479501000', unit: '台', kind: 'machinery', reefer: false, quarantine: false, weight: 2, price: [30000, 90000], quantity: [2, 20], origins: { europe: ['DE', 'SE'], ocean: ['JP'] } },
  { zh: '发动机零件', en: 'Engine parts', hsCode: '8409919990', unit: '千克', kind: 'machinery', reefer: false, quarantine: false, weight: 5, price: [8, 25], quantity: [3000, 15000], origins: { europe: ['DE', 'CZ', 'HU', 'AT'] }, specs: ['（缸盖）', '（活塞）', '（曲轴）'] },
  { zh: '汽车变速箱', en: 'Gearboxes for motor vehicles', hsCode: '8708409990', unit: '台', kind: 'vehicle', reefer: false, quarantine: false, weight: 10, price: [800, 2500], quantity: [20, 400], origins: { europe: ['DE', 'CZ', 'HU', 'SK', 'PL'], ocean: ['JP', 'DE'] } },
  { zh: '汽车制动器', en: 'Brakes for motor vehicles', hsCode: '8708309990', unit: '千克', kind: 'vehicle', reefer: false, quarantine: false, weight: 4, price: [6, 15], quantity: [3000, 15000], origins: { europe: ['DE', 'CZ'] } },
  { zh: '滚珠轴承', en: 'Ball bearings', hsCode: '8482102000', unit: '套', kind: 'machinery', reefer: false, quarantine: false, weight: 4, price: [2, 20], quantity: [2000, 40000], origins: { europe: ['DE', 'SE'] } },
  // Electronics (chapters 84, 85)
  { zh: '集成电路', en: 'Integrated circuits', hsCode: '8542319000', unit: '个', kind: 'electronics', reefer: false, quarantine: false, weight: 10, price: [1, 40], quantity: [10000, 500000], origins: { airImport: ['KR', 'MY', 'JP', 'SG', 'VN', 'PH'] }, specs: ['（处理器）', '（存储器）'] },
  { zh: '液晶显示模组', en: 'LCD display modules', hsCode: '8524910000', unit: '个', kind: 'electronics', reefer: false, quarantine: false, weight: 5, price: [10, 80], quantity: [2000, 40000], origins: { airImport: ['KR', 'JP'], asean: ['VN'] } },
  { zh: '笔记本电脑', en: 'Laptop computers', hsCode: '8471301000', unit: '台', kind: 'electronics', reefer: false, quarantine: false, weight: 25, price: [350, 900], quantity: [200, 3000], origins: { exportRail: CN, exportAir: CN }, specs: ['（14英寸）', '（15.6英寸）', '（商用）'] },
  { zh: '笔记本电脑主板', en: 'Laptop motherboards', hsCode: '8473309000', unit: '个', kind: 'electronics', reefer: false, quarantine: false, weight: 8, price: [40, 150], quantity: [1000, 20000], origins: { exportRail: CN, airImport: ['TW', 'VN'], asean: ['VN'] } },
  { zh: '平板电脑', en: 'Tablet computers', hsCode: '8471309000', unit: '台', kind: 'electronics', reefer: false, quarantine: false, weight: 5, price: [120, 450], quantity: [500, 5000], origins: { exportAir: CN, exportRail: CN } },
  { zh: '激光打印机', en: 'Laser printers', hsCode: '8443321000', unit: '台', kind: 'electronics', reefer: false, quarantine: false, weight: 4, price: [80, 300], quantity: [200, 2000], origins: { exportRail: CN } },
  { zh: '智能手机', en: 'Smartphones', hsCode: '8517130000', unit: '台', kind: 'electronics', reefer: false, quarantine: false, weight: 5, price: [120, 600], quantity: [500, 10000], origins: { exportAir: CN, asean: ['VN'] } },
  { zh: '锂离子蓄电池', en: 'Lithium-ion batteries', hsCode: '8507600090', unit: '个', kind: 'electronics', reefer: false, quarantine: false, weight: 4, price: [15, 80], quantity: [1000, 20000], origins: { exportRail: CN, exportGeneral: CN } },
  { zh: '光伏组件', en: 'Photovoltaic modules', hsCode: '8541430000', unit: '块', kind: 'electronics', reefer: false, quarantine: false, weight: 4, price: [60, 120], quantity: [300, 700], origins: { exportRail: CN, exportGeneral: CN } },
  { zh: '绝缘电线电缆', en: 'Insulated electric cables', hsCode: '8544492100', unit: '千克', kind: 'electronics', reefer: false, quarantine: false, weight: 3, price: [3, 8], quantity: [5000, 20000], origins: { exportGeneral: CN } },
  // Vehicles (chapter 87)
  { zh: '摩托车', en: 'Motorcycles 125cc', hsCode: '8711209000', unit: '辆', kind: 'vehicle', reefer: false, quarantine: false, weight: 8, price: [500, 1200], quantity: [30, 200], origins: { exportGeneral: CN, exportRail: CN } },
  { zh: '乘用车', en: 'Passenger cars', hsCode: '8703234110', unit: '辆', kind: 'vehicle', reefer: false, quarantine: false, weight: 4, price: [9000, 25000], quantity: [2, 8], origins: { exportRail: CN } },
  { zh: '纯电动乘用车', en: 'Battery electric passenger cars', hsCode: '8703800090', unit: '辆', kind: 'vehicle', reefer: false, quarantine: false, weight: 3, price: [15000, 35000], quantity: [2, 8], origins: { exportRail: CN, exportGeneral: CN } },
  { zh: '汽车车身零件', en: 'Motor vehicle body parts', hsCode: '8708299000', unit: '千克', kind: 'vehicle', reefer: false, quarantine: false, weight: 5, price: [4, 12], quantity: [3000, 15000], origins: { exportGeneral: CN, exportRail: CN } },
  // Textiles, ceramics, furniture, local food exports (chapters 20, 21, 52, 61, 69, 94)
  { zh: '全棉机织布', en: 'Woven cotton fabric', hsCode: '5208520000', unit: '米', kind: 'textile', reefer: false, quarantine: false, weight: 4, price: [1.5, 4], quantity: [20000, 80000], origins: { exportGeneral: CN } },
  { zh: '针织棉制T恤衫', en: 'Knitted cotton T-shirts', hsCode: '6109100000', unit: '件', kind: 'textile', reefer: false, quarantine: false, weight: 4, price: [2, 6], quantity: [5000, 40000], origins: { exportGeneral: CN, asean: ['VN'] } },
  { zh: '日用陶瓷餐具', en: 'Porcelain tableware', hsCode: '6911101000', unit: '千克', kind: 'material', reefer: false, quarantine: false, weight: 3, price: [1.5, 4], quantity: [8000, 20000], origins: { exportGeneral: CN } },
  { zh: '实木家具', en: 'Solid wood furniture', hsCode: '9403609990', unit: '件', kind: 'material', reefer: false, quarantine: false, weight: 3, price: [80, 600], quantity: [50, 400], origins: { europe: ['IT', 'DE'], exportGeneral: CN } },
  { zh: '涪陵榨菜', en: 'Preserved mustard tuber', hsCode: '2005999990', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 2, price: [1.5, 3], quantity: [10000, 20000], origins: { exportGeneral: CN } },
  { zh: '花椒', en: 'Sichuan pepper', hsCode: '0910990000', unit: '千克', kind: 'plant', reefer: false, quarantine: true, weight: 1, price: [8, 20], quantity: [2000, 10000], origins: { exportGeneral: CN } },
  { zh: '火锅底料', en: 'Hotpot seasoning', hsCode: '2103909000', unit: '千克', kind: 'food', reefer: false, quarantine: true, weight: 2, price: [3, 6], quantity: [5000, 18000], origins: { exportGeneral: CN, exportRail: CN } },
];
