'use strict';
// The desk (工单台): work lists, intake, the case page and the callback desk, on the same API
// as every other client. Every code's Chinese name comes from GET /vocabulary; nothing here
// writes a status, an action or a list again.

const $ = (id) => document.getElementById(id);
const state = { session: null, me: null, vocab: null, names: {}, categories: [], units: null };

// ---- small helpers ----

/** An element with attributes and children (text children are text nodes: never HTML). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** A code's Chinese name from the vocabulary (`statuses`, `actions`, `channels` …). */
function zh(kind, code) {
  if (code === null || code === undefined) return '';
  return (state.names[kind] && state.names[kind][code]) || code;
}

/** 2026-12-07 10:58 (China time, as the server writes it). */
function fmt(t) { return t ? String(t).slice(0, 16).replace('T', ' ') : ''; }

function categoryName(code) {
  const c = state.categories.find((x) => x.code === code);
  return c ? c.name_zh : code;
}

/** Time left to `at` as words and a class: overdue, due-soon (within a day) or ok. */
function timeLeft(at) {
  const ms = Date.parse(at) - Date.now();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86400000), hours = Math.floor((abs % 86400000) / 3600000), minutes = Math.floor((abs % 3600000) / 60000);
  const span = days > 0 ? days + '天' + hours + '小时' : hours > 0 ? hours + '小时' + minutes + '分' : minutes + '分钟';
  if (ms < 0) return { text: '超期 ' + span, cls: 'overdue' };
  return { text: '剩 ' + span, cls: ms < 86400000 ? 'due-soon' : 'ok' };
}

function countdown(at) {
  if (!at) return el('span', { class: 'countdown none' }, '—');
  const t = timeLeft(at);
  return el('span', { class: 'countdown ' + t.cls, dataset: { at }, title: fmt(at) }, t.text);
}

// Countdowns keep counting while the page stays open.
setInterval(() => {
  for (const c of document.querySelectorAll('.countdown[data-at]')) {
    const t = timeLeft(c.dataset.at);
    c.textContent = t.text;
    c.className = 'countdown ' + t.cls;
  }
}, 30000);

function flash(text, isError) {
  const f = $('flash');
  f.textContent = text;
  f.className = isError ? 'error' : '';
  f.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { f.hidden = true; }, isError ? 8000 : 4000);
}

/** Calls the API; writes carry the session's CSRF token. A problem answer throws with it. */
async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (options.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    init.headers['Content-Type'] = options.type || 'application/octet-stream';
    init.body = options.body;
  }
  if (init.method !== 'GET' && state.session) init.headers['X-CSRF-Token'] = state.session.csrf;
  const response = await fetch(path, init);
  if (response.status === 401 && !options.allow401) {
    location.href = '/desk/login?next=' + encodeURIComponent(location.pathname + location.search);
    throw new Error('登录已过期');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!response.ok) {
    const problem = data || {};
    const error = new Error(problem.detail || problem.title || ('请求失败（' + response.status + '）'));
    error.problem = problem;
    error.status = response.status;
    throw error;
  }
  return data;
}

/** Shows a problem answer in a form: each field's problem beside it, in Chinese, the rest on top. */
function showProblem(form, error) {
  clearProblems(form);
  const problems = (error.problem && error.problem.problems) || [];
  const unplaced = [];
  for (const p of problems) {
    // contact.phone → contact.phone, then contact; ratings.attitude → ratings.attitude, then ratings.
    let field = null;
    for (let name = p.field; name && !field; name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '') {
      field = form.querySelector('[data-field="' + CSS.escape(name) + '"]');
    }
    const text = (p.reason_zh || '填写有误') + '：' + p.reason;
    if (field) {
      field.classList.add('invalid');
      field.setAttribute('aria-invalid', 'true');
      const note = el('small', { class: 'field-error', role: 'alert' }, text);
      (field.closest('label') || field).after(note);
    } else {
      unplaced.push((p.field ? p.field + '：' : '') + text);
    }
  }
  if (problems.length === 0 || unplaced.length > 0) {
    const box = form.querySelector('.form-error') || form.prepend(el('p', { class: 'form-error', role: 'alert' })) || form.querySelector('.form-error');
    box.textContent = '未能完成：' + (unplaced.length ? unplaced.join('；') : error.message);
    box.hidden = false;
  }
  const first = form.querySelector('.invalid');
  if (first) first.focus();
}

function clearProblems(form) {
  for (const n of form.querySelectorAll('.field-error')) n.remove();
  for (const n of form.querySelectorAll('.invalid')) { n.classList.remove('invalid'); n.removeAttribute('aria-invalid'); }
  for (const n of form.querySelectorAll('.form-error')) n.hidden = true;
}

function options(kind, selected, blank) {
  const list = (state.vocab[kind] || []).map((v) => el('option', { value: v.code, selected: v.code === selected }, v.name_zh));
  return blank === undefined ? list : [el('option', { value: '' }, blank), ...list];
}

function field(label, input, wide) {
  return el('label', { class: wide ? 'wide' : null }, el('span', {}, label), input);
}

