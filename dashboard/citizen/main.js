// Citizen report page: pick a category, place a pin, add a photo and a description, post it through the Open311
// GeoReport v2 API with this page's public client key, then follow the reports by their ids (kept on this phone).
import { createMap, L } from '../src/shared/map.js';

const text = {
  'zh-CN': { title: '云保 · 市民上报', lang: 'English', report: '上报问题', mine: '我的上报', cat: '选择类别', where: '位置：点击地图放置图钉',
    locate: '使用我的位置', photo: '照片（可选）', desc: '描述', submit: '提交', needCat: '请选择类别', needPin: '请在地图上放置位置',
    sent: '已提交，受理编号：', attrs: '补充信息', required: '必填', needAttr: '请填写：', failed: '提交失败：', none: '暂无上报', open: '处理中', closed: '已办结', noGeo: '无法获取位置', map: '地图' },
  en: { title: 'Yunbao · Report a problem', lang: '中文', report: 'Report', mine: 'My reports', cat: 'Choose a category', where: 'Location: tap the map to place the pin',
    locate: 'Use my location', photo: 'Photo (optional)', desc: 'Description', submit: 'Submit', needCat: 'Choose a category', needPin: 'Place the pin on the map',
    sent: 'Submitted, tracking number: ', attrs: 'More about it', required: 'required', needAttr: 'Please answer: ', failed: 'Submit failed: ', none: 'No reports yet', open: 'open', closed: 'closed', noGeo: 'Location unavailable', map: 'Map' },
};
const MINE = 'yunbao.citizen.requests';
let lang = localStorage.getItem('yunbao.lang') ?? 'zh-CN';
const t = k => text[lang][k];
const $ = id => document.getElementById(id);
const open311 = '/api/open311/v2/';
let services = [];
let chosen = null;
let pin = null;
let definition = null;   // the chosen service's Open311 definition (its attributes), or null when it has none

const mine = () => JSON.parse(localStorage.getItem(MINE) ?? '[]');

function render() {
  document.documentElement.lang = lang;
  for (const [id, k] of [['title', 'title'], ['lang', 'lang'], ['tab-report', 'report'], ['tab-mine', 'mine'], ['cat-l', 'cat'], ['where-l', 'where'],
    ['locate', 'locate'], ['photo-l', 'photo'], ['desc-l', 'desc'], ['submit', 'submit'], ['mine-h', 'mine'], ['attr-l', 'attrs']]) $(id).textContent = t(k);
  $('map').setAttribute('aria-label', t('map'));
  const box = $('services');
  box.replaceChildren(...services.map(s => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.code = s.service_code;
    b.setAttribute('aria-pressed', String(s.service_code === chosen));
    b.textContent = `${icon(s.service_code)} ${s.service_name}`;
    b.onclick = () => { chosen = s.service_code; render(); loadDefinition(s).catch(e => console.warn(e)); };
    return b;
  }));
}

// Always named: without it the server goes by the browser's Accept-Language, which may differ from the page's choice.
const langQuery = () => `?lang=${lang}`;

/** The category's questions (Open311 service definition attributes), asked before the report is sent. */
async function loadDefinition(service) {
  definition = null;
  $('attributes').hidden = true;
  $('attr-fields').replaceChildren();
  if (!service.metadata) return;
  const code = service.service_code;
  const def = await fetch(`${open311}services/${encodeURIComponent(code)}.json${langQuery()}`).then(r => r.json());
  if (chosen !== code) return;   // another category was picked meanwhile
  definition = def;
  const attrs = [...(def.attributes ?? [])].filter(a => a.variable).sort((a, b) => a.order - b.order);
  $('attr-fields').replaceChildren(...attrs.map(a => {
    const wrap = document.createElement('div');
    wrap.className = 'attr';
    wrap.dataset.code = a.code;
    const id = `attr-${a.code}`;
    const label = `${a.description}${a.required ? ` (${t('required')})` : ''}`;
    if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
      const set = document.createElement('fieldset');
      set.append(Object.assign(document.createElement('legend'), { textContent: label }));
      for (const v of a.values ?? []) {
        const l = document.createElement('label');
        const input = Object.assign(document.createElement('input'), { type: a.datatype === 'singlevaluelist' ? 'radio' : 'checkbox', name: id, value: v.key });
        l.append(input, ` ${v.name}`);
        set.append(l);
      }
      wrap.append(set);
    } else {
      const input = a.datatype === 'text' ? document.createElement('textarea') : document.createElement('input');
      input.id = id;
      input.name = id;
      if (a.datatype === 'number') { input.type = 'number'; input.step = 'any'; }
      else if (a.datatype === 'datetime') input.type = 'datetime-local';
      wrap.append(Object.assign(document.createElement('label'), { htmlFor: id, textContent: label }), input);
    }
    return wrap;
  }));
  $('attributes').hidden = attrs.length === 0;
}

