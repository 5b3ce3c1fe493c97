// The steward's phone page: own open orders nearest first, accept / start / resolve with a photo, location heartbeat,
// and an outbox that keeps actions while offline (the server's ETag check still decides when they are sent).
import { createApi, ApiError } from '../src/shared/api.js';
import { t, toggleLang, statusName, setCatalog, categoryName } from '../src/shared/i18n.js';
import { createMap, L } from '../src/shared/map.js';
import { showBanner } from '../src/shared/banner.js';
import { mountRoleSwitch } from '../src/shared/role-switch.js';
import { localRole } from '../src/shared/session.js';

const params = new URLSearchParams(location.search);
const POLL_MS = Math.max(500, Number(params.get('poll')) || 10000);
const HEARTBEAT_MS = 15000;
const api = createApi({ role: 'steward' });
const $ = id => document.getElementById(id);
const state = { orders: [], position: null, stewardId: null, outbox: [], geojson: null, lastBeat: 0, maps: [] };
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

async function main() {
  $('lang').addEventListener('click', () => { toggleLang(); location.reload(); });
  $('lang').textContent = t('lang');
  $('title').textContent = t('stewardTitle');
  $('orders-h').textContent = t('myOrders');
  document.title = t('stewardTitle');
  const health = await showBanner(api, $('banner'));
  if (health?.localMode) { $('local-label').hidden = false; $('local-label').textContent = t('localMode'); }
  const picked = await mountRoleSwitch($('role'), api, health, { defaultRole: 'steward' });
  // Locally the visible role switch says which steward this is; in Azure only the sign-in does (GET /api/me).
  state.stewardId = health?.localMode ? (localRole()?.stewardId ?? picked?.stewardId ?? null) : (await api.me()).data.stewardId;
  setCatalog((await api.catalog()).data.items);
  state.geojson = (await api.districtMap()).data;
  window.addEventListener('online', () => { showNetwork(); flush().catch(report); });
  window.addEventListener('offline', showNetwork);
  showNetwork();
  watchPosition();
  await refresh();
  // Each poll also retries what is still queued (a request that failed on a flaky network, not only the offline event).
  setInterval(() => { if (navigator.onLine) (state.outbox.length > 0 ? flush() : refresh()).catch(report); }, POLL_MS);
  document.body.dataset.ready = 'true';
}

const report = e => console.warn(e?.message ?? e);

function showNetwork() {
  const n = $('network');
  n.hidden = navigator.onLine && state.outbox.length === 0;
  n.dataset.online = String(navigator.onLine);
  n.dataset.queued = String(state.outbox.length);
  n.textContent = navigator.onLine ? t('queued', { n: state.outbox.length }) : `${t('offline')} ${t('queued', { n: state.outbox.length })}`;
}

function watchPosition() {
  if (!navigator.geolocation) { $('geo').textContent = t('noGeo'); return; }
  navigator.geolocation.watchPosition(p => {
    state.position = { lon: p.coords.longitude, lat: p.coords.latitude };
    heartbeat().catch(report);
    render();
  }, () => { $('geo').textContent = t('noGeo'); }, { enableHighAccuracy: true, maximumAge: 10000 });
  setInterval(() => heartbeat(true).catch(report), HEARTBEAT_MS);
}

async function heartbeat(force) {
  if (!state.position || !state.stewardId || !navigator.onLine) return;
  if (!force && Date.now() - state.lastBeat < 3000) return;
  state.lastBeat = Date.now();
  await api.reportLocation(state.stewardId, state.position.lon, state.position.lat);
  $('geo').textContent = `${t('located')}: ${state.position.lon.toFixed(5)}, ${state.position.lat.toFixed(5)}`;
  $('geo').dataset.sent = 'true';
}

async function refresh() {
  const { data } = await api.orders({ status: 'dispatched,accepted,in_progress,escalated', pageSize: '50' });
  state.orders = data.items;
  render();
}

const meters = (a, b) => {
  const k = Math.PI / 180, x = (b.lon - a.lon) * Math.cos((a.lat + b.lat) / 2 * k), y = b.lat - a.lat;
  return Math.sqrt(x * x + y * y) * k * 6371000;
};