async function units() {
  if (!state.units) {
    const list = await api('/collections/units/items?skipGeometry=true&limit=10000');
    state.units = list.features.map((f) => ({ id: f.id, name: f.properties.name, level: f.properties.level }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  }
  return state.units;
}

/** Uploads files as attachments (to `target`: a petition's, or for an intake to come); resolves to their ids. */
async function upload(files, list, target) {
  const ids = [];
  for (const file of files) {
    const chip = el('li', { class: 'chip' }, file.name + ' 上传中…');
    list.append(chip);
    try {
      const a = await api(target, { method: 'POST', body: file, type: file.type || 'application/octet-stream' });
      chip.textContent = file.name + '（' + Math.ceil(a.size / 1024) + ' KB）';
      chip.dataset.id = a.id;
      chip.append(el('button', { type: 'button', class: 'link', title: '移除', onclick: () => chip.remove() }, '×'));
      ids.push(a.id);
    } catch (e) {
      chip.textContent = file.name + '：' + e.message;
      chip.classList.add('error');
    }
  }
  return ids;
}

function attachedIDs(list) {
  return [...list.querySelectorAll('li[data-id]')].map((li) => li.dataset.id);
}

/** A drop zone for files (drag and drop, or click to choose), uploaded to `target`. */
function dropZone(label, target = '/attachments') {
  const list = el('ul', { class: 'chips' });
  const input = el('input', { type: 'file', multiple: true, hidden: true, accept: 'image/*,audio/*,video/*,application/pdf' });
  const zone = el('div', { class: 'drop', tabindex: '0', role: 'button', onclick: () => input.click(),
    onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } } }, label);
  input.addEventListener('change', () => { upload([...input.files], list, target); input.value = ''; });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    upload([...e.dataTransfer.files], list, target);
  });
  return { node: el('div', { class: 'attachments' }, zone, input, list), list };
}

