'use strict';
// Wangge map page: areas, heat map and petitions from the service's own API.
// Data, not a script: the Content-Security-Policy allows no inline script.
const config = JSON.parse(document.getElementById('wangge-config').textContent || '{}');
const crs = config.basemap_crs || 'wgs84';
const state = { token: sessionStorage.getItem('wangge.token') || '', me: null, categories: {},
                gridStats: {}, gridCounts: {}, petitions: [], heat: [], errors: [] };
// The statuses and actions and their names come from the service (GET /vocabulary); only
// the colours are the page's own.
const statusNames = {};
const actionNames = {};
const roleNames = {};
const openStatuses = [];
const statusColours = { unplaced: '#7b3294', received: '#9467bd', dispatched: '#ff7f0e', accepted: '#1f77b4',
                        replied: '#17becf', reopened: '#8c564b', returned: '#e377c2', resolved: '#2ca02c', closed: '#7f7f7f',
                        rejected: '#bbbbbb' };
async function loadVocabulary() {
  const v = await api('/vocabulary');
  const select = $('status');
  for (const s of v.statuses) {
    statusNames[s.code] = s.name_zh;
    if (s.open) openStatuses.push(s.code);
    select.add(new Option(s.name_zh, s.code));
  }
  for (const a of v.actions) actionNames[a.code] = a.name_zh;
  for (const r of v.roles) roleNames[r.code] = r.name_zh;
}
const heatColours = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
const $ = (id) => document.getElementById(id);

function recordError(message) {
  state.errors.push(String(message));
  document.body.dataset.errors = state.errors.join(' | ');
  setStatus('出错：' + message, true);
}
window.addEventListener('error', (e) => recordError(e.message));
window.addEventListener('unhandledrejection', (e) => recordError(e.reason && e.reason.message || e.reason));

function setStatus(text, error) {
  const s = $('statusbar');
  s.textContent = text;
  s.className = error ? 'error' : '';
}

// Times as people here write them: 2025-12-01 14:05, in the time the server wrote (China time),
// never the browser's locale.
function formatTime(iso) {
  if (!iso) return '—';
  const s = String(iso);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) ? s.slice(0, 10) + ' ' + s.slice(11, 16) : s;
}

