/** Texts of the audit chain's badge (renderer/shell/AuditBadge.tsx), under `audit` in zh-CN.ts. */
export const auditZh = {
  badge: '审计链：{{state}}',
  line: '{{database}}：{{text}}',
  state: { intact: '完整', checking: '校验中', broken: '已损坏', unknown: '未知' },
  database: { real: '正式库', training: '训练库' },
  intact: '{{count}} 条记录完整，末条哈希 {{hash}}…',
  checking: '正在校验，已校验 {{count}} 条',
  unknown: '无法读取审计链状态：{{message}}',
  problem: {
    hash_mismatch: '第 {{seq}} 条记录在写入后被改动',
    prev_hash_mismatch: '第 {{seq}} 条记录与前一条不相连（有记录被插入，或前一条被改写）',
    gap: '缺少第 {{expectedSeq}} 条记录（被删除）',
    reordered: '第 {{seq}} 条记录位置不对（记录顺序被打乱）',
    malformed: '第 {{seq}} 条记录格式损坏',
  },
};