/** A small Leaflet map; outlines of grid cells in view are drawn when zoomed in. */
function smallMap(container, options = {}) {
  const map = L.map(container, { zoomControl: true, attributionControl: false }).setView(options.center || [30, 105], options.zoom || 4);
  const grids = L.geoJSON(null, { style: { color: '#2b6cb0', weight: 1, fill: false } }).addTo(map);
  const cell = L.geoJSON(null, { style: { color: '#c05621', weight: 2, fillOpacity: 0.08 } }).addTo(map);
  let loaded = '';
  async function drawGrids() {
    if (map.getZoom() < 14) { grids.clearLayers(); loaded = ''; return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');
    if (bbox === loaded) return;
    loaded = bbox;
    try {
      const fc = await api('/collections/grids/items?limit=500&bbox=' + bbox);
      grids.clearLayers();
      grids.addData(fc);
    } catch (e) { /* outlines are a help, not the task */ }
  }
  map.on('moveend', drawGrids);
  return { map, cell, drawGrids };
}

async function fitToData(map) {
  try {
    const c = await api('/collections/grids');
    const box = c.extent && c.extent.spatial && c.extent.spatial.bbox && c.extent.spatial.bbox[0];
    if (box) map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
  } catch (e) { /* keep the default view */ }
}

// ---- the frame: who is signed in, the menu, the live stream ----

async function boot() {
  try {
    state.session = await api('/session');
  } catch (e) {
    return;
  }
  const [vocab, me, categories] = await Promise.all([api('/vocabulary'), api('/me'), api('/categories')]);
  state.vocab = vocab;
  state.me = me;
  state.categories = categories.categories;
  for (const [kind, list] of Object.entries(vocab)) {
    state.names[kind] = Object.fromEntries(list.map((v) => [v.code, v.name_zh]));
  }
  const s = state.session;
  const scope = s.unit ? '·' + (s.unit.name || s.unit) : s.area ? '·' + (s.area.name || s.area.id) : '';
  $('who').textContent = s.user + '（' + zh('roles', s.role) + scope + '）';
  const links = [['/desk', '工作台']];
  if (me.may.take_petitions) links.push(['/desk/intake', '接件']);
  if (s.role === 'admin' || s.role === 'dispatcher') links.push(['/desk/callbacks', '回访']);
  links.push(['/map', '地图']);
  const here = location.pathname.replace(/\/$/, '');
  $('nav').replaceChildren(...links.map(([href, text]) =>
    el('a', { href, class: (here === href || (href !== '/desk' && here.startsWith(href))) ? 'current' : null }, text)));
  $('logout').addEventListener('click', async () => {
    try { await api('/session', { method: 'DELETE' }); } finally { location.href = '/desk/login'; }
  });
  listen();
  const path = location.pathname;
  const screen = $('screen');
  screen.replaceChildren();
  if (path.startsWith('/desk/intake')) await intakeScreen(screen);
  else if (path.startsWith('/desk/callbacks')) await callbackScreen(screen);
  else if (path.startsWith('/desk/case/')) await caseScreen(screen, decodeURIComponent(path.slice('/desk/case/'.length)));
  else await workListScreen(screen);
}

const listeners = [];
/** The notification stream: every notice for the caller's scope; screens refresh on it. */
function listen() {
  if (!window.EventSource) return;
  const source = new EventSource('/notifications/stream');
  const live = $('live');
  source.onopen = () => { live.className = 'on'; live.title = '实时更新：已连接'; };
  source.onerror = () => { live.className = 'off'; live.title = '实时更新：重新连接中'; };
  for (const kind of state.vocab.notices.map((n) => n.code)) {
    source.addEventListener(kind, (event) => {
      let notice = null;
      try { notice = JSON.parse(event.data); } catch (e) { return; }
      for (const f of listeners) f(kind, notice);
    });
  }
}

// Alt+N: a new call, from any screen (the operator's busiest path).
document.addEventListener('keydown', (e) => {
  if (e.altKey && (e.key === 'n' || e.key === 'N') && state.me && state.me.may.take_petitions) {
    e.preventDefault();
    if (location.pathname.startsWith('/desk/intake') && window.resetIntake) window.resetIntake();
    else location.href = '/desk/intake';
  }
});

// ---- work lists ----

async function workListScreen(screen) {
  const params = new URLSearchParams(location.search);
  const view = { queue: params.get('queue'), offset: 0, limit: 50, q: '', category: '', sort: 'due' };
  const tabs = el('nav', { class: 'tabs', role: 'tablist' });
  const search = el('input', { id: 'list-search', type: 'search', placeholder: '编号、内容或地址（按 / 搜索）' });
  const category = el('select', { id: 'list-category' }, el('option', { value: '' }, '全部类别'),
    ...state.categories.map((c) => el('option', { value: c.code }, c.name_zh)));
  const sort = el('select', { id: 'list-sort' },
    el('option', { value: 'due' }, '按时限'), el('option', { value: 'urgency' }, '按紧急程度'),
    el('option', { value: 'received' }, '按受理时间（早→晚）'), el('option', { value: 'newest' }, '按受理时间（晚→早）'));
  const filters = el('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); view.offset = 0; view.q = search.value.trim(); load(); } },
    search, category, sort, el('button', { type: 'submit' }, '筛选'));
  category.addEventListener('change', () => { view.category = category.value; view.offset = 0; load(); });
  sort.addEventListener('change', () => { view.sort = sort.value; view.offset = 0; load(); });
  const table = el('table', { id: 'worklist', class: 'list' },
    el('thead', {}, el('tr', {}, ['编号', '类别', '内容', '网格', '主办单位', '状态', '时限'].map((h) => el('th', {}, h)))),
    el('tbody'));
  const pager = el('nav', { class: 'pager' });
  const side = el('aside', { id: 'oversight' });
  screen.append(el('section', { class: 'worklist' }, tabs, filters, table, pager), side);
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement.tagName !== 'INPUT' && document.activeElement.tagName !== 'TEXTAREA') {
      e.preventDefault();
      search.focus();
    }
  });

  let counts = [];
  async function loadCounts() {
    counts = (await api('/queues')).queues;
    if (!view.queue || !counts.some((c) => c.code === view.queue)) view.queue = counts.length ? counts[0].code : null;
    tabs.replaceChildren(...counts.map((c) => el('button', {
      type: 'button', role: 'tab', class: c.code === view.queue ? 'current' : null, 'aria-selected': String(c.code === view.queue),
      dataset: { queue: c.code },
      onclick: () => { view.queue = c.code; view.offset = 0; history.replaceState(null, '', '/desk?queue=' + c.code); loadCounts(); load(); },
    }, c.name_zh, el('span', { class: 'badge' + (c.count ? '' : ' zero') }, String(c.count)))));
    const first = counts[0];
    document.title = (first && first.count ? '(' + first.count + ') ' : '') + '网格 · 工单台';
  }

  async function load() {
    if (!view.queue) {
      table.tBodies[0].replaceChildren(el('tr', {}, el('td', { colspan: '7' }, '此角色没有工作列表。')));
      return;
    }
    const query = new URLSearchParams({ queue: view.queue, sort: view.sort, limit: view.limit, offset: view.offset });
    if (view.q) query.set('q', view.q);
    if (view.category) query.set('category', view.category);
    const page = await api('/petitions?' + query);
    const rows = page.petitions.map((p) => el('tr', {
      dataset: { id: p.id }, class: p.urgency !== 'normal' ? 'urgent' : null,
      onclick: (e) => { if (e.target.tagName !== 'A') location.href = '/desk/case/' + encodeURIComponent(p.id); },
    },
    el('td', {}, el('a', { href: '/desk/case/' + encodeURIComponent(p.id) }, p.id),
      p.duplicate_of ? el('span', { class: 'tag warn', title: p.duplicate_of }, zh('queues', 'likely_repeats')) : null,
      p.supervision_level ? el('span', { class: 'tag danger' }, zh('supervision_levels', String(p.supervision_level))) : null,
      p.round > 1 ? el('span', { class: 'tag' }, '第' + p.round + '轮') : null),
    el('td', {}, p.category_zh || categoryName(p.category), el('br'), el('small', {}, zh('kinds', p.kind) + ' · ' + zh('urgencies', p.urgency))),
    el('td', { class: 'text' }, p.text, p.address ? el('small', {}, p.address) : null),
    el('td', {}, p.grid ? (p.grid.name || p.grid.id) : '未定位'),
    el('td', {}, p.unit ? (p.unit.name || p.unit.id) : '—', p.extension_days ? el('small', {}, '申请延期 ' + p.extension_days + ' 个工作日') : null),
    el('td', {}, zh('statuses', p.status)),
    el('td', {}, p.deadline ? [countdown(p.deadline.at), el('small', {}, zh('deadlines', p.deadline.kind))] : countdown(null))));
    table.tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '7', class: 'empty' }, '没有待办的工单。'))]));
    const pages = Math.max(1, Math.ceil(page.numberMatched / view.limit));
    const current = Math.floor(view.offset / view.limit) + 1;
    pager.replaceChildren(
      el('button', { type: 'button', disabled: view.offset === 0, onclick: () => { view.offset = Math.max(0, view.offset - view.limit); load(); } }, '上一页'),
      el('span', {}, '第 ' + current + '/' + pages + ' 页，共 ' + page.numberMatched + ' 件'),
      el('button', { type: 'button', disabled: view.offset + view.limit >= page.numberMatched,
        onclick: () => { view.offset += view.limit; load(); } }, '下一页'));
  }

  async function loadOversight() {
    if (state.session.role !== 'inspector' && state.session.role !== 'admin') { side.hidden = true; return; }
    const [open, stats] = await Promise.all([api('/supervisions?state=open&limit=20'), api('/stats?by=unit')]);
    const overdue = open.supervisions.filter((s) => s.state === 'overdue');
    const warned = (stats.groups || []).filter((g) => g.warning);
    side.replaceChildren(
      el('h2', {}, '督办（未回复 ' + open.numberMatched + '，超期 ' + overdue.length + '）'),
      el('ul', { class: 'plain' }, open.supervisions.map((s) => el('li', { class: s.state === 'overdue' ? 'overdue' : null },
        el('a', { href: '/desk/case/' + encodeURIComponent(s.petition) }, s.petition), ' ', s.level_name, ' · ',
        (s.unit && s.unit.name) || '', ' · 回复期限 ', countdown(s.due)))),
      el('h2', {}, '黄牌、红牌单位'),
      warned.length ? el('ul', { class: 'plain' }, warned.map((g) => el('li', { class: 'card-' + g.warning.level },
        (g.warning.level === 'red' ? '红牌 ' : '黄牌 ') + (g.name || g.id), el('small', {}, (g.warning.reasons || []).join('；')))))
        : el('p', { class: 'empty' }, '本期没有单位被亮牌。'));
  }

  let pending = null;
  listeners.push(() => {
    // Many notices at once (an import, a batch) refresh once.
    clearTimeout(pending);
    pending = setTimeout(async () => { await loadCounts(); await load(); flash('工单有更新'); }, 300);
  });
  await loadCounts();
  await Promise.all([load(), loadOversight()]);
}