function escapeHTML(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function api(path) {
  const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
  const response = await fetch(path, { headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.detail || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function query(params) {
  return Object.entries(params).filter(([, v]) => v !== '' && v != null)
    .map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');
}

// ---- the map ----
const map = L.map('map', { zoomControl: true, preferCanvas: false, zoomSnap: 0.25 });
if (config.basemap) {
  L.tileLayer(config.basemap, { maxZoom: 19, subdomains: '1234', attribution: config.attribution || '' }).addTo(map);
}
map.createPane('heat').style.zIndex = 350;
map.createPane('outlines').style.zIndex = 400;
map.createPane('petitions').style.zIndex = 600;
const layers = {
  streets: L.geoJSON(null, { pane: 'outlines', style: { color: '#1f3b57', weight: 3, fill: false } }),
  communities: L.geoJSON(null, { pane: 'outlines', style: { color: '#3b6b99', weight: 2, fill: false, dashArray: '6 4' },
                                 onEachFeature: (f, layer) => layer.bindTooltip(() => escapeHTML(areaPath(f)), { sticky: true }) }),
  grids: L.geoJSON(null, { pane: 'outlines', style: { color: '#5b7f9f', weight: 1, fillColor: '#ffffff', fillOpacity: 0.01 },
                           onEachFeature: (f, layer) => {
                             layer.bindTooltip(() => escapeHTML(areaPath(f)), { sticky: true });
                             layer.on('click', (e) => showGrid(f, e.latlng));
                           } }),
  heat: L.geoJSON(null, { pane: 'heat', style: heatStyle, onEachFeature: (f, layer) => layer.bindTooltip(heatTooltip(f)) }),
  petitions: L.layerGroup(),
  // Early warnings (未诉先办) still open: clusters' circles, recurring buildings, meters.
  warnings: L.geoJSON(null, { pane: 'petitions', style: { color: '#c53030', weight: 2, dashArray: '4 3', fillColor: '#e53e3e', fillOpacity: 0.15 },
                              onEachFeature: (f, layer) => layer.bindPopup(() => escapeHTML(f.properties.kind_name + '（' + f.properties.status_name + '）：' +
                                f.properties.summary + '，' + f.properties.start + ' 至 ' + f.properties.end)) }),
  found: L.geoJSON(null, { pane: 'petitions', style: { color: '#d62728', weight: 3, fillOpacity: 0.2 } }),
};
// Every petition from vector tiles, where the markers would stop at a page (a city's million):
// points coloured as the markers are, or, where a tile holds many, cells sized by their count.
let tileQuery = '';
const petitionTiles = WanggeVectorTiles.layer({
  pane: 'petitions',
  url: (c) => '/collections/petitions/tiles/WebMercatorQuad/' + c.z + '/' + c.y + '/' + c.x + (tileQuery ? '?' + tileQuery : ''),
  headers: () => (state.token ? { Authorization: 'Bearer ' + state.token } : {}),
  style: (f) => (f.properties.count != null
    ? { radius: Math.min(18, 3 + 2 * Math.log2(f.properties.count)), fill: f.properties.open ? 'rgba(255,127,14,0.75)' : 'rgba(127,127,127,0.6)' }
    : { radius: 4, fill: isOverdue(f.properties) ? '#d62728' : statusColours[f.properties.status] || '#555' }),
  onTile: (drawn) => {
    state.tileFeatures = (state.tileFeatures || 0) + drawn;
    document.body.dataset.petitionTileFeatures = String(state.tileFeatures);
  },
});
layers.heat.addTo(map);
layers.grids.addTo(map);
layers.communities.addTo(map);
layers.streets.addTo(map);
layers.petitions.addTo(map);
layers.found.addTo(map);
// The petitions switch appears only for a caller who may read petitions (see loadMe).
const layerControl = L.control.layers(null, { '街道': layers.streets, '社区': layers.communities, '网格': layers.grids,
                                              '热力图': layers.heat }, { collapsed: window.innerWidth < 700 }).addTo(map);
let petitionSwitch = false;
L.control.scale({ imperial: false }).addTo(map);
const legend = L.control({ position: 'bottomright' });
legend.onAdd = () => L.DomUtil.create('div', 'legend');
legend.addTo(map);
let breaks = [1, 2, 3, 4, 5];

// A grid cell's name with its community's and street's: 清香坪社区第6网格（清香坪社区 · 东华街道）.
const areaNames = {};
const areaParents = {};
function areaPath(f) {
  const names = [];
  for (let id = f.properties.parent; id && areaNames[id]; id = areaParents[id]) names.push(areaNames[id]);
  return f.properties.name + (names.length ? '（' + names.join(' · ') + '）' : '');
}

function heatStyle(f) {
  const value = f.properties.count;
  let k = 0;
  while (k < breaks.length - 1 && value > breaks[k]) k++;
  return { color: '#a33', weight: 0.5, fillColor: heatColour(k), fillOpacity: 0.65 };
}

// Fewer classes than colours (few distinct counts): the darkest colours, so the top is always red.
function heatColour(k) {
  return heatColours[k + heatColours.length - breaks.length];
}

function heatTooltip(f) {
  const p = f.properties;
  const name = p.name ? escapeHTML(p.name) + '<br>' : '';
  const per = p.per_10k_residents != null ? '<br>万人诉求比 ' + p.per_10k_residents : '';
  return name + '诉求 ' + p.count + '，未办结 ' + p.open + '，超期 ' + p.overdue + per;
}

function drawLegend() {
  const div = document.querySelector('.legend');
  const rows = breaks.map((high, k) => {
    const low = k === 0 ? 1 : breaks[k - 1] + 1;
    return '<i style="background:' + heatColour(k) + '"></i>' + (low >= high ? high : low + '–' + high);
  });
  div.innerHTML = '<b>诉求数</b><br>' + rows.join('<br>') +
    (state.me && state.me.may.read_petitions ? '<br><b>诉求点</b><br><i style="background:#d62728;border-radius:7px"></i>已超期<br>' +
      Object.keys(statusColours).map((k) => '<i style="background:' + statusColours[k] + ';border-radius:7px"></i>' + statusNames[k]).join('<br>') : '');
}

// ---- filters ----
function filters() {
  const date = (id) => /^\d{4}-\d{2}-\d{2}$/.test($(id).value) ? $(id).value : '';
  return { from: date('from'), to: date('to'), category: $('category').value, status: $('status').value };
}

function bboxParameter() {
  const b = map.getBounds();
  // The bbox is CRS84; with a GCJ-02 or BD-09 basemap the view is off by up to a kilometre.
  const pad = crs === 'wgs84' ? 0 : 0.01;
  return [b.getWest() - pad, b.getSouth() - pad, b.getEast() + pad, b.getNorth() + pad].map((v) => v.toFixed(6)).join(',');
}

async function loadAreas() {
  for (const [name, collection] of [['streets', 'streets'], ['communities', 'communities'], ['grids', 'grids']]) {
    // Every page, following the next links (a city has more grid cells than one page holds),
    // up to a bound that keeps the browser responsive.
    const data = { features: [] };
    let next = '/collections/' + collection + '/items?' + query({ limit: 10000, crs });
    while (next && data.features.length < 50000) {
      const page = await api(next);
      data.features.push(...page.features);
      const link = (page.links || []).find((l) => l.rel === 'next');
      next = link ? new URL(link.href, location.href).pathname + new URL(link.href, location.href).search : null;
    }
    layers[name].addData(data.features);
    for (const f of data.features) {
      areaNames[f.properties.id || f.id] = f.properties.name;
      areaParents[f.properties.id || f.id] = f.properties.parent;
    }
    if (name === 'streets') {
      for (const f of data.features) {
        const centre = L.geoJSON(f).getBounds().getCenter();
        L.tooltip({ permanent: true, direction: 'center', className: 'area-label' }).setLatLng(centre)
          .setContent(escapeHTML(f.properties.name)).addTo(map);
      }
    }
  }
  const bounds = layers.grids.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds); else map.setView([26.58, 101.72], 13);
  document.body.dataset.gridPaths = String(document.querySelectorAll('.leaflet-outlines-pane path').length);
}

// Bins about 40 pixels across at the current zoom, on a round step, never under 100 m (the
// smallest bin public heat maps may show).
function autoSize() {
  const metresPerPixel = 156543.03 * Math.cos(map.getCenter().lat * Math.PI / 180) / Math.pow(2, map.getZoom());
  const wanted = metresPerPixel * 40;
  const steps = [100, 200, 300, 500, 1000, 2000, 5000, 10000, 20000, 50000];
  return steps.find((s) => s >= wanted) || steps[steps.length - 1];
}

async function loadHeat() {
  const f = filters();
  const bin = $('bin').value;
  const params = { bin, crs, from: f.from, to: f.to, category: f.category, status: f.status };
  if (bin === 'area') params.level = 'grid'; else { params.size = $('size').value || autoSize(); params.bbox = bboxParameter(); }
  const data = await api('/heatmap?' + query(params));
  const counts = data.features.map((x) => x.properties.count).sort((a, b) => a - b);
  breaks = counts.length === 0 ? [1, 2, 3, 4, 5]
    : [...new Set([0.2, 0.4, 0.6, 0.8, 1].map((q) => counts[Math.min(counts.length - 1, Math.floor(q * (counts.length - 1)))]))];
  layers.heat.clearLayers();
  layers.heat.addData(data);
  state.heat = data.features;
  drawLegend();
  document.body.dataset.heatPaths = String(document.querySelectorAll('.leaflet-heat-pane path').length);
  return data;
}

async function loadGridFigures() {
  const f = filters();
  const [counts, stats] = await Promise.all([
    api('/heatmap?' + query({ bin: 'area', level: 'grid', from: f.from, to: f.to, category: f.category, status: f.status })),
    api('/stats?' + query({ by: 'area', level: 'grid', from: f.from, to: f.to })),
  ]);
  state.gridCounts = {};
  for (const x of counts.features) state.gridCounts[x.properties.area] = x.properties;
  state.gridStats = {};
  for (const g of stats.groups || []) state.gridStats[g.id] = g;
}

function isOverdue(p) {
  return openStatuses.includes(p.status) && p.resolve_by && new Date(p.resolve_by) < new Date();
}

// The warnings not yet closed, for the roles that read petitions (scoped by the server).
async function loadWarnings() {
  layers.warnings.clearLayers();
  if (!state.me || !state.me.may.read_petitions) return;
  const [fresh, seen] = await Promise.all([api('/warnings?' + query({ status: 'new', crs })), api('/warnings?' + query({ status: 'acknowledged', crs }))]);
  layers.warnings.addData(fresh);
  layers.warnings.addData(seen);
  document.body.dataset.warnings = String(fresh.features.length + seen.features.length);
}

async function loadPetitions() {
  layers.petitions.clearLayers();
  state.petitions = [];
  if (!state.me || !state.me.may.read_petitions) { petitionTiles.remove(); return; }
  const f = filters();
  const statuses = f.status === 'open' || f.status === 'overdue' ? openStatuses.join(',') : f.status;
  const datetime = f.from || f.to ? (f.from || '..') + '/' + (f.to || '..') : '';
  const data = await api('/collections/petitions/items?' + query({ limit: 5000, crs, bbox: bboxParameter(), status: statuses,
                                                                  category: f.category, datetime }));
  state.petitionsCapped = data.numberMatched > data.numberReturned ? data.numberMatched : 0;
  // More than a page in view (or asked for with #tiles=1): every petition from the tiles.
  tileQuery = query({ crs, status: statuses, category: f.category, datetime });
  if (state.petitionsCapped || linked.get('tiles') === '1') {
    state.tileFeatures = 0;
    if (map.hasLayer(petitionTiles)) petitionTiles.redraw(); else petitionTiles.addTo(map);
    document.body.dataset.petitionTiles = '1';
  } else {
    petitionTiles.remove();
  }
  let list = data.features.filter((x) => x.geometry);
  if (f.status === 'overdue') list = list.filter((x) => isOverdue(x.properties));
  state.petitions = list;
  for (const x of list) {
    const p = x.properties;
    const [lon, lat] = x.geometry.coordinates;
    const colour = isOverdue(p) ? '#d62728' : statusColours[p.status] || '#555';
    L.circleMarker([lat, lon], { pane: 'petitions', radius: 5, color: '#fff', weight: 1, fillColor: colour, fillOpacity: 0.9 })
      .bindTooltip(escapeHTML(p.id + ' ' + (state.categories[p.category] || p.category) + ' ' + (statusNames[p.status] || p.status)))
      .on('click', () => showPetition(p.id))
      .addTo(layers.petitions);
  }
  document.body.dataset.petitionMarkers = String(list.length);
}

function drawList() {
  const ol = $('list');
  ol.innerHTML = '';
  if (state.me && state.me.may.read_petitions) {
    const sorted = state.petitions.slice().sort((a, b) => (isOverdue(b.properties) - isOverdue(a.properties)) ||
                                                   String(a.properties.received_at).localeCompare(String(b.properties.received_at)));
    $('list-title').textContent = '视野内诉求 ' + sorted.length + ' 件（超期在前）';
    for (const x of sorted.slice(0, 300)) {
      const p = x.properties;
      const li = document.createElement('li');
      const colour = isOverdue(p) ? '#d62728' : statusColours[p.status] || '#555';
      li.innerHTML = '<span class="tag" style="background:' + colour + '">' + (isOverdue(p) ? '超期' : escapeHTML(statusNames[p.status] || p.status)) +
        '</span>' + escapeHTML(state.categories[p.category] || p.category) + ' · ' + escapeHTML(p.id) + '<br><small>' + escapeHTML(formatTime(p.received_at)) + '</small>';
      li.onclick = () => { map.setView([x.geometry.coordinates[1], x.geometry.coordinates[0]], Math.max(map.getZoom(), 16)); showPetition(p.id); };
      ol.appendChild(li);
    }
  } else {
    const ranked = Object.values(state.gridCounts).sort((a, b) => b.count - a.count);
    $('list-title').textContent = '网格诉求排行（登录后可见诉求明细）';
    for (const g of ranked.slice(0, 100)) {
      const li = document.createElement('li');
      li.innerHTML = escapeHTML(g.name) + '：诉求 ' + g.count + '，未办结 ' + g.open + '，超期 ' + g.overdue;
      li.onclick = () => {
        layers.grids.eachLayer((layer) => { if (layer.feature.id === g.area || layer.feature.properties.id === g.area) map.fitBounds(layer.getBounds()); });
      };
      ol.appendChild(li);
    }
  }
}

// ---- details ----
function percent(v) { return v == null ? '—' : (v * 100).toFixed(1) + '%'; }

let selectedGrid = null;
async function showGrid(f, latlng) {
  const id = f.properties.id || f.id;
  if (selectedGrid) layers.grids.resetStyle(selectedGrid);
  layers.grids.eachLayer((layer) => { if (layer.feature === f) selectedGrid = layer; });
  if (selectedGrid) selectedGrid.setStyle({ color: '#d62728', weight: 3 });
  const counts = state.gridCounts[id] || { count: 0, open: 0, overdue: 0 };
  const stats = state.gridStats[id] || {};
  const detail = $('detail');
  detail.innerHTML = '<h3>' + escapeHTML(f.properties.name) + '</h3>加载中…';
  // The wgs84 point of the click: /locate converts from the basemap's system itself.
  const place = await api('/locate?' + query({ lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6), crs }));
  const worker = place.areas && place.areas.grid && place.areas.grid.worker;
  const units = (place.units || []).map((u) => escapeHTML(u.name)).join('<br>') || '—';
  detail.innerHTML = '<h3>' + escapeHTML(areaPath(f)) + '</h3><table>' +
    '<tr><td>网格员</td><td>' + escapeHTML(worker || '—') + '</td></tr>' +
    '<tr><td>诉求（筛选内）</td><td>' + counts.count + '</td></tr>' +
    '<tr><td>未办结</td><td>' + counts.open + '</td></tr>' +
    '<tr><td>超期</td><td>' + counts.overdue + '</td></tr>' +
    '<tr><td>满意率</td><td>' + percent(stats.satisfaction_rate) + '</td></tr>' +
    '<tr><td>责任单位</td><td>' + units + '</td></tr></table>';
  document.body.dataset.detail = 'grid';
}

async function showPetition(id) {
  const detail = $('detail');
  detail.innerHTML = '<h3>' + escapeHTML(id) + '</h3>加载中…';
  try {
    const p = await api('/petitions/' + encodeURIComponent(id));
    const events = (p.events || []).map((e) => '<tr><td>' + escapeHTML(formatTime(e.at)) + '</td><td>' +
      escapeHTML(actionNames[e.action] || e.action) + (e.note ? '：' + escapeHTML(e.note) : '') + '</td></tr>').join('');
    detail.innerHTML = '<h3>' + escapeHTML(p.id) + ' · ' + escapeHTML(statusNames[p.status] || p.status) + '</h3>' +
      '<p>' + escapeHTML(p.text) + '</p><table>' +
      '<tr><td>类别</td><td>' + escapeHTML(state.categories[p.category] || p.category) + '</td></tr>' +
      '<tr><td>承办</td><td>' + escapeHTML(p.unit ? p.unit.name : '—') + '</td></tr>' +
      '<tr><td>受理时间</td><td>' + escapeHTML(formatTime(p.received_at)) + '</td></tr>' +
      '<tr><td>办结时限</td><td>' + escapeHTML(formatTime(p.deadlines && p.deadlines.resolve)) + '</td></tr>' +
      '<tr><td>联系人</td><td>' + escapeHTML(p.contact ? (p.contact.name || '') + ' ' + (p.contact.phone || '') : '—') + '</td></tr>' +
      '</table><h3>办理过程</h3><table>' + events + '</table>';
    document.body.dataset.detail = 'petition';
  } catch (e) {
    detail.innerHTML = '<h3>' + escapeHTML(id) + '</h3>' + escapeHTML(e.message);
  }
}

// ---- address search ----
$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});

