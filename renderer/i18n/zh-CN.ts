/**
 * Simplified Chinese, the default language of the console. Every visible text of the renderer is
 * here and in en.ts, under the same keys (en.ts is typed against this object, and a unit test
 * compares the key sets).
 */
export const zhCN = {
  app: {
    title: '口岸联合查验工作台',
  },
  connection: {
    label: '与本机服务的连接',
    connecting: '正在连接',
    connected: '已连接',
    reconnecting: '连接中断，正在重连',
  },
  langSwitch: {
    target: 'English',
    label: '切换为英文界面',
  },
  status: {
    pending: '待查验',
    assigned: '已分派',
    in_progress: '查验中',
    completed: '已完成',
    released: '已放行',
    held: '已扣留',
    cancelled: '已取消',
  },
  statusFilter: {
    open: '待办',
    all: '全部状态',
  },
  mode: {
    rail: '铁路',
    river: '水运',
    road: '公路',
    air: '航空',
    sea: '海运',
  },
  agency: {
    customs: '海关',
    quarantine: '检疫',
    border: '边检',
    maritime: '海事',
  },
  priority: {
    urgent: '紧急',
    high: '高',
    normal: '普通',
  },
  inspectionType: {
    document: '单证审核',
    machine_scan: '机检',
    open_container: '开箱查验',
    devanning: '掏箱查验',
    sampling: '取样送检',
    quarantine_treatment: '检疫处理',
  },
  creditGrade: {
    advanced_certified: '高级认证企业',
    certified: '认证企业',
    regular: '常规企业',
    dishonest: '失信企业',
    seriously_dishonest: '严重失信企业',
  },
  filter: {
    label: '筛选任务',
    status: '状态',
    mode: '运输方式',
    agency: '查验单位',
    priority: '优先级',
    anyMode: '全部方式',
    anyAgency: '全部单位',
    anyPriority: '全部优先级',
  },
  search: {
    label: '搜索',
    placeholder: '集装箱号、报关单号、收货人名称或统一社会信用代码、货物名称',
  },
  tasks: {
    total_one: '共 {{total}} 项',
    total_other: '共 {{total}} 项',
    totalLoading: '正在统计…',
    listLabel: '查验任务列表',
    loading: '正在加载任务…',
    loadingRow: '正在加载…',
    rowFailed: '此行加载失败',
    empty: '没有符合条件的任务',
    overdue: '已超期',
    due: '截止 {{time}}',
    moreContainers: '+{{count}}',
    noContainers: '无集装箱',
    listSeparator: '、',
    fieldSeparator: ' · ',
  },
  errors: {
    title: '任务列表加载失败',
    retry: '重试',
    details: '技术详情',
    bad_frame: '本机服务无法识别请求，请重启工作台。',
    frame_too_large: '请求过大，请缩小搜索条件后重试。',
    unknown_method: '本机服务版本与界面不一致，请升级或重启工作台。',
    invalid_input: '筛选或搜索条件无效，请修改后重试。',
    forbidden: '当前账号无权查看这些任务。',
    not_found: '未找到所请求的任务。',
    unavailable: '暂时无法连接本机服务，请稍后重试。',
    internal: '本机服务内部错误，请重试；如仍失败请联系管理员。',
  },
};

/** The shape every language file must have: the same keys, each a string. */
export type Messages = typeof zhCN;