// ---- intake (接件) ----

async function intakeScreen(screen) {
  const form = el('form', { id: 'intake', class: 'panel', novalidate: true });
  const channel = el('select', { id: 'channel', 'data-field': 'channel' }, options('channels', 'hotline'));
  const name = el('input', { id: 'caller-name', 'data-field': 'contact.name', autocomplete: 'off' });
  const phone = el('input', { id: 'caller-phone', 'data-field': 'contact.phone', inputmode: 'tel', autocomplete: 'off' });
  const text = el('textarea', { id: 'text', 'data-field': 'text', rows: '4', required: true });
  const categoryFilter = el('input', { id: 'category-search', type: 'search', placeholder: '输入关键字筛选类别', autocomplete: 'off' });
  const category = el('select', { id: 'category', 'data-field': 'category', size: '5' },
    state.categories.map((c) => el('option', { value: c.code }, c.name_zh + '（' + c.code + '）')));
  const kind = el('select', { id: 'kind', 'data-field': 'kind' }, options('kinds', 'request'));
  const urgency = el('select', { id: 'urgency', 'data-field': 'urgency' }, options('urgencies', 'normal'));
  const difficulty = el('select', { id: 'difficulty', 'data-field': 'difficulty' }, el('option', { value: '' }, '不分级'),
    [1, 2, 3, 4, 5].map((d) => el('option', { value: String(d) }, d + ' 级')));
  const address = el('input', { id: 'address', 'data-field': 'address', autocomplete: 'off', placeholder: '如：紫荆新村一幢1-601' });
  const candidates = el('ul', { id: 'candidates', class: 'candidates' });
  const point = el('span', { id: 'point', 'data-field': 'location', class: 'point' }, '未选点（可在地图上点击）');
  const files = dropZone('把照片、录音拖到这里，或点击选择');
  const history = el('section', { id: 'history', class: 'history' });
  const warning = el('div', { id: 'repeat-warning', class: 'warning', hidden: true });
  const result = el('section', { id: 'result', class: 'panel result', hidden: true });
  const save = el('button', { id: 'save', type: 'submit' }, '保存（Ctrl+Enter）');
  form.append(
    el('p', { class: 'form-error', role: 'alert', hidden: true }),
    el('div', { class: 'row' }, field('来源渠道', channel), field('来电人', name), field('联系电话', phone)),
    history,
    field('诉求内容', text, true),
    el('div', { class: 'row' }, el('label', { class: 'category-picker' }, el('span', {}, '诉求类别'), categoryFilter, category),
      el('div', { class: 'column' }, field('诉求类型', kind), field('紧急程度', urgency), field('难度等级', difficulty))),
    field('诉求地址', address, true), candidates,
    el('div', { class: 'map-line' }, point, el('button', { type: 'button', class: 'link', onclick: () => setPoint(null) }, '清除选点')),
    files.node, warning, el('div', { class: 'actions' }, save));
  const mapBox = el('div', { id: 'intake-map', class: 'small-map' });
  screen.append(el('div', { class: 'intake-layout' }, form, el('div', { class: 'intake-side' }, mapBox, result)));
  const { map } = smallMap(mapBox);
  await fitToData(map);
  let marker = null;
  let chosen = null; // { lon, lat } picked on the map
  let confirmedRepeat = false;

  function setPoint(p) {
    chosen = p;
    if (marker) { marker.remove(); marker = null; }
    if (p) {
      marker = L.circleMarker([p.lat, p.lon], { radius: 8, color: '#c05621' }).addTo(map);
      point.textContent = '已选点：' + p.lon.toFixed(6) + ', ' + p.lat.toFixed(6);
    } else {
      point.textContent = '未选点（可在地图上点击）';
    }
  }
  map.on('click', (e) => setPoint({ lon: e.latlng.lng, lat: e.latlng.lat }));

  categoryFilter.addEventListener('input', () => {
    const needle = categoryFilter.value.trim().toLowerCase();
    for (const o of category.options) o.hidden = needle !== '' && !o.textContent.toLowerCase().includes(needle);
    const first = [...category.options].find((o) => !o.hidden);
    if (first && (category.selectedOptions.length === 0 || category.selectedOptions[0].hidden)) category.value = first.value;
  });
  categoryFilter.addEventListener('keydown', (e) => { if (e.key === 'ArrowDown') { e.preventDefault(); category.focus(); } });

  // The caller's earlier petitions, as soon as the phone is typed.
  let phoneTimer = null;
  phone.addEventListener('input', () => {
    clearTimeout(phoneTimer);
    const digits = phone.value.replace(/\D/g, '');
    if (digits.length < 7) { history.replaceChildren(); return; }
    phoneTimer = setTimeout(async () => {
      try {
        const found = await api('/petitions?phone=' + encodeURIComponent(phone.value.trim()) + '&limit=10');
        history.replaceChildren(found.petitions.length === 0 ? el('p', { class: 'hint' }, '此号码没有历史诉求。')
          : el('div', {}, el('h3', {}, '此来电人的历史诉求 ' + found.numberMatched + ' 件'),
            el('ul', { class: 'plain' }, found.petitions.map((p) => el('li', {},
              el('a', { href: '/desk/case/' + encodeURIComponent(p.id), target: '_blank' }, p.id), ' ', fmt(p.received_at), ' ',
              categoryName(p.category), ' · ', zh('statuses', p.status), ' · ', p.text.slice(0, 40))))));
      } catch (e) {
        history.replaceChildren(el('p', { class: 'hint' }, e.status === 400 ? '号码不完整' : '无法查询历史诉求：' + e.message));
      }
    }, 350);
  });

  // The resolver's candidates as the operator types.
  let addressTimer = null;
  address.addEventListener('input', () => {
    clearTimeout(addressTimer);
    const typed = address.value.trim();
    if (typed.length < 3) { candidates.replaceChildren(); return; }
    addressTimer = setTimeout(async () => {
      try {
        const answer = await api('/resolve?limit=5&address=' + encodeURIComponent(typed));
        candidates.replaceChildren(...answer.candidates.map((c) => el('li', {},
          el('button', { type: 'button', class: 'candidate', onclick: () => pick(c) },
            c.household ? c.household.address || c.building.address : c.building.address,
            el('small', {}, (c.areas.grid ? c.areas.grid.name : '') + ' · 匹配度 ' + Math.round(c.score * 100) + '%')))));
        if (answer.candidates.length === 0) candidates.append(el('li', { class: 'hint' }, '没有找到登记的楼栋，可在地图上点选位置'));
      } catch (e) { candidates.replaceChildren(); }
    }, 250);
  });

  async function pick(c) {
    address.value = c.household ? c.household.address || c.building.address : c.building.address;
    candidates.replaceChildren(el('li', { class: 'hint' }, '已选：' + address.value));
    try {
      const b = await api('/collections/buildings/items/' + encodeURIComponent(c.building.id));
      const layer = L.geoJSON(b);
      map.fitBounds(layer.getBounds(), { maxZoom: 17 });
      const center = layer.getBounds().getCenter();
      setPoint(null);
      marker = L.circleMarker(center, { radius: 8, color: '#2f855a' }).addTo(map);
    } catch (e) { /* the address alone places it */ }
  }

  function body() {
    const b = { channel: channel.value, kind: kind.value, urgency: urgency.value, text: text.value.trim(), category: category.value };
    if (difficulty.value) b.difficulty = Number(difficulty.value);
    if (address.value.trim()) b.address = address.value.trim();
    if (chosen) b.location = { lon: chosen.lon, lat: chosen.lat, crs: 'wgs84' };
    if (name.value.trim() || phone.value.trim()) b.contact = { name: name.value.trim() || null, phone: phone.value.trim() || null };
    const ids = attachedIDs(files.list);
    if (ids.length) b.attachments = ids;
    return b;
  }

  form.addEventListener('input', () => { confirmedRepeat = false; warning.hidden = true; });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    save.disabled = true;
    try {
      const b = body();
      if (!confirmedRepeat) {
        // Checked before saving: where it would go, and whether it repeats an open case.
        const preview = await api('/petitions?dry_run=true', { method: 'POST', json: b });
        if (preview.duplicate_of) {
          const note = (preview.events[0] && preview.events[0].note) || '';
          warning.replaceChildren(el('strong', {}, '疑似重复诉求'), ' ', note, ' ',
            el('a', { href: '/desk/case/' + encodeURIComponent(preview.duplicate_of), target: '_blank' }, '查看 ' + preview.duplicate_of),
            el('p', {}, '确认不是同一问题，请再次点击保存；保存后将交调度员合并或保留。'));
          warning.hidden = false;
          confirmedRepeat = true;
          save.textContent = '仍然保存';
          return;
        }
      }
      const p = await api('/petitions', { method: 'POST', json: b });
      showResult(p);
    } catch (error) {
      showProblem(form, error);
    } finally {
      save.disabled = false;
    }
  });

  function showResult(p) {
    const areas = p.placement.areas || {};
    const deadlines = p.deadlines || {};
    result.replaceChildren(
      el('h2', {}, '已受理 ', el('a', { id: 'result-id', href: '/desk/case/' + encodeURIComponent(p.id) }, p.id)),
      el('dl', {},
        el('dt', {}, '状态'), el('dd', {}, zh('statuses', p.status)),
        el('dt', {}, '落点'), el('dd', { id: 'result-place' }, areas.grid ? [areas.street && areas.street.name, areas.community && areas.community.name, areas.grid.name].filter(Boolean).join(' · ')
          + (areas.grid.worker ? '（网格员 ' + areas.grid.worker + '）' : '') : '未能定位，已转调度员人工定位'),
        el('dt', {}, '主办单位'), el('dd', { id: 'result-unit' }, p.unit ? p.unit.name || p.unit.id : zh('queues', 'to_dispatch')),
        p.assisting_units.length ? [el('dt', {}, '协办单位'), el('dd', {}, p.assisting_units.map((u) => u.name || u.id).join('、'))] : null,
        el('dt', {}, '派单依据'), el('dd', { id: 'result-reason' }, (p.rule && p.rule.reason) || '—'),
        ...['dispatch', 'first_reply', 'resolve'].filter((k) => deadlines[k]).flatMap((k) => [
          el('dt', {}, zh('deadlines', k)), el('dd', {}, fmt(deadlines[k]), ' ', countdown(deadlines[k]))])),
      el('button', { type: 'button', id: 'next-call', onclick: () => window.resetIntake() }, '下一个来电（Alt+N）'));
    result.hidden = false;
    if (p.placement.point) {
      setPoint(null);
      marker = L.circleMarker([p.placement.point[1], p.placement.point[0]], { radius: 8, color: '#2f855a' }).addTo(map);
      map.setView([p.placement.point[1], p.placement.point[0]], 16);
    }
    result.querySelector('#next-call').focus();
  }

  window.resetIntake = () => {
    form.reset();
    clearProblems(form);
    files.list.replaceChildren();
    candidates.replaceChildren();
    history.replaceChildren();
    warning.hidden = true;
    confirmedRepeat = false;
    save.textContent = '保存（Ctrl+Enter）';
    setPoint(null);
    result.hidden = true;
    channel.focus();
  };
  channel.focus();
}