async function search() {
  const text = $('address').value.trim();
  if (!text) return;
  const result = await api('/resolve?' + query({ address: text, limit: 5 }));
  const detail = $('detail');
  const matchNames = { exact: '确定', probable: '很可能', ambiguous: '有多个可能', none: '未找到' };
  detail.innerHTML = '<h3>地址：' + escapeHTML(matchNames[result.match] || result.match) + '</h3><ol id="candidates"></ol>';
  for (const c of result.candidates) {
    const li = document.createElement('li');
    li.innerHTML = escapeHTML(c.building.address) + ' <small>(' + c.score.toFixed(2) + ')</small>';
    li.style.cursor = 'pointer';
    li.onclick = () => showBuilding(c.building.id);
    $('candidates').appendChild(li);
  }
  if (result.candidates.length > 0 && (result.match === 'exact' || result.match === 'probable')) await showBuilding(result.candidates[0].building.id);
}

async function showBuilding(id) {
  const b = await api('/collections/buildings/items/' + encodeURIComponent(id) + '?' + query({ crs }));
  layers.found.clearLayers();
  layers.found.addData(b);
  map.fitBounds(layers.found.getBounds(), { maxZoom: 18 });
  layers.found.bindPopup(escapeHTML(b.properties.address)).openPopup();
}

