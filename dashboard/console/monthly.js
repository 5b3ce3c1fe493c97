// 每月一题: the monthly focus report (GET /api/reports/monthly/{yyyy-MM}) as a printable page with two charts.
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, Title } from 'chart.js';
import { createApi } from '../src/shared/api.js';
import { showBanner } from '../src/shared/banner.js';
import { getLang, toggleLang } from '../src/shared/i18n.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, Title);

const text = {
  'zh-CN': { title: '每月一题', month: '月份', print: '打印', back: '调度台', lang: 'English', focus: '本月一题（建议）', previous: '上月一题跟进',
    totals: '总体', charts: '图表', categories: '按类别', streets: '按街道', spots: '反复出现的地点', category: '类别', street: '街道',
    total: '事件数', prev: '上月', change: '环比', citizen: '市民诉求', prevCitizen: '上月市民诉求', opened: '新建工单', resolved: '办结工单',
    median: '办结时长中位数（分钟）', sla: 'SLA 达标率', recurrences: '复发次数', orders: '工单', location: '位置', none: '无',
    noFocus: '本月没有市民诉求，不提出建议。', noPrevious: '上月没有建议的一题。', fell: '已下降', notFell: '未下降', score: '得分', trend: '趋势',
    generated: '生成于', district: '辖区', simulated: '模拟数据：本报告由模拟车队与模拟市民上报生成。', bySource: '按来源', top: '（前 15 条）',
    chartCategories: '各类别事件数（市民 / 其他来源）', chartStreets: '市民诉求最多的街道', others: '其他来源', failed: '无法读取报告：' },
  en: { title: 'Monthly focus report (每月一题)', month: 'Month', print: 'Print', back: 'Console', lang: '中文', focus: 'Proposed focus of the month', previous: "Last month's focus, followed up",
    totals: 'Totals', charts: 'Charts', categories: 'By category', streets: 'By street', spots: 'Recurring spots', category: 'Category', street: 'Street',
    total: 'Incidents', prev: 'Previous', change: 'Change', citizen: 'Citizen reports', prevCitizen: 'Citizen, previous', opened: 'Orders opened', resolved: 'Orders resolved',
    median: 'Median time to resolve (min)', sla: 'SLA compliance', recurrences: 'Recurrences', orders: 'Orders', location: 'Location', none: 'none',
    noFocus: 'No citizen reports this month: no focus proposed.', noPrevious: 'No focus was proposed last month.', fell: 'fell', notFell: 'did not fall', score: 'score', trend: 'trend',
    generated: 'Generated', district: 'District', simulated: 'SIMULATED data: this report comes from the simulated fleet and simulated citizen reports.', bySource: 'By source', top: ' (top 15)',
    chartCategories: 'Incidents per category (citizen / other sources)', chartStreets: 'Streets with the most citizen reports', others: 'Other sources', failed: 'Cannot read the report: ' },
};
const lang = getLang() === 'en' ? 'en' : 'zh-CN';
const t = k => text[lang][k];
const $ = id => document.getElementById(id);
const api = createApi({ role: 'dispatcher' });
const en = lang === 'en';
const num = v => (v === null || v === undefined ? '–' : Number(v).toLocaleString(lang, { maximumFractionDigits: 1 }));
const pct = v => (v === null || v === undefined ? '–' : `${v > 0 ? '+' : ''}${num(v)}%`);

function cell(value, { n = false, cls } = {}) {
  const td = document.createElement('td');
  td.textContent = value;
  if (n) td.classList.add('n');
  if (cls) td.classList.add(cls);
  return td;
}

function table(id, headers, rows) {
  const head = document.createElement('thead');
  const tr = document.createElement('tr');
  for (const [h, n] of headers) { const th = Object.assign(document.createElement('th'), { textContent: h, scope: 'col' }); if (n) th.classList.add('n'); tr.append(th); }
  head.append(tr);
  const body = document.createElement('tbody');
  for (const r of rows) { const row = document.createElement('tr'); row.dataset.key = r.key; row.append(...r.cells); body.append(row); }
  $(id).replaceChildren(head, body);
}

const figureHeaders = () => [[t('total'), true], [t('change'), true], [t('citizen'), true], [t('opened'), true], [t('resolved'), true], [t('median'), true], [t('sla'), true], [t('bySource'), false]];
const figureCells = f => [
  cell(num(f.total), { n: true }), cell(pct(f.changePct), { n: true, cls: f.changePct > 0 ? 'up' : f.changePct < 0 ? 'down' : undefined }),
  cell(num(f.citizenCount), { n: true }), cell(num(f.ordersOpened), { n: true }), cell(num(f.ordersResolved), { n: true }),
  cell(num(f.medianResolveMinutes), { n: true }), cell(f.slaCompliancePct === null || f.slaCompliancePct === undefined ? '–' : `${num(f.slaCompliancePct)}%`, { n: true }),
  cell(Object.entries(f.bySource ?? {}).map(([s, c]) => `${s} ${c}`).join(' · ') || t('none')),
];