// ---- the case page ----

/** The form each action needs: its fields, as the API names them. */
function actionFields(action, p) {
  const note = (label, required) => field(label || '说明', el('textarea', { name: 'note', 'data-field': 'note', rows: '2', required }), true);
  switch (action) {
    case 'dispatch': {
      const unit = el('select', { name: 'unit', 'data-field': 'unit' });
      const assist = el('select', { name: 'assist', 'data-field': 'assist', multiple: true, size: '4' });
      units().then((list) => {
        unit.replaceChildren(...list.map((u) => el('option', { value: u.id, selected: p.unit && p.unit.id === u.id }, u.name)));
        assist.replaceChildren(...list.map((u) => el('option', { value: u.id, selected: p.assisting_units.some((a) => a.id === u.id) }, u.name)));
      });
      return [field('主办单位', unit), field('协办单位（可多选）', assist), note()];
    }
    case 'regrade':
      return [field('类别', el('select', { name: 'category', 'data-field': 'category' }, el('option', { value: '' }, '不变'),
        state.categories.map((c) => el('option', { value: c.code }, c.name_zh)))),
      field('类型', el('select', { name: 'kind', 'data-field': 'kind' }, options('kinds', null, '不变'))),
      field('紧急程度', el('select', { name: 'urgency', 'data-field': 'urgency' }, options('urgencies', null, '不变'))),
      field('难度', el('select', { name: 'difficulty', 'data-field': 'difficulty' }, el('option', { value: '' }, '不变'),
        [1, 2, 3, 4, 5].map((d) => el('option', { value: String(d) }, d + ' 级')))), note('调整理由')];
    case 'return': return [field('退回理由', el('textarea', { name: 'reason', 'data-field': 'reason', rows: '2' }), true)];
    case 'extend': return [field('延期工作日', el('input', { name: 'working_days', 'data-field': 'working_days', type: 'number', min: '1', max: '30' })),
      field('延期理由', el('textarea', { name: 'reason', 'data-field': 'reason', rows: '2' }), true)];
    case 'supervise': {
      const due = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
      return [field('督办级别', el('select', { name: 'level', 'data-field': 'level' }, options('supervision_levels', '2'))),
        field('回复期限', el('input', { name: 'due', 'data-field': 'due', type: 'date', value: due })), note('督办要求')];
    }
    case 'screen': return [field('甄别结论', el('select', { name: 'verdict', 'data-field': 'verdict' }, options('verdicts', null, '请选择'))), note()];
    case 'resolve': {
      // Evidence goes straight onto the case: a unit may attach to its cases, not open new ones.
      const files = dropZone('办结照片、材料（拖入或点击）', '/petitions/' + encodeURIComponent(p.id) + '/attachments');
      files.node.dataset.field = 'evidence';
      return [field('办理结果', el('select', { name: 'outcome', 'data-field': 'outcome' }, options('outcomes', 'resolved'))),
        note('办理情况'), files.node];
    }
    case 'evaluate':
      return [field('满意度', el('select', { name: 'rating', 'data-field': 'rating' }, options('ratings', null, '请选择'))),
        ...[['attitude', '服务态度'], ['efficiency', '办理效率'], ['result', '办理结果']].map(([k, label]) =>
          field(label + '（1–5）', el('select', { name: 'ratings.' + k, 'data-field': 'ratings.' + k },
            el('option', { value: '' }, '—'), [5, 4, 3, 2, 1].map((v) => el('option', { value: String(v) }, String(v)))))),
        note('回访记录')];
    case 'merge': return [field('并入工单编号', el('input', { name: 'into', 'data-field': 'into' })), note()];
    case 'place': return [field('楼栋编号', el('input', { name: 'building', 'data-field': 'building' })),
      field('经度', el('input', { name: 'location.lon', 'data-field': 'location', inputmode: 'decimal' })),
      field('纬度', el('input', { name: 'location.lat', inputmode: 'decimal' })), note()];
    case 'refuse_extension': case 'answer_supervision': case 'reject': case 'refuse_return': return [note(null, true)];
    default: return [note()];
  }
}

