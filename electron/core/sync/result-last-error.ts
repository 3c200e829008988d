import type { GatewayTask } from '../../../shared/contract/index.js';
import type { GatewayFailure } from './gateway.js';

/**
 * A queued result's last error, as the inspector reads it on the Sync screen and the task: in both
 * languages (zh-CN / English, as the seal check writes its proposals), each saying what happens next
 * or what to do. Stored as text on the result; the gateway's own words and system errors go as they came.
 */
interface Words {
  zh: string;
  en: string;
}

const inBoth = ({ zh, en }: Words): string => `${zh} / ${en}`;

/** A failure in words (never a token: the client's messages carry none). */
function describe(failure: GatewayFailure): Words {
  switch (failure.kind) {
    case 'transport':
      return { zh: `无法连接单一窗口（${failure.message}）`, en: `the single window cannot be reached (${failure.message})` };
    case 'timeout':
      return { zh: `单一窗口未及时应答（${failure.message}）`, en: `the single window did not answer in time (${failure.message})` };
    case 'invalid_body':
      return { zh: `单一窗口的应答无法识别（${failure.status}：${failure.message}）`, en: `the single window's answer was unreadable (${failure.status}: ${failure.message})` };
    case 'too_large':
      return { zh: `单一窗口的应答过大（${failure.status}）`, en: `the single window's answer was too large (${failure.status})` };
    case 'credentials':
      return { zh: `单一窗口拒绝了登录（${failure.message}）`, en: `the single window refused the sign-in (${failure.message})` };
    case 'http': {
      const problem = failure.problem ? failure.problem.detail || failure.problem.title : '';
      return {
        zh: `单一窗口应答 ${failure.status} ${failure.code}${problem ? `：${problem}` : ''}`,
        en: `the single window answered ${failure.status} ${failure.code}${problem ? `: ${problem}` : ''}`,
      };
    }
  }
}

export const resultLastError = {
  notRebuilt: (message: string): string =>
    inBoth({ zh: `无法从数据库重建该结果（${message}），请查看核心日志`, en: `cannot rebuild the result from the database (${message}); see the core log` }),
  sendingAgain: (failure: GatewayFailure): string => {
    const why = describe(failure);
    return inBoth({ zh: `${why.zh}；会自动重新发送`, en: `${why.en}; sending again automatically` });
  },
  tryingLater: (failure: GatewayFailure | null, error: unknown, minutes: number): string => {
    const why = failure ? describe(failure) : { zh: `意外错误：${messageOf(error)}`, en: `unexpected error: ${messageOf(error)}` };
    return inBoth({
      zh: `${why.zh}；约 ${minutes} 分钟后再试（请检查网关设置，或修改、撤回该结果）`,
      en: `${why.en}; will try again in about ${minutes} min (check the gateway settings, or edit or withdraw the result)`,
    });
  },
  /**
   * `problems`: files that could not be read here, each said in both languages already (the
   * attachment store's words), so listed once after both; `missing`: the single window's words.
   */
  attachmentMissing: (problems: readonly string[], missing: string): string =>
    `${inBoth({ zh: '单一窗口缺少该结果的附件；请重新添加附件，或撤回该结果', en: 'the single window is missing an attachment of this result; add the file again, or withdraw the result' })}: ${
      problems.length ? problems.join('; ') : missing
    }`,
  attachmentTooLarge: (name: string): string =>
    inBoth({ zh: `附件“${name}”超过单一窗口允许的大小（413），请修改该结果`, en: `attachment "${name}" is larger than the single window accepts (413); edit the result` }),
  conflict: (why: string, task: GatewayTask | undefined): string =>
    inBoth(
      task
        ? {
            zh: `任务在单一窗口已变更：${why}（现为第 ${task.version} 版，${task.status}）；请基于新版本重做或撤回该结果`,
            en: `the task changed in the single window: ${why} (now version ${task.version}, ${task.status}); rebase onto it or withdraw the result`,
          }
        : { zh: `任务在单一窗口已变更：${why}；请基于新版本重做或撤回该结果`, en: `the task changed in the single window: ${why}; rebase or withdraw the result` },
    ),
  rejected: (detail: string): string =>
    inBoth({ zh: `单一窗口拒绝了该结果：${detail}；请修改后重新提交，或撤回`, en: `the single window refused the result: ${detail}; edit and submit it again, or withdraw it` }),
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