// ---- token ----
async function loadMe() {
  state.me = await api('/me');
  // A person signed in at the desk (its session cookie) needs no token here.
  $('who').textContent = state.me.role
    ? (state.me.user ? state.me.user + ' · ' : '') + '角色：' + (roleNames[state.me.role] || state.me.role) +
      (state.me.unit ? '（' + (state.me.unit.name || state.me.unit) + '）' : '') +
      (state.me.area ? '（' + (state.me.area.name || state.me.area.id) + '）' : '')
    : '未登录（公开数据）';
  $('token').style.display = state.me.role ? 'none' : '';
  const reads = Boolean(state.me.may && state.me.may.read_petitions);
  if (reads && !petitionSwitch) {
    layerControl.addOverlay(layers.petitions, '诉求');
    layerControl.addOverlay(layers.warnings, '预警');
    layers.warnings.addTo(map);
  }
  if (!reads && petitionSwitch) {
    layerControl.removeLayer(layers.petitions);
    layerControl.removeLayer(layers.warnings);
    layers.warnings.remove();
  }
  petitionSwitch = reads;
  $('login-button').textContent = state.me.role ? '退出' : '登录';
  const list = await api('/categories');
  const select = $('category');
  select.length = 1;
  state.categories = {};
  for (const c of list.categories) {
    state.categories[c.code] = c.name_zh;
    select.add(new Option(c.name_zh, c.code));
  }
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (state.me && state.me.user && !state.token) {
    // Signed in at the desk: sign out there (the write carries the session's CSRF token).
    const session = await api('/session');
    await fetch('/session', { method: 'DELETE', headers: { 'X-CSRF-Token': session.csrf } });
    location.reload();
    return;
  }
  if (state.me && state.me.role) {
    state.token = '';
    sessionStorage.removeItem('wangge.token');
  } else {
    state.token = $('token').value.trim();
    $('token').value = '';
  }
  try {
    await loadMe();
    if (state.token) sessionStorage.setItem('wangge.token', state.token);
  } catch (e) {
    state.token = '';
    sessionStorage.removeItem('wangge.token');
    await loadMe();
    setStatus('令牌无效：' + e.message, true);
    return;
  }
  await refresh();
});