/** The posted body of an action form. */
function actionBody(action, form) {
  const b = { action };
  const ratings = {};
  const location = {};
  for (const input of form.querySelectorAll('[name]')) {
    const key = input.name;
    if (input.multiple) {
      const values = [...input.selectedOptions].map((o) => o.value);
      if (values.length) b[key] = values;
      continue;
    }
    const v = input.value.trim();
    if (!v) continue;
    if (key.startsWith('ratings.')) ratings[key.slice(8)] = Number(v);
    else if (key.startsWith('location.')) location[key.slice(9)] = Number(v);
    else if (key === 'working_days' || key === 'level' || key === 'difficulty') b[key] = Number(v);
    else b[key] = v;
  }
  if (Object.keys(ratings).length) b.ratings = ratings;
  if (Object.keys(location).length) b.location = location;
  const evidence = form.querySelector('.attachments');
  if (evidence) {
    const ids = attachedIDs(evidence);
    if (ids.length) b.evidence = ids;
  }
  return b;
}

async function caseScreen(screen, id) {
  let p;
  try {
    p = await api('/petitions/' + encodeURIComponent(id));
  } catch (e) {
    screen.replaceChildren(el('p', { class: 'form-error' }, e.status === 404 ? '没有这件工单，或不在您的权限范围内：' + id : e.message));
    return;
  }
  const mapBox = el('div', { id: 'case-map', class: 'small-map' });
  const body = el('div', { class: 'case' });
  screen.append(el('div', { class: 'case-layout' }, body, el('div', { class: 'case-side' }, mapBox, el('div', { id: 'case-place' }))));
  const { map, cell } = smallMap(mapBox);
  render(p);
  const point = p.placement.point;
  const grid = p.placement.areas && p.placement.areas.grid;
  if (point) {
    L.circleMarker([point[1], point[0]], { radius: 8, color: '#c05621' }).addTo(map);
    map.setView([point[1], point[0]], 16);
  } else {
    await fitToData(map);
  }
  if (grid) {
    try {
      const g = await api('/collections/grids/items/' + encodeURIComponent(grid.id));
      cell.addData(g);
      if (!point) map.fitBounds(cell.getBounds());
    } catch (e) { /* the name is shown anyway */ }
  }
  $('case-place').replaceChildren(el('p', {}, grid ? '所在网格：' + grid.name + (grid.worker ? '（网格员 ' + grid.worker + '）' : '') : '尚未定位'));
  listeners.push((kind, notice) => {
    if (notice.petition === p.id || notice.petition_id === p.id) reload();
  });

  async function reload() {
    try { render(await api('/petitions/' + encodeURIComponent(p.id))); } catch (e) { /* keep what is shown */ }
  }

  function render(record) {
    p = record;
    const d = p.deadlines || {};
    const openForm = el('div', { id: 'action-form' });
    body.replaceChildren(
      el('h1', {}, p.id, ' ', el('span', { class: 'status status-' + p.status, id: 'case-status' }, zh('statuses', p.status)),
        p.round > 1 ? el('span', { class: 'tag' }, '第' + p.round + '轮') : null),
      el('p', { class: 'meta' }, categoryName(p.category), ' · ', zh('kinds', p.kind), ' · ', zh('urgencies', p.urgency), ' · ',
        zh('channels', p.channel), ' · 受理 ', fmt(p.received_at)),
      el('section', { class: 'panel' },
        el('h2', {}, '诉求内容'), el('p', { class: 'text', id: 'case-text' }, p.text),
        el('dl', {},
          el('dt', {}, '地址'), el('dd', {}, p.address || '—'),
          el('dt', {}, '联系人'), el('dd', { id: 'case-contact' }, p.contact ? [p.contact.name, p.contact.phone].filter(Boolean).join(' ') : '—'),
          el('dt', {}, '主办单位'), el('dd', { id: 'case-unit' }, p.unit ? p.unit.name || p.unit.id : '—'),
          p.assisting_units.length ? [el('dt', {}, '协办单位'), el('dd', {}, p.assisting_units.map((u) => u.name || u.id).join('、'))] : null,
          el('dt', {}, '派单依据'), el('dd', {}, (p.rule && p.rule.reason) || '—'),
          p.duplicate_of ? [el('dt', {}, zh('queues', 'likely_repeats')), el('dd', {}, el('a', { href: '/desk/case/' + encodeURIComponent(p.duplicate_of) }, p.duplicate_of))] : null,
          p.rating ? [el('dt', {}, zh('actions', 'evaluate')), el('dd', {}, zh('ratings', p.rating),
            p.ratings ? '（态度 ' + p.ratings.attitude + '，效率 ' + p.ratings.efficiency + '，结果 ' + p.ratings.result + '）' : '')] : null)),
      el('section', { class: 'panel' }, el('h2', {}, '时限'),
        el('dl', { id: 'case-deadlines' }, ['dispatch', 'first_reply', 'resolve'].filter((k) => d[k]).flatMap((k) => [
          el('dt', {}, zh('deadlines', k)), el('dd', {}, fmt(d[k]), ' ', p.status !== 'closed' && p.status !== 'rejected' ? countdown(d[k]) : '')])),
        p.extension_request ? el('p', { class: 'warning', id: 'case-extension' }, '申请延期 ' + p.extension_request.working_days + ' 个工作日：' + p.extension_request.reason
          + '（' + p.extension_request.by + '，' + fmt(p.extension_request.at) + '）') : null,
        p.supervisions.length ? el('ul', { class: 'plain' }, p.supervisions.map((s) => el('li', { class: s.state === 'overdue' ? 'overdue' : null },
          s.level_name, '：', s.note, '（', s.issuer, '，回复期限 ', fmt(s.due), '）', s.answer ? ' 回复：' + s.answer : ' 未回复'))) : null),
      p.attachments.length ? el('section', { class: 'panel' }, el('h2', {}, '附件'), el('div', { class: 'files', id: 'case-files' }, p.attachments.map((a) =>
        a.type.startsWith('image/') ? el('a', { href: a.href, target: '_blank' }, el('img', { src: a.href, alt: '附件图片', loading: 'lazy' }))
          : a.type.startsWith('audio/') ? el('audio', { src: a.href, controls: true, preload: 'none' })
            : a.type.startsWith('video/') ? el('video', { src: a.href, controls: true, preload: 'none' })
              : el('a', { href: a.href, target: '_blank' }, '文件 ' + a.id.slice(0, 8))))) : null,
      el('section', { class: 'panel' }, el('h2', {}, '办理'),
        p.actions.length ? el('div', { class: 'action-buttons', id: 'case-actions' }, p.actions.map((a) =>
          el('button', { type: 'button', dataset: { action: a }, onclick: () => openAction(a, openForm) }, zh('actions', a))))
          : el('p', { class: 'hint' }, '当前状态下您没有可办理的操作。'),
        openForm),
      el('section', { class: 'panel' }, el('h2', {}, '办理过程'),
        el('ol', { class: 'timeline', id: 'case-timeline' }, p.events.map((e) => el('li', {},
          el('time', {}, fmt(e.at)), ' ', el('strong', {}, zh('actions', e.action)), ' ', el('span', { class: 'actor' }, e.actor),
          e.from && e.from !== e.to ? el('small', {}, zh('statuses', e.from) + ' → ' + zh('statuses', e.to)) : null,
          e.note ? el('p', {}, e.note) : null)))));
  }

  function openAction(action, holder) {
    const form = el('form', { class: 'action', novalidate: true, dataset: { action } },
      el('h3', {}, zh('actions', action)), el('p', { class: 'form-error', role: 'alert', hidden: true }),
      ...actionFields(action, p),
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, '提交'),
        el('button', { type: 'button', class: 'link', onclick: () => holder.replaceChildren() }, '取消')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearProblems(form);
      const submit = form.querySelector('button[type=submit]');
      submit.disabled = true;
      try {
        const record = await api('/petitions/' + encodeURIComponent(p.id) + '/events', { method: 'POST', json: actionBody(action, form) });
        render(record);
        flash(zh('actions', action) + '：已提交');
      } catch (error) {
        showProblem(form, error);
      } finally {
        submit.disabled = false;
      }
    });
    holder.replaceChildren(form);
    const first = form.querySelector('select, input, textarea');
    if (first) first.focus();
  }
}

