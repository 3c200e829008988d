import type { JournalTexts } from '../../shared/contract/index.js';

/**
 * The sync journal's details (renderer/features/sync/journal-text.ts), under `journalMessage` in
 * zh-CN.ts: one text per message the core writes (shared/contract/journal-message.ts), with exactly
 * its parameters. A reason that is itself a message is put in words first. Errors say what to do next.
 */
export const journalZh: JournalTexts = {
  pull: {
    page: '收到 {{changes}} 项变更（{{unchanged}} 项无新内容，{{cancelled}} 项取消，{{flagged}} 项已提醒），{{progress}}',
    pageFromStart: '从头加载：收到 {{changes}} 项变更（{{unchanged}} 项无新内容，{{cancelled}} 项取消，{{flagged}} 项已提醒），{{progress}}',
    moreToCome: '后面还有',
    caughtUp: '已同步到最新',
    notWritten: '收到的变更页未能写入本机数据库（{{message}}），游标未前移，下次同步会重新获取；如反复出现，请检查磁盘空间并查看核心日志',
    cursorExpired: '同步游标已过期：正从头重新加载全部任务（草稿和结果保留）',
    cursorExpiredGivingUp: '一次同步中游标已过期 {{reloads}} 次，本次放弃；稍后会自动重试，如仍失败请联系单一窗口运维',
    retrying: '{{reason}}；{{seconds}} 秒后重试',
    failed: '拉取任务失败：{{reason}}',
  },
  push: {
    delivered: '结果 {{resultId}}（任务 {{taskId}}）已送达',
    replay: '结果 {{resultId}}（任务 {{taskId}}）单一窗口已有（重复提交，未重复登记）',
    uploadingAgain: '结果 {{resultId}}：{{missing}}；正在重新上传 {{count}} 个附件',
    attachmentMissing: '结果 {{resultId}}：{{missing}}；请在“同步”页面处理该结果（重新添加附件，或撤回）',
    conflict: '结果 {{resultId}}（任务 {{taskId}}）冲突：任务在单一窗口已变更（{{why}}）；请在“同步”页面基于新版本重做或撤回',
    conflictWithTask: '结果 {{resultId}}（任务 {{taskId}}）冲突：任务在单一窗口已变更（{{why}}），现为第 {{version}} 版、状态 {{status}}；请在“同步”页面基于新版本重做或撤回',
    rejected: '结果 {{resultId}} 被单一窗口拒绝：{{detail}}（{{count}} 个字段错误）；请在“同步”页面修改后重新提交或撤回',
    failed: '结果 {{resultId}} 发送失败：{{reason}}',
  },
  assignment: {
    delivered: '任务 {{taskId}} 的派工 {{assignmentId}} 已送达',
    conflict: '任务 {{taskId}} 的派工 {{assignmentId}} 冲突：任务在单一窗口已变更（{{why}}）；请重新派工',
    rejected: '任务 {{taskId}} 的派工 {{assignmentId}} 被单一窗口拒绝：{{detail}}',
    failed: '任务 {{taskId}} 的派工 {{assignmentId}} 发送失败：{{reason}}',
  },
  attachment: {
    stored: '结果 {{resultId}} 的附件 {{sha256}}（{{bytes}} 字节）已上传',
    alreadyStored: '结果 {{resultId}} 的附件 {{sha256}}（{{bytes}} 字节）单一窗口已有',
    failed: '结果 {{resultId}} 的附件 {{sha256}} 上传失败：{{reason}}',
  },
  reference: {
    unchanged: '参考数据未变（版本 {{version}}）',
    unchangedNoVersion: '参考数据未变（本机尚无版本）',
    stored: '已保存参考数据版本 {{version}}：{{ports}} 个口岸场所，{{checklists}} 份检查单，{{findingCodes}} 个查验发现代码',
    failed: '参考数据未更新（继续使用本机已缓存的版本）：{{reason}}',
  },
  signIn: {
    ok: '已以操作员 {{operatorId}} 登录网关，有效期至 {{until}}',
    refused: '网关拒绝了操作员 {{operatorId}} 的登录；请管理员在“设置”中核对操作员编号和密码',
    refusedWithReason: '网关拒绝了操作员 {{operatorId}} 的登录（{{reason}}）；请管理员在“设置”中核对操作员编号和密码',
    failed: '登录网关失败：{{reason}}',
  },
  failure: {
    transport: '无法连接单一窗口（{{message}}）；请检查网络和“设置”中的网关地址，同步会自动重试',
    timeout: '单一窗口未及时应答（{{message}}）；同步会自动重试，如持续出现请检查网络',
    invalidBody: '单一窗口的应答无法识别（HTTP {{status}}：{{message}}）；同步会自动重试，如持续出现请联系单一窗口运维',
    tooLarge: '单一窗口的应答过大（HTTP {{status}}），未读取；请联系单一窗口运维',
    credentials: '单一窗口拒绝了登录；请管理员在“设置”中核对操作员编号和密码',
    http: '单一窗口应答 HTTP {{status}} {{code}}',
    httpWithProblem: '单一窗口应答 HTTP {{status}} {{code}}：{{problem}}',
    unexpected: '本机出现意外错误（{{message}}）；请查看核心日志，如反复出现请联系管理员',
  },
};