// A link may also open a grid cell (#grid=…), a petition (#petition=…) or an address (#address=…).
async function openLinked() {
  if (linked.has('grid')) {
    layers.grids.eachLayer((layer) => {
      const f = layer.feature;
      if ((f.properties.id || f.id) === linked.get('grid')) {
        map.fitBounds(layer.getBounds());
        showGrid(f, layer.getBounds().getCenter());
      }
    });
  }
  if (linked.has('petition')) await showPetition(linked.get('petition'));
  if (linked.has('address')) {
    $('address').value = linked.get('address');
    await search();
  }
  document.body.dataset.linked = '1';
}

// ---- refresh ----
let generation = 0;
async function refresh() {
  const mine = ++generation;
  setStatus('加载中…');
  try {
    const [heat] = await Promise.all([loadHeat(), loadGridFigures(), loadPetitions(), loadWarnings()]);
    if (mine !== generation) return;
    drawList();
    const shown = state.me && state.me.may.read_petitions
      ? '，诉求点 ' + state.petitions.length + (state.petitionsCapped ? '（共 ' + state.petitionsCapped + ' 件，放大或收窄筛选以查看全部）' : '') : '';
    setStatus('热力：' + heat.numberMatched + ' 件诉求，' + heat.features.length + ' 个格' + shown);
    const side = $('side').getBoundingClientRect(), box = $('map').getBoundingClientRect();
    document.body.dataset.layout = [side.width, side.height, box.width, box.height].map(Math.round).join(',');
    document.body.dataset.ready = '1';
  } catch (e) {
    recordError(e.message);
  }
}