// ---- the callback desk (回访) ----

async function callbackScreen(screen) {
  let offset = 0;
  const box = el('section', { id: 'callback', class: 'panel' });
  screen.append(box);
  await next();

  async function next() {
    const page = await api('/petitions?queue=to_callback&sort=received&limit=1&offset=' + offset);
    if (page.petitions.length === 0) {
      box.replaceChildren(el('h2', {}, '回访'), el('p', { class: 'empty', id: 'callback-done' },
        offset > 0 ? '已看完本轮待回访工单（跳过 ' + offset + ' 件）。' : '没有待回访的工单。'),
      offset > 0 ? el('button', { type: 'button', onclick: () => { offset = 0; next(); } }, '从头再看') : null);
      return;
    }
    const p = await api('/petitions/' + encodeURIComponent(page.petitions[0].id));
    const resolved = [...p.events].reverse().find((e) => e.action === 'resolve');
    const form = el('form', { class: 'action', novalidate: true, id: 'callback-form' },
      el('p', { class: 'form-error', role: 'alert', hidden: true }), ...actionFields('evaluate', p),
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, '记录回访（Ctrl+Enter）'),
        el('button', { type: 'button', id: 'callback-skip', onclick: () => { offset += 1; next(); } }, '跳过')));
    box.replaceChildren(
      el('h2', {}, '回访 · 待回访 ' + page.numberMatched + ' 件'),
      el('h3', {}, el('a', { href: '/desk/case/' + encodeURIComponent(p.id), id: 'callback-id' }, p.id), ' ',
        categoryName(p.category), ' · ', zh('statuses', p.status), p.callback ? el('span', { class: 'tag' }, '抽样回访') : null),
      el('dl', {},
        el('dt', {}, '联系人'), el('dd', {}, p.contact ? [p.contact.name, p.contact.phone].filter(Boolean).join(' ') : '—'),
        el('dt', {}, '诉求'), el('dd', {}, p.text),
        el('dt', {}, '主办单位'), el('dd', {}, p.unit ? p.unit.name || p.unit.id : '—'),
        el('dt', {}, '办理情况'), el('dd', {}, resolved ? (resolved.note || '—') + '（' + fmt(resolved.at) + '）' : '—')),
      form);
    form.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); } });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearProblems(form);
      try {
        await api('/petitions/' + encodeURIComponent(p.id) + '/events', { method: 'POST', json: actionBody('evaluate', form) });
        flash('已记录回访：' + p.id);
        await next();
      } catch (error) {
        showProblem(form, error);
      }
    });
    form.querySelector('select').focus();
  }
}

boot().catch((e) => {
  $('screen').replaceChildren(el('p', { class: 'form-error' }, '页面加载失败：' + e.message));
});
