// The dispatcher's console: heat, hot spots, live orders, stewards and numbers on one screen.
import '../src/shared/leaflet-global.js';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend } from 'chart.js';
import { createApi, ApiError } from '../src/shared/api.js';
import { t, toggleLang, getLang, statusName, setCatalog, catalogItems, categoryName, timeText } from '../src/shared/i18n.js';
import { createMap, heatLayer, L } from '../src/shared/map.js';
import { showBanner } from '../src/shared/banner.js';
import { mountRoleSwitch } from '../src/shared/role-switch.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const params = new URLSearchParams(location.search);
const POLL_MS = Math.max(500, Number(params.get('poll')) || 5000);
const OPEN = ['detected', 'dispatched', 'accepted', 'in_progress', 'escalated'];
const api = createApi({ role: 'dispatcher' });
const $ = id => document.getElementById(id);
const state = { orders: [], etag: null, stewards: [], serverNow: null, selected: null, filters: { status: '', category: '', stewardId: '', source: '', time: '', sla: false }, charts: [] };

function esc(s) { return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }

async function main() {
  $('lang').addEventListener('click', () => { toggleLang(); location.reload(); });
  $('lang').textContent = t('lang');
  $('title').textContent = t('consoleTitle');
  document.title = t('consoleTitle');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  const health = await showBanner(api, $('banner'));
  if (health?.localMode) { $('local-label').hidden = false; $('local-label').textContent = t('localMode'); }
  await mountRoleSwitch($('role'), api, health, { defaultRole: 'dispatcher' });
  setCatalog((await api.catalog()).data.items);

  const geo = (await api.districtMap()).data;
  const { map, bounds } = createMap($('map'), geo);
  state.map = map; state.bounds = bounds;
  state.orderLayer = L.markerClusterGroup({ disableClusteringAtZoom: 17, maxClusterRadius: 40 }).addTo(map);
  state.stewardLayer = L.layerGroup().addTo(map);
  state.hotspotLayer = L.layerGroup().addTo(map);
  await setupHeat();
  buildFilters();
  map.on('zoomend', renderLegend);
  await Promise.all([refreshOrders(), refreshStewards(), refreshNumbers()]);
  setInterval(() => refreshOrders().catch(report), POLL_MS);
  setInterval(() => refreshStewards().catch(report), POLL_MS);
  setInterval(() => refreshNumbers().catch(report), 30_000);
  setInterval(() => { state.heat?.setUrl(heatUrl()); refreshHotspots().catch(report); }, 60_000);
  document.body.dataset.ready = 'true';
}

function report(e) { console.warn('refresh failed', e?.message ?? e); }

// --- heat and hot spots -------------------------------------------------------------------------------------------
async function setupHeat() {
  const manifest = (await api.manifest()).data;
  state.manifest = manifest;
  const layers = manifest ? [...new Set(manifest.pyramids.map(p => p.layer))] : ['all', ...catalogItems().map(c => c.code)];
  const windows = manifest ? [...new Set(manifest.pyramids.map(p => p.window))] : ['24h', '7d', '30d'];
  const layerName = l => l === 'all' ? t('all') : l.startsWith('source-') ? `${t('source')}: ${l.slice(7)}` : categoryName(l);
  $('layer').replaceChildren(...layers.map(l => new Option(layerName(l), l)));
  $('window').replaceChildren(...windows.map(w => new Option(w, w)));
  $('layer').value = 'all'; $('window').value = windows.includes('24h') ? '24h' : windows[0];
  const change = () => { state.heat?.remove(); state.heat = heatLayer($('layer').value, $('window').value, state.bounds).addTo(state.map); renderLegend(); refreshHotspots().catch(report); };
  $('layer').addEventListener('change', change);
  $('window').addEventListener('change', change);
  change();
}

const heatUrl = () => `/api/heatmaps/${encodeURIComponent($('layer').value)}/${encodeURIComponent($('window').value)}/{z}/{x}/{y}.png?v=${Date.now() / 60000 | 0}`;