for (const id of ['from', 'to', 'category', 'status', 'bin', 'size']) $(id).addEventListener('change', refresh);
let moveTimer = null;
map.on('moveend', () => { clearTimeout(moveTimer); moveTimer = setTimeout(refresh, 250); });
// Heat bins follow the zoom (moveend also fires on zoom).

// A link may carry filters and a token in its fragment (#from=2026-01-01&status=overdue&token=wg_…).
// The token goes into the session and out of the address bar at once: a fragment is never
// sent to the server, and it is not kept in history either.
const linked = new URLSearchParams(location.hash.slice(1));
if (linked.has('token')) {
  state.token = linked.get('token');
  sessionStorage.setItem('wangge.token', state.token);
  linked.delete('token');
  history.replaceState(null, '', location.pathname + location.search + (linked.toString() ? '#' + linked : ''));
}

(async () => {
  const to = new Date();
  const from = new Date(to.getTime() - 365 * 86400000);
  $('from').value = linked.get('from') || from.toISOString().slice(0, 10);
  $('to').value = linked.get('to') || to.toISOString().slice(0, 10);
  for (const id of ['bin', 'size']) if (linked.has(id)) $(id).value = linked.get(id);
  for (const id of ['from', 'to']) {
    $(id).addEventListener('input', () => $(id).setCustomValidity(/^\d{4}-\d{2}-\d{2}$/.test($(id).value) || !$(id).value ? '' : '请按 2025-12-01 的格式填写'));
  }
  try {
    await loadVocabulary();
    try {
      await loadMe();
    } catch (e) {
      // A token from an earlier visit that has since been revoked: carry on without it.
      state.token = '';
      sessionStorage.removeItem('wangge.token');
      await loadMe();
    }
    if (linked.has('status')) $('status').value = linked.get('status');
    if (linked.has('category')) $('category').value = linked.get('category');
    await loadAreas();
    await refresh();
    await openLinked();
  } catch (e) {
    recordError(e.message);
  }
})();