function render(r) {
  document.documentElement.lang = lang;
  for (const [id, k] of [['month-l', 'month'], ['print', 'print'], ['back', 'back'], ['lang', 'lang'], ['focus-h', 'focus'], ['previous-h', 'previous'],
    ['totals-h', 'totals'], ['charts-h', 'charts'], ['categories-h', 'categories'], ['spots-h', 'spots']]) $(id).textContent = t(k);
  $('streets-h').textContent = t('streets') + t('top');
  $('title').textContent = `${t('title')} · ${r.month}`;
  document.title = `${t('title')} ${r.month}`;
  $('meta').textContent = `${t('district')} ${r.districtId} · ${r.from.slice(0, 10)} – ${r.to.slice(0, 10)} (${r.timeZone}) · ${t('generated')} ${new Date(r.generatedAt).toLocaleString(lang)}`;
  $('simulated').hidden = !r.simulated;
  $('simulated').textContent = t('simulated');

  const f = r.focus;
  $('focus-body').replaceChildren(...(f ? [
    Object.assign(document.createElement('p'), { className: 'focus-title', textContent: `${en ? f.categoryNameEn : f.categoryNameZh} · ${en ? f.streetNameEn : f.streetNameZh}` }),
    Object.assign(document.createElement('p'), { textContent: en ? f.reasonEn : f.reasonZh }),
    Object.assign(document.createElement('p'), { className: 'muted', textContent:
      `${t('citizen')} ${f.citizenCount} (${t('prev')} ${f.previousCitizenCount}) · ${t('recurrences')} ${f.recurrences} · ${t('trend')} ${num(f.trend)} · ${t('score')} ${num(f.score)}` }),
  ] : [Object.assign(document.createElement('p'), { textContent: t('noFocus') })]));
  $('focus').dataset.category = f?.categoryCode ?? '';
  $('focus').dataset.street = f?.streetId ?? '';

  const p = r.previousFocus;
  $('previous-body').replaceChildren(Object.assign(document.createElement('p'), { textContent: p
    ? `${p.month}: ${p.categoryCode} · ${p.streetId} — ${t('citizen')} ${p.citizenCountThen} → ${p.citizenCountNow} (${pct(p.changePct)}), ${t('recurrences')} ${p.recurrencesNow}: ${p.fell ? t('fell') : t('notFell')}`
    : t('noPrevious') }));

  table('totals', figureHeaders(), [{ key: 'total', cells: figureCells(r.totals) }]);
  table('categories', [[t('category'), false], ...figureHeaders()], r.categories.map(c => ({ key: c.categoryCode, cells: [cell(en ? c.nameEn : c.nameZh), ...figureCells(c.figures)] })));
  const streets = [...r.streets].sort((a, b) => b.figures.citizenCount - a.figures.citizenCount || b.figures.total - a.figures.total).slice(0, 15);
  table('streets', [[t('street'), false], ...figureHeaders()], streets.map(s => ({ key: s.streetId, cells: [cell(en ? s.nameEn : s.nameZh), ...figureCells(s.figures)] })));
  table('spots', [[t('category'), false], [t('street'), false], [t('location'), false], [t('recurrences'), true], [t('orders'), false]],
    r.recurringSpots.map(s => ({ key: `${s.categoryCode}@${s.lon},${s.lat}`, cells: [cell(s.categoryCode), cell(en ? s.streetNameEn : s.streetNameZh),
      cell(`${s.lon.toFixed(5)}, ${s.lat.toFixed(5)}`), cell(num(s.recurrences), { n: true }), cell(s.workOrderIds.join(', '))] })));

  // Two charts; no animation, so a print right after loading shows them complete.
  const categories = r.categories.filter(c => c.figures.total > 0);
  new Chart($('chart-categories'), { type: 'bar', options: { animation: false, maintainAspectRatio: false, indexAxis: 'y', plugins: { title: { display: true, text: t('chartCategories') }, legend: { position: 'bottom' } }, scales: { x: { stacked: true }, y: { stacked: true } } },
    data: { labels: categories.map(c => (en ? c.nameEn : c.nameZh)), datasets: [
      { label: t('citizen'), data: categories.map(c => c.figures.citizenCount), backgroundColor: '#cf222e' },
      { label: t('others'), data: categories.map(c => c.figures.total - c.figures.citizenCount), backgroundColor: '#0969da' }] } });
  const top = streets.filter(s => s.figures.citizenCount > 0).slice(0, 8);
  new Chart($('chart-streets'), { type: 'bar', options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: t('chartStreets') }, legend: { display: false } } },
    data: { labels: top.map(s => (en ? s.nameEn : s.nameZh)), datasets: [{ label: t('citizen'), data: top.map(s => s.figures.citizenCount), backgroundColor: '#cf222e' }] } });
}

function defaultMonth() {
  // The month as it is in Beijing (the district's time zone).
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find(x => x.type === 'year').value}-${parts.find(x => x.type === 'month').value}`;
}

async function main() {
  const params = new URLSearchParams(location.search);
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month') : defaultMonth();
  $('month').value = month;
  $('month').addEventListener('change', () => { if ($('month').value) location.search = `?month=${$('month').value}`; });
  $('print').addEventListener('click', () => window.print());
  $('lang').addEventListener('click', () => { toggleLang(); location.reload(); });
  const health = await showBanner(api, $('banner'));
  if (health?.localMode) { $('local-label').hidden = false; $('local-label').textContent = en ? 'local mode' : '本地模式'; }
  try {
    const { data } = await api.request(`reports/monthly/${month}`);
    render(data);
  } catch (e) {
    $('meta').textContent = t('failed') + (e?.problem?.detail ?? e?.message ?? e);
    $('meta').setAttribute('role', 'alert');
  }
  document.body.dataset.ready = 'true';   // the browser tests wait for this
}

main().catch(e => { console.error(e); document.body.dataset.ready = 'true'; });