function renderLegend() {
  const p = state.manifest?.pyramids.find(x => x.layer === $('layer').value && x.window === $('window').value);
  const z = Math.min(18, Math.round(state.map.getZoom()));
  const max = p?.maxIntensityByZoom?.[String(z)];
  $('legend').innerHTML = `<div class="muted">${esc(t('legend'))}</div><div class="legend-ramp" role="img" aria-label="${esc(t('legend'))}"></div>
    <div style="display:flex;justify-content:space-between" class="muted"><span>0 · ${esc(t('low'))}</span><span>${esc(t('high'))} · ${max ? Math.round(max) : '–'} /km²</span></div>
    ${p ? `<div class="muted">${p.incidents} ${esc(t('incidents'))}${p.simulated ? ' · ' + esc(t('simulated')) : ''}</div>` : ''}`;
}

async function refreshHotspots() {
  const { data } = await api.hotspots($('layer').value, $('window').value);
  state.hotspotLayer.clearLayers();
  for (const h of data.hotspots) {
    const [w, s, e, n] = h.bounds;
    L.rectangle([[s, w], [n, e]], { color: '#d1242f', weight: 2, fill: false, dashArray: '4 3' })
      .bindTooltip(`#${h.rank} · ${h.count} ${t('incidents')} · z ${h.zScore} · q ${h.qValue.toPrecision(2)}`).addTo(state.hotspotLayer);
  }
  $('hotspots').innerHTML = data.hotspots.length === 0 ? `<li class="muted">${esc(t('noHotspots'))}</li>` :
    data.hotspots.slice(0, 10).map(h => `<li><a href="#" data-lon="${h.center.lon}" data-lat="${h.center.lat}">${h.count} ${esc(t('incidents'))}</a>
      · ${esc(t('z'))} ${h.zScore.toFixed(2)} · ${esc(t('q'))} ${h.qValue.toPrecision(2)}</li>`).join('');
  for (const a of $('hotspots').querySelectorAll('a')) a.addEventListener('click', ev => { ev.preventDefault(); state.map.setView([+a.dataset.lat, +a.dataset.lon], 17); });
}

// --- orders -------------------------------------------------------------------------------------------------------
function buildFilters() {
  const f = state.filters;
  const sel = (key, label, options) => {
    const s = document.createElement('select');
    s.id = 'filter-' + key;
    s.replaceChildren(new Option(t('any'), ''), ...options.map(([v, text]) => new Option(text, v)));
    s.addEventListener('change', () => { f[key] = s.value; state.etag = null; refreshOrders().catch(report); });
    const l = document.createElement('label'); l.append(label + ' ', s); return l;
  };
  const sla = document.createElement('label');
  const box = document.createElement('input'); box.type = 'checkbox'; box.id = 'filter-sla';
  box.addEventListener('change', () => { f.sla = box.checked; renderOrders(); });
  sla.append(box, ' ' + t('slaRisk'));
  $('filters').replaceChildren(
    sel('status', t('status'), [['open', OPEN.map(statusName).join('/')], ...Object.keys({ detected: 1, dispatched: 1, accepted: 1, in_progress: 1, resolved: 1, verified: 1, closed: 1, rejected: 1, escalated: 1 }).map(s => [s, statusName(s)])]),
    sel('category', t('category'), catalogItems().map(c => [c.code, categoryName(c.code)])),
    sel('source', t('source'), ['PatrolVehicle', 'FixedCamera', 'Sensor', 'Citizen', 'Steward'].map(s => [s, s])),
    sel('stewardId', t('stewardF'), []),
    sel('time', t('since'), [['1', t('last1h')], ['6', t('last6h')], ['24', t('today')], ['168', t('week')]]),
    sla);
}

/** The server-side part of the filters, exactly as sent to GET /api/workorders. */
export function orderQuery() {
  const q = { pageSize: '200' };
  const f = state.filters;
  if (f.status) q.status = f.status === 'open' ? OPEN.join(',') : f.status;
  if (f.category) q.category = f.category;
  if (f.stewardId) q.stewardId = f.stewardId;
  return q;
}

