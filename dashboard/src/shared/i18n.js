// Two languages: 简体中文 (default) and English. Category names come from the API's catalog, not from here.
const KEY = 'yunbao.lang';

const strings = {
  'zh-CN': {
    consoleTitle: '云保 · 城市运行调度台', stewardTitle: '云保 · 网格员', lang: 'English', langLabel: '语言',
    simulated: '模拟', standIns: '本地替身服务', simulationBanner: '本页显示的数据来自模拟：检测为模拟，设备为模拟车队。',
    localMode: '本地模式', roleSwitch: '本地角色（代替登录）', dispatcher: '调度员', steward: '网格员',
    map: '地图', layer: '图层', window: '时间窗', all: '全部', legend: '图例：每平方公里事件数（按缩放级别归一化）', low: '低', high: '高',
    hotspots: '热点（Getis-Ord Gi*）', noHotspots: '暂无显著热点', z: 'z 值', q: 'q 值', incidents: '事件',
    orders: '工单', status: '状态', category: '类别', source: '来源', stewardF: '网格员', since: '时间', slaRisk: 'SLA 临近/超时', any: '全部',
    last1h: '近 1 小时', last6h: '近 6 小时', today: '今天', week: '本周', count: '共 {n} 条', updated: '更新于 {t}',
    detail: '工单详情', timeline: '处理记录', evidence: '证据', actions: '操作', close: '关闭',
    dispatch: '派单/改派', reject: '驳回（误报）', escalate: '升级', verify: '核实', closeOrder: '结案', reason: '原因', note: '备注',
    send: '提交', suggest: '建议派给', distance: '距离', conflict: '冲突：该工单已被他人更改。', conflictNow: '当前状态：{s}，网格员：{w}。',
    retry: '在最新版本上重试', done: '已完成', failed: '失败',
    stewards: '网格员', stale: '失联', available: '可接单', busy: '满负荷', offDuty: '休息', load: '负荷',
    numbers: '数据', opened: '新增', closed: '办结', medianDispatch: '派单中位时长', medianAccept: '接单中位时长', medianResolve: '处置中位时长',
    slaDispatch: '派单 SLA 达标率', slaResolve: '处置 SLA 达标率', repeats: '重复发生地点', minutes: '分钟', none: '无',
    dueIn: '剩余 {m} 分钟', overdue: '已超时 {m} 分钟', breached: '超时',
    myOrders: '我的工单（由近到远）', noOrders: '暂无待办工单', accept: '接单', start: '开始处置', resolve: '处置完成', photo: '现场照片',
    offline: '当前离线：操作已保存，联网后自动提交。', online: '已联网', queued: '待提交 {n} 项', located: '位置已上报', noGeo: '无法获取位置',
    statusNames: { detected: '待派单', dispatched: '已派单', accepted: '已接单', in_progress: '处置中', resolved: '已处置', verified: '已核实', closed: '已结案', rejected: '已驳回', escalated: '已升级' },
  },
  en: {
    consoleTitle: 'Yunbao · Operations console', stewardTitle: 'Yunbao · Steward', lang: '中文', langLabel: 'Language',
    simulated: 'simulated', standIns: 'local stand-ins', simulationBanner: 'Data on this page is SIMULATED: simulated detections from a simulated fleet.',
    localMode: 'LOCAL MODE', roleSwitch: 'Local role (stands in for sign-in)', dispatcher: 'Dispatcher', steward: 'Steward',
    map: 'Map', layer: 'Layer', window: 'Window', all: 'All', legend: 'Legend: incidents per km² (normalised per zoom)', low: 'low', high: 'high',
    hotspots: 'Hot spots (Getis-Ord Gi*)', noHotspots: 'No significant hot spot', z: 'z', q: 'q', incidents: 'incidents',
    orders: 'Work orders', status: 'Status', category: 'Category', source: 'Source', stewardF: 'Steward', since: 'Time', slaRisk: 'SLA at risk', any: 'Any',
    last1h: 'Last hour', last6h: 'Last 6 h', today: 'Today', week: 'This week', count: '{n} orders', updated: 'updated {t}',
    detail: 'Work order', timeline: 'History', evidence: 'Evidence', actions: 'Actions', close: 'Close',
    dispatch: 'Dispatch / reassign', reject: 'Reject (false alarm)', escalate: 'Escalate', verify: 'Verify', closeOrder: 'Close order', reason: 'Reason', note: 'Note',
    send: 'Send', suggest: 'Suggested', distance: 'distance', conflict: 'Conflict: someone else changed this order.', conflictNow: 'Now: {s}, steward {w}.',
    retry: 'Retry on the fresh version', done: 'Done', failed: 'Failed',
    stewards: 'Stewards', stale: 'stale', available: 'available', busy: 'at capacity', offDuty: 'off duty', load: 'load',
    numbers: 'Numbers', opened: 'Opened', closed: 'Closed', medianDispatch: 'Median to dispatch', medianAccept: 'Median to accept', medianResolve: 'Median to resolve',
    slaDispatch: 'Dispatch SLA met', slaResolve: 'Resolve SLA met', repeats: 'Repeat locations', minutes: 'min', none: 'none',
    dueIn: 'due in {m} min', overdue: 'overdue {m} min', breached: 'breached',
    myOrders: 'My orders (nearest first)', noOrders: 'No open orders', accept: 'Accept', start: 'Start', resolve: 'Resolve', photo: 'Photo',
    offline: 'Offline: your action is kept and sent when back online.', online: 'Online', queued: '{n} queued', located: 'Location sent', noGeo: 'No location',
    statusNames: { detected: 'detected', dispatched: 'dispatched', accepted: 'accepted', in_progress: 'in progress', resolved: 'resolved', verified: 'verified', closed: 'closed', rejected: 'rejected', escalated: 'escalated' },
  },
};

let lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
let categories = new Map();

export const getLang = () => lang;
export function toggleLang() {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}
export function t(key, vars) {
  let s = strings[lang][key] ?? strings.en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}
export const statusName = s => strings[lang].statusNames[s] ?? s;
export function setCatalog(items) { categories = new Map(items.map(c => [c.code, c])); }
export const catalogItems = () => [...categories.values()];
export function categoryName(code) {
  const c = categories.get(code);
  return c ? (lang === 'en' ? c.nameEn : c.nameZh) : code;
}
export function timeText(iso) {
  return new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
document.documentElement.lang = lang;