/** The answers as Open311 form fields (attribute[code], attribute[code][] for lists); the missing required ones. */
function answers() {
  const fields = [], missing = [];
  for (const a of (definition?.attributes ?? []).filter(x => x.variable)) {
    const id = `attr-${a.code}`;
    let values;
    if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist')
      values = [...document.querySelectorAll(`input[name="${id}"]:checked`)].map(i => i.value);
    else {
      const v = document.getElementById(id)?.value.trim() ?? '';
      // datetime-local has no zone: the district's (UTC+8), as the service definition's example shows.
      values = v === '' ? [] : [a.datatype === 'datetime' ? `${v.length === 16 ? v + ':00' : v}+08:00` : v];
    }
    if (a.required && values.length === 0) missing.push(a.description);
    for (const v of values) fields.push([a.datatype === 'multivaluelist' ? `attribute[${a.code}][]` : `attribute[${a.code}]`, v]);
  }
  return { fields, missing };
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
  services = await fetch(`${open311}services.json${langQuery()}`).then(r => r.json());
  const geo = await fetch('/api/district/map.geojson').then(r => r.json());
  const { map } = createMap($('map'), geo);
  const place = latlng => { pin = latlng; if (window.__pin) window.__pin.setLatLng(latlng); else window.__pin = L.circleMarker(latlng, { radius: 9, color: '#c00' }).addTo(map); };
  map.on('click', e => place(e.latlng));
  $('locate').onclick = () => navigator.geolocation?.getCurrentPosition(
    p => { place(L.latLng(p.coords.latitude, p.coords.longitude)); map.panTo(pin); }, () => { $('result').textContent = t('noGeo'); });
  $('lang').onclick = async () => {
    lang = lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('yunbao.lang', lang);
    // Names and questions come from the server in the chosen language.
    services = await fetch(`${open311}services.json${langQuery()}`).then(r => r.json());
    render();
    const current = services.find(x => x.service_code === chosen);
    if (current) await loadDefinition(current);
  };
  $('tab-report').onclick = () => tab('report');
  $('tab-mine').onclick = () => tab('mine');
  $('report').onsubmit = async e => {
    e.preventDefault();
    if (!chosen) { $('result').textContent = t('needCat'); return; }
    if (!pin) { $('result').textContent = t('needPin'); return; }
    const { fields, missing } = answers();
    if (missing.length > 0) { $('result').textContent = t('needAttr') + missing.join('、'); return; }
    const form = new FormData();
    form.set('api_key', config.apiKey);
    form.set('service_code', chosen);
    form.set('lat', String(pin.lat));
    form.set('long', String(pin.lng));
    form.set('description', $('desc').value);
    for (const [k, v] of fields) form.append(k, v);
    const photo = $('photo').files[0];
    if (photo) form.set('media', photo);
    const res = await fetch(`${open311}requests.json`, { method: 'POST', body: form, headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => null);
    const id = res.ok ? (body?.[0]?.service_request_id ?? null) : null;
    if (!id) { $('result').textContent = t('failed') + (body?.[0]?.description ?? res.status); return; }
    localStorage.setItem(MINE, JSON.stringify([id, ...mine().filter(x => x !== id)]));
    $('result').textContent = t('sent') + id;
    $('result').dataset.id = id;
    $('result').dataset.notice = body?.[0]?.service_notice ?? '';
  };
  render();
  document.body.dataset.ready = 'true';   // the browser tests wait for this
}

main();
