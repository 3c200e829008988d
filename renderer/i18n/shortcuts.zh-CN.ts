/** The console-wide shortcut list (renderer/shell/ShortcutsDialog.tsx), under `shortcuts` in zh-CN.ts. */
export const shortcutsZh = {
  button: '快捷键',
  buttonHint: '列出全部快捷键（按 ? 也可打开）',
  title: '键盘快捷键',
  close: '关闭',
  groups: {
    console: '全局（不在输入框中时）',
    screens: '标签页与任务列表',
    inspection: '查验表单',
  },
  console: {
    search: '聚焦当前页面的搜索框（没有搜索框时转到任务搜索）',
    goTasks: '转到“任务”（先按 g，再按 t）',
    goReview: '转到“审核”（科长；先按 g，再按 r）',
    goDispatch: '转到“派工”值班表（科长；先按 g，再按 d）',
    goKpi: '转到“绩效”（科长；先按 g，再按 k）',
    goSync: '转到“同步”（先按 g，再按 s）',
    goSettings: '转到“设置”（先按 g，再按逗号；仅管理员）',
    help: '显示本列表',
  },
  screens: {
    tabs: '在顶部标签页之间切换',
    rows: '在任务列表中移动',
    open: '打开所选任务的详情',
    closeDetail: '关闭任务详情或对话框，焦点回到原处',
  },
};