function render() {
  // Re-draw only when the orders or the position (to ~10 m) changed: re-creating maps mid-animation breaks Leaflet.
  const key = JSON.stringify([state.orders.map(o => o.id + o.eTag), state.position && [state.position.lon.toFixed(4), state.position.lat.toFixed(4)]]);
  if (key === state.rendered) return;
  state.rendered = key;
  const orders = [...state.orders];
  if (state.position) orders.sort((a, b) => meters(state.position, a.location) - meters(state.position, b.location));
  for (const m of state.maps) m.remove();
  state.maps = [];
  const box = $('orders');
  if (orders.length === 0) { box.innerHTML = `<p class="muted">${esc(t('noOrders'))}</p>`; return; }
  box.innerHTML = orders.map(o => {
    // An escalated order resumes where this dispatch got to: only events since the latest (re)dispatch count, not a reopened order's past.
    const round = o.events.slice(o.events.findLastIndex(e => ['dispatched', 'reassigned', 'reopened'].includes(e.type)) + 1);
    const due = o.status === 'dispatched' || (o.status === 'escalated' && !round.some(e => e.type === 'accepted')) ? 'accept'
      : o.status === 'accepted' || (o.status === 'escalated' && !round.some(e => e.type === 'started')) ? 'start' : 'resolve';
    const queued = state.outbox.some(e => e.orderId === o.id);
    const dist = state.position ? ` · ${Math.round(meters(state.position, o.location))} m` : '';
    return `<article class="card" data-id="${esc(o.id)}">
      <h3>${esc(categoryName(o.category))} · <span data-field="status">${esc(statusName(o.status))}</span></h3>
      <div class="muted">${esc(o.id)}${dist} · SLA ${esc(new Date(o.resolveDueAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' }))}${o.simulated ? ' · ' + esc(t('simulated')) : ''}</div>
      <img alt="${esc(t('evidence'))} ${esc(o.id)}" data-evidence="${esc(o.id)}" hidden>
      <div class="mini-map" id="map-${esc(o.id)}" role="region" aria-label="map ${esc(o.id)}"></div>
      <form class="row" data-action="${due}"${queued ? ' data-queued="true"' : ''}>
        ${due === 'resolve' ? `<label>${esc(t('photo'))} <input type="file" name="photo" accept="image/jpeg,image/png" capture="environment"></label>` : ''}
        <label>${esc(t('note'))} <input name="note" maxlength="2000"></label>
        <button type="submit"${queued ? ' disabled' : ''}>${esc(t(due))}</button>
      </form>
    </article>`;
  }).join('');
  for (const o of orders) {
    const card = box.querySelector(`[data-id="${CSS.escape(o.id)}"]`);
    const { map } = createMap(card.querySelector('.mini-map'), state.geojson, { interactive: false, zoom: 16 });
    map.setView([o.location.lat, o.location.lon], 16);
    L.circleMarker([o.location.lat, o.location.lon], { radius: 8, color: '#cf222e', fillOpacity: 0.8 }).addTo(map);
    if (state.position) L.circleMarker([state.position.lat, state.position.lon], { radius: 6, color: '#0969da' }).addTo(map);
    state.maps.push(map);
    loadEvidence(o, card).catch(report);
    card.querySelector('form').addEventListener('submit', ev => { ev.preventDefault(); submit(o, ev.target).catch(report); });
  }
}

async function loadEvidence(o, card) {
  const { data } = await api.evidence(o.id);
  const frame = data.items.find(i => i.kind === 'frame');
  if (!frame) return;
  const img = card.querySelector('img');
  img.src = await api.imageUrl(frame.url);
  img.hidden = false;
}

async function submit(order, form) {
  const action = form.dataset.action;
  const entry = { orderId: order.id, etag: order.eTag, body: { action }, photo: form.photo?.files?.[0] ?? null };
  const note = form.note.value.trim();
  if (note) entry.body.note = note;
  if (state.position) Object.assign(entry.body, state.position);
  state.outbox.push(entry);
  form.dataset.queued = 'true';
  form.querySelector('button').disabled = true;
  showNetwork();
  if (navigator.onLine) await flush();
}

/** An action's outcome, kept above the list: the card may be gone by then (resolved, or moved to someone else). */
function outcome(entry, kind, text, conflict) {
  const div = document.createElement('div');
  div.className = `message ${kind}`;
  div.dataset.order = entry.orderId;
  div.dataset.action = entry.body.action;
  if (conflict) div.dataset.conflict = 'true';
  if (kind === 'error') div.setAttribute('role', 'alert');
  div.textContent = `${entry.orderId} · ${t(entry.body.action)}: ${text}`;
  $('outcomes').prepend(div);
  while ($('outcomes').children.length > 5) $('outcomes').lastElementChild.remove();
}

/** Sends queued actions in order; the ETag they were taken on decides (a 412 shows that the order changed meanwhile, and nothing is overwritten). */
async function flush() {
  if (state.flushing) return;
  state.flushing = true;
  try {
    while (state.outbox.length > 0 && navigator.onLine) {
      const entry = state.outbox[0];
      try {
        if (entry.photo && !entry.body.evidence) {
          const { data } = await api.uploadPhoto(entry.orderId, entry.photo);
          entry.body.evidence = [data.evidence];
        }
        await api.transition(entry.orderId, entry.etag, entry.body);
        state.outbox.shift();
        outcome(entry, 'ok', t('done'));
      } catch (e) {
        if (!(e instanceof ApiError)) break;   // network: keep it queued for the next try
        state.outbox.shift();
        outcome(entry, 'error', `${e.status === 412 ? t('conflict') : t('failed')} ${e.problem?.detail ?? e.message}`, e.status === 412);
      }
    }
  } finally {
    state.flushing = false;
  }
  showNetwork();
  state.rendered = null;   // queued marks changed
  await refresh();
}

main().catch(e => { console.error(e); $('banner').hidden = false; $('banner').textContent = String(e?.message ?? e); });
