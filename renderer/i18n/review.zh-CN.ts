/** Texts of the supervisor's review (renderer/features/review, the task's results), under `review` in zh-CN.ts. */
export const reviewZh = {
  title: '查验审核',
  intro: '已提交的查验结果，按提交时间从早到晚排列。审核通过，或填写意见后退回给查验关员；关员会在任务上看到退回意见。本人参与的查验须由其他科长审核。',
  loading: '正在读取待审核的查验…',
  loadFailed: '无法读取待审核的查验。',
  empty: '没有待审核的查验。',
  submitted: '提交于 {{time}}，查验关员：{{officers}}，查验发现 {{findings}} 项',
  openTask: '打开任务',
  own: '您参与了这次查验，不能审核，请由其他科长审核。',
  comment: '审核意见（退回时必填）',
  endorse: '审核通过',
  return: '退回',
  commentNeeded: '退回须填写意见，说明关员需要做什么。',
  refused: '未能完成审核：{{reason}}',
  decision: {
    endorsed: '科长 {{reviewer}} 已审核通过（{{time}}）',
    returned: '科长 {{reviewer}} 退回（{{time}}）',
  },
};
