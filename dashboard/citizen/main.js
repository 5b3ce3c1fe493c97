// Citizen report page: pick a category, place a pin, add a photo and a description, post it through the Open311
// GeoReport v2 API with this page's public client key, then follow the reports by their ids (kept on this phone).
import { createMap, L } from '../src/shared/map.js';

const text = {
  'zh-CN': { title: '云保 · 市民上报', lang: 'English', report: '上报问题', mine: '我的上报', cat: '选择类别', where: '位置：点击地图放置图钉',
    locate: '使用我的位置', photo: '照片（可选）', desc: '描述', submit: '提交', needCat: '请选择类别', needPin: '请在地图上放置位置',
    sent: '已提交，受理编号：', failed: '提交失败：', none: '暂无上报', open: '处理中', closed: '已办结', noGeo: '无法获取位置', map: '地图' },
  en: { title: 'Yunbao · Report a problem', lang: '中文', report: 'Report', mine: 'My reports', cat: 'Choose a category', where: 'Location: tap the map to place the pin',
    locate: 'Use my location', photo: 'Photo (optional)', desc: 'Description', submit: 'Submit', needCat: 'Choose a category', needPin: 'Place the pin on the map',
    sent: 'Submitted, tracking number: ', failed: 'Submit failed: ', none: 'No reports yet', open: 'open', closed: 'closed', noGeo: 'Location unavailable', map: 'Map' },
};
const MINE = 'yunbao.citizen.requests';
let lang = localStorage.getItem('yunbao.lang') ?? 'zh-CN';
const t = k => text[lang][k];
const $ = id => document.getElementById(id);
const open311 = '/api/open311/v2/';
let services = [];
let chosen = null;
let pin = null;

const mine = () => JSON.parse(localStorage.getItem(MINE) ?? '[]');

function render() {
  document.documentElement.lang = lang;
  for (const [id, k] of [['title', 'title'], ['lang', 'lang'], ['tab-report', 'report'], ['tab-mine', 'mine'], ['cat-l', 'cat'], ['where-l', 'where'],
    ['locate', 'locate'], ['photo-l', 'photo'], ['desc-l', 'desc'], ['submit', 'submit'], ['mine-h', 'mine']]) $(id).textContent = t(k);
  $('map').setAttribute('aria-label', t('map'));
  const box = $('services');
  box.replaceChildren(...services.map(s => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.code = s.service_code;
    b.setAttribute('aria-pressed', String(s.service_code === chosen));
    b.textContent = `${icon(s.service_code)} ${s.service_name}`;
    b.onclick = () => { chosen = s.service_code; render(); };
    return b;
  }));
}

// A picture per category family (emoji: no image files, readable on any phone).
function icon(code) {
  const c = code.toLowerCase();
  if (c.includes('park') || c.includes('vehicle')) return '🚗';
  if (c.includes('vend') || c.includes('stall')) return '🛒';
  if (c.includes('garbage') || c.includes('litter') || c.includes('waste')) return '🗑️';
  if (c.includes('light')) return '💡';
  if (c.includes('road') || c.includes('pothole')) return '🚧';
  return '📍';
}

async function showMine() {
  const list = $('mine-list');
  const ids = mine();
  if (ids.length === 0) { list.replaceChildren(Object.assign(document.createElement('li'), { textContent: t('none') })); return; }
  const items = await Promise.all(ids.map(async id => {
    const li = document.createElement('li');
    li.dataset.id = id;
    try {
      const res = await fetch(`${open311}requests/${encodeURIComponent(id)}.json`, { headers: { Accept: 'application/json' } });
      const r = (await res.json())[0] ?? {};
      li.dataset.status = r.status ?? '';
      li.textContent = `${id} · ${r.service_name ?? ''} · ${t(r.status === 'closed' ? 'closed' : 'open')}${r.status_notes ? ' · ' + r.status_notes : ''}`;
    } catch { li.textContent = `${id} · ?`; }
    return li;
  }));
  list.replaceChildren(...items);
}

function tab(which) {
  $('report').hidden = which !== 'report';
  $('mine').hidden = which !== 'mine';
  if (which === 'mine') showMine();
}

async function main() {
  // The page's Open311 client key: public by design (it identifies this page, not a person); served by the host.
  const config = await fetch('./config.json').then(r => r.json());
  if (config.label) { $('local-label').textContent = config.label; $('local-label').hidden = false; }
  services = await fetch(`${open311}services.json`).then(r => r.json());
  const geo = await fetch('/api/district/map.geojson').then(r => r.json());
  const { map } = createMap($('map'), geo);
  const place = latlng => { pin = latlng; if (window.__pin) window.__pin.setLatLng(latlng); else window.__pin = L.circleMarker(latlng, { radius: 9, color: '#c00' }).addTo(map); };
  map.on('click', e => place(e.latlng));
  $('locate').onclick = () => navigator.geolocation?.getCurrentPosition(
    p => { place(L.latLng(p.coords.latitude, p.coords.longitude)); map.panTo(pin); }, () => { $('result').textContent = t('noGeo'); });
  $('lang').onclick = () => { lang = lang === 'en' ? 'zh-CN' : 'en'; localStorage.setItem('yunbao.lang', lang); render(); };
  $('tab-report').onclick = () => tab('report');
  $('tab-mine').onclick = () => tab('mine');
  $('report').onsubmit = async e => {
    e.preventDefault();
    if (!chosen) { $('result').textContent = t('needCat'); return; }
    if (!pin) { $('result').textContent = t('needPin'); return; }
    const form = new FormData();
    form.set('api_key', config.apiKey);
    form.set('service_code', chosen);
    form.set('lat', String(pin.lat));
    form.set('long', String(pin.lng));
    form.set('description', $('desc').value);
    const photo = $('photo').files[0];
    if (photo) form.set('media', photo);
    const res = await fetch(`${open311}requests.json`, { method: 'POST', body: form, headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => null);
    const id = res.ok ? (body?.[0]?.service_request_id ?? null) : null;
    if (!id) { $('result').textContent = t('failed') + (body?.[0]?.description ?? res.status); return; }
    localStorage.setItem(MINE, JSON.stringify([id, ...mine().filter(x => x !== id)]));
    $('result').textContent = t('sent') + id;
    $('result').dataset.id = id;
  };
  render();
  document.body.dataset.ready = 'true';   // the browser tests wait for this
}

main();