async function refreshOrders() {
  const first = await api.orders(orderQuery(), state.etag);
  if (first.notModified) return;
  let items = first.data.items;
  let next = first.data.next;
  for (let i = 0; next && i < 4; i++) {
    const { data } = await api.request(next.replace(/^\/api\//, ''));
    items = items.concat(data.items); next = data.next;
  }
  state.etag = first.etag;
  state.orders = items;
  state.lastSync = new Date();
  renderOrders();
  if (state.selected && !$('detail').hidden && !state.busy) {
    const fresh = items.find(o => o.id === state.selected);
    if (fresh && fresh.eTag !== state.detailETag) openDetail(state.selected).catch(report);
  }
}

function sla(o) {
  if (!OPEN.includes(o.status) || !state.serverNow) return null;
  const due = new Date(o.status === 'detected' ? o.dispatchDueAt : o.resolveDueAt);
  const minutes = Math.round((due - state.serverNow) / 60000);
  return { minutes, breached: minutes < 0 || o.status === 'escalated', atRisk: minutes >= 0 && minutes < 15 };
}

function visibleOrders() {
  const f = state.filters;
  const now = state.serverNow ?? new Date();
  return state.orders.filter(o => (!f.source || o.source === f.source)
    && (!f.time || now - new Date(o.createdAt) <= Number(f.time) * 3600_000)
    && (!f.sla || (sla(o)?.breached || sla(o)?.atRisk)));
}

function slaText(o) {
  const s = sla(o);
  if (!s) return '';
  if (s.breached) return `<span class="breached">${esc(s.minutes < 0 ? t('overdue', { m: -s.minutes }) : t('breached'))}</span>`;
  return `<span class="${s.atRisk ? 'at-risk' : ''}">${esc(t('dueIn', { m: s.minutes }))}</span>`;
}

function shapeOf(code) { const i = catalogItems().findIndex(c => c.code === code); return `shape-${(i < 0 ? 0 : i) % 5}`; }

function renderOrders() {
  const rows = visibleOrders();
  $('orders').tHead.innerHTML = `<tr><th>${esc(t('status'))}</th><th>${esc(t('category'))}</th><th>${esc(t('stewardF'))}</th><th>SLA</th><th>${esc(t('since'))}</th></tr>`;
  $('orders').tBodies[0].innerHTML = rows.map(o => `<tr data-id="${esc(o.id)}" tabindex="0" class="${sla(o)?.breached ? 'row-breached' : ''} ${o.id === state.selected ? 'selected' : ''}">
    <td><span class="marker ${shapeOf(o.category)} st-${o.status}" style="display:inline-block;width:10px;height:10px"></span> ${esc(statusName(o.status))}</td>
    <td>${esc(categoryName(o.category))}${o.simulated ? ` <span class="muted">(${esc(t('simulated'))})</span>` : ''}</td>
    <td>${esc(o.assignedStewardId ?? '–')}</td><td>${slaText(o)}</td><td>${esc(timeText(o.createdAt))}</td></tr>`).join('');
  for (const tr of $('orders').tBodies[0].rows) {
    tr.addEventListener('click', () => openDetail(tr.dataset.id).catch(report));
    tr.addEventListener('keydown', e => { if (e.key === 'Enter') openDetail(tr.dataset.id).catch(report); });
  }
  $('orders-count').textContent = `${t('count', { n: rows.length })} · ${t('updated', { t: state.lastSync?.toLocaleTimeString(getLang()) ?? '' })}`;
  state.orderLayer.clearLayers();
  state.orderLayer.addLayers(rows.map(o => L.marker([o.location.lat, o.location.lon], {
    icon: L.divIcon({ className: '', html: `<div class="marker ${shapeOf(o.category)} st-${o.status}" data-order-id="${esc(o.id)}"></div>`, iconSize: [16, 16] }),
    title: `${categoryName(o.category)} · ${statusName(o.status)}`, alt: `${categoryName(o.category)} · ${statusName(o.status)}`,
  }).on('click', () => openDetail(o.id).catch(report))));
}

// --- stewards -----------------------------------------------------------------------------------------------------
async function refreshStewards() {
  const { data } = await api.stewards();
  state.stewards = data.items;
  state.serverNow = new Date(data.now);
  const stewardFilter = $('filter-stewardId');
  if (stewardFilter && stewardFilter.options.length !== data.items.length + 1) {
    const v = stewardFilter.value;
    stewardFilter.replaceChildren(new Option(t('any'), ''), ...data.items.map(s => new Option(s.id, s.id)));
    stewardFilter.value = v;
  }
  const cls = s => s.stale ? 'stale' : s.canTakeOrders ? '' : 'busy';
  const label = s => s.stale ? t('stale') : !s.available ? t('offDuty') : s.canTakeOrders ? t('available') : t('busy');
  $('stewards').tBodies[0].innerHTML = data.items.map(s => `<tr data-steward="${esc(s.id)}"><td><span class="steward-dot ${cls(s)}" style="display:inline-block"></span> ${esc(s.name)}</td>
    <td>${esc(label(s))}</td><td>${esc(t('load'))} ${s.load}/${s.capacity}</td><td class="muted">${s.minutesSinceSeen} ${esc(t('minutes'))}</td></tr>`).join('');
  state.stewardLayer.clearLayers();
  for (const s of data.items)
    L.marker([s.location.lat, s.location.lon], { icon: L.divIcon({ className: '', html: `<div class="steward-dot ${cls(s)}" data-steward-id="${esc(s.id)}"></div>`, iconSize: [14, 14] }), zIndexOffset: 1000, title: `${s.name} · ${label(s)}`, alt: s.name })
      .bindTooltip(`${s.name} · ${label(s)} · ${t('load')} ${s.load}/${s.capacity}`).addTo(state.stewardLayer);
  renderOrders();
}

// --- numbers ------------------------------------------------------------------------------------------------------
async function refreshNumbers() {
  const [today, week] = await Promise.all([api.statistics('today'), api.statistics('week')]);
  const body = $('numbers-body');
  const min = v => v == null ? t('none') : `${v.toFixed(0)} ${t('minutes')}`;
  const pct = v => v == null ? t('none') : `${Math.round(v * 100)}%`;
  const kpis = (title, d) => `<h3 style="font-size:.9rem;margin:.4rem 0">${esc(title)}</h3><div class="kpis">
    <div class="kpi">${esc(t('opened'))}<b data-kpi="opened">${d.opened}</b></div><div class="kpi">${esc(t('closed'))}<b>${d.closed}</b></div>
    <div class="kpi">${esc(t('medianDispatch'))}<b>${esc(min(d.medianMinutesToDispatch))}</b></div><div class="kpi">${esc(t('medianAccept'))}<b>${esc(min(d.medianMinutesToAccept))}</b></div>
    <div class="kpi">${esc(t('medianResolve'))}<b>${esc(min(d.medianMinutesToResolve))}</b></div><div class="kpi">${esc(t('slaDispatch'))}<b>${esc(pct(d.dispatchSlaCompliance))}</b></div>
    <div class="kpi">${esc(t('slaResolve'))}<b>${esc(pct(d.resolveSlaCompliance))}</b></div></div>`;
  body.innerHTML = `${kpis(t('today'), today.data)}<div class="chart"><canvas id="chart-today" role="img" aria-label="${esc(t('today'))}: ${esc(t('opened'))} / ${esc(t('closed'))}"></canvas></div>
    ${kpis(t('week'), week.data)}<div class="chart"><canvas id="chart-week" role="img" aria-label="${esc(t('week'))}: ${esc(t('source'))}"></canvas></div>
    <h3 style="font-size:.9rem;margin:.4rem 0">${esc(t('repeats'))}</h3><ol style="font-size:.85rem">${week.data.repeatLocations.slice(0, 5).map(r =>
      `<li>${r.categories.map(c => esc(categoryName(c))).join(', ')} · ${r.orders} ${esc(t('orders'))} · ${r.sightings}×</li>`).join('') || `<li class="muted">${esc(t('none'))}</li>`}</ol>`;
  for (const c of state.charts) c.destroy();
  const cats = [...new Set([...Object.keys(today.data.openedByCategory), ...Object.keys(today.data.closedByCategory)])];
  state.charts = [
    new Chart($('chart-today'), { type: 'bar', options: { animation: false, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
      data: { labels: cats.map(categoryName), datasets: [
        { label: t('opened'), data: cats.map(c => today.data.openedByCategory[c] ?? 0), backgroundColor: '#cf222e' },
        { label: t('closed'), data: cats.map(c => today.data.closedByCategory[c] ?? 0), backgroundColor: '#1a7f37' }] } }),
    new Chart($('chart-week'), { type: 'bar', options: { animation: false, maintainAspectRatio: false, indexAxis: 'y', plugins: { legend: { display: false } } },
      data: { labels: Object.keys(week.data.openedBySource), datasets: [{ label: t('opened'), data: Object.values(week.data.openedBySource), backgroundColor: '#0969da' }] } }),
  ];
}

// --- order detail and actions ---------------------------------------------------------------------------------------
async function openDetail(id) {
  state.selected = id;
  const [{ data: order, etag }, evidence, suggestions] = await Promise.all([api.order(id), api.evidence(id), api.suggestions(id).catch(() => ({ data: { items: [] } }))]);
  state.detailETag = order.eTag;
  state.detailOrder = order;
  const panel = $('detail');
  panel.hidden = false;
  const actions = [];
  if (['detected', 'dispatched', 'escalated'].includes(order.status)) actions.push('dispatch');
  if (['detected', 'dispatched', 'accepted', 'in_progress', 'escalated'].includes(order.status)) actions.push('reject');
  if (['detected', 'dispatched', 'accepted', 'in_progress'].includes(order.status)) actions.push('escalate');
  if (order.status === 'resolved') actions.push('verify');
  if (order.status === 'verified') actions.push('close');
  const stewardOptions = [...suggestions.data.items.map(s => [s.steward.id, `${s.steward.name} · ${t('suggest')} · ${Math.round(s.distanceMeters)} m`]),
    ...state.stewards.filter(s => !s.stale && !suggestions.data.items.some(x => x.steward.id === s.id)).map(s => [s.id, `${s.name} · ${t('load')} ${s.load}/${s.capacity}`])];
  panel.innerHTML = `<h2>${esc(t('detail'))}: ${esc(categoryName(order.category))} <span class="muted">${esc(order.id)}</span></h2>
    <p><b data-field="status">${esc(statusName(order.status))}</b> · ${esc(t('stewardF'))}: <span data-field="steward">${esc(order.assignedStewardId ?? '–')}</span> · ${slaText(order)}
      ${order.simulated ? `· <span class="muted">${esc(t('simulated'))}</span>` : ''} <button type="button" class="secondary" id="detail-close">${esc(t('close'))}</button></p>
    <div id="detail-message" aria-live="assertive"></div>
    <h3 style="font-size:.9rem">${esc(t('actions'))}</h3>
    <form id="action-form" class="controls">
      <label>${esc(t('actions'))} <select id="action">${actions.map(a => `<option value="${a}">${esc(t({ dispatch: 'dispatch', reject: 'reject', escalate: 'escalate', verify: 'verify', close: 'closeOrder' }[a]))}</option>`).join('')}</select></label>
      <label>${esc(t('stewardF'))} <select id="action-steward">${stewardOptions.map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join('')}</select></label>
      <label>${esc(t('note'))} <input id="action-note" maxlength="2000"></label>
      <button type="submit" ${actions.length ? '' : 'disabled'}>${esc(t('send'))}</button>
    </form>
    <h3 style="font-size:.9rem">${esc(t('evidence'))}</h3><div id="evidence"></div>
    <h3 style="font-size:.9rem">${esc(t('timeline'))}</h3>
    <ol class="timeline" id="timeline">${order.events.map(e => `<li data-type="${esc(e.type)}"><b>${esc(timeText(e.at))}</b> ${esc(e.type)} → ${esc(statusName(e.to))}
      · ${esc(e.by)} (${esc(e.byRole)})${e.where ? ` · ${e.where.lon.toFixed(5)}, ${e.where.lat.toFixed(5)}` : ''}${e.note ? ` · ${esc(e.note)}` : ''}${e.evidence.length ? ` · 📷 ${e.evidence.length}` : ''}</li>`).join('')}</ol>`;
  $('detail-close').addEventListener('click', () => { panel.hidden = true; state.selected = null; renderOrders(); });
  $('action-form').addEventListener('submit', ev => { ev.preventDefault(); act(order.id, etag).catch(report); });
  renderEvidence(evidence.data.items);
  renderOrders();
}

async function renderEvidence(items) {
  const box = $('evidence');
  box.replaceChildren();
  for (const item of items) {
    const fig = document.createElement('figure');
    fig.className = 'evidence-item';
    const img = document.createElement('img');
    img.alt = `${item.kind} ${item.key}`;
    img.dataset.kind = item.kind;
    fig.append(img);
    const cap = document.createElement('figcaption');
    cap.className = 'muted';
    cap.textContent = `${item.kind === 'frame' ? '📹' : '📷'} ${timeText(item.at)} · ${item.by ?? ''}${item.simulated ? ' · ' + t('simulated') : ''}`;
    fig.append(cap);
    box.append(fig);
    img.addEventListener('load', () => {
      if (!item.box) return;
      // The detection's box, in frame pixels, scaled to the shown size.
      const k = img.clientWidth / img.naturalWidth;
      const r = document.createElement('div');
      r.className = 'evidence-box';
      Object.assign(r.style, { left: item.box.x * k + 'px', top: item.box.y * k + 'px', width: item.box.w * k + 'px', height: item.box.h * k + 'px' });
      fig.append(r);
    });
    try { img.src = await api.imageUrl(item.url); } catch (e) { cap.textContent += ' · ' + t('failed'); }
  }
}

async function act(id, etag, retry) {
  const action = $('action').value;
  const body = { action };
  const note = $('action-note').value.trim();
  if (action === 'dispatch') body.stewardId = $('action-steward').value;
  if (note) body.note = note;
  if ((action === 'reject' || action === 'escalate') && !note) body.note = t(action);
  const msg = $('detail-message');
  state.busy = true;
  try {
    await api.transition(id, retry ?? etag, body);
    state.etag = null;
    await refreshOrders();
    state.busy = false;
    await openDetail(id);
    $('detail-message').innerHTML = `<div class="message ok">${esc(t('done'))}</div>`;
  } catch (e) {
    state.busy = false;
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 412 || e.status === 409) {
      // Never overwrite: show what the order is now, and let the dispatcher decide again on that version.
      const { data: fresh } = await api.order(id);
      msg.innerHTML = `<div class="message error" role="alert" data-conflict="true">${esc(t('conflict'))} ${esc(t('conflictNow', { s: statusName(fresh.status), w: fresh.assignedStewardId ?? '–' }))}
        <button type="button" id="retry">${esc(t('retry'))}</button></div>`;
      $('retry').addEventListener('click', () => openDetail(id).catch(report));
    } else {
      msg.innerHTML = `<div class="message error" role="alert">${esc(t('failed'))}: ${esc(e.problem?.detail ?? e.message)}</div>`;
    }
  }
}

main().catch(e => { console.error(e); $('banner').hidden = false; $('banner').textContent = String(e?.message ?? e); });
