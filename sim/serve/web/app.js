// The live sharing system's page: the stations of the live database on a map over the terrain's
// hillshade, the server's map layers as XYZ tiles (GET /api/layers lists them with their legends
// and tile URLs) with the value under the cursor, forms to add a station and to request a grant, and the
// judgement of every change in the side panel. It talks only to the server's API
// (docs/openapi.json); the token is kept in this tab's sessionStorage and sent as a bearer token.
"use strict";

const akichi = (window.akichi = { ready: false, markers: {}, layer: null, last: null });

const $ = (id) => document.getElementById(id);
const fmt = (v, d = 1) => (v === null || v === undefined ? "–" : Number(v).toFixed(d));
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function token() {
  return sessionStorage.getItem("akichi-token") || "";
}

async function api(method, path, body) {
  const headers = {};
  if (token()) headers.Authorization = "Bearer " + token();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json();
  return { status: res.status, data };
}

function errorText(r) {
  const e = r.data.error || {};
  return `<p class="error" data-status="${r.status}">${r.status}: ${esc(e.message || "")}</p>`;
}

// ---------------------------------------------------------------------------------------------
// The panel: judgements, grant decisions, vacancy answers

function judgementTable(j) {
  const rows = j.receivers.map((r) => {
    const harmed = r.margin_after_dB !== null && r.margin_after_dB < 0;
    return `<tr data-receiver="${esc(r.receiver)}" data-before="${r.before_dBm}"
      data-after="${r.after_dBm}" data-margin-after="${r.margin_after_dB}">
      <td>${esc(r.receiver)}</td><td>${fmt(r.before_dBm)}</td><td>${fmt(r.after_dBm)}</td>
      <td class="${harmed ? "harmed" : "ok"}">${fmt(r.margin_after_dB)}</td></tr>`;
  });
  const list = (name, ids) =>
    ids.length ? `<p>${name}: <span data-list="${name}">${ids.map(esc).join(", ")}</span></p>` : "";
  return `<table><tr><th>receiver</th><th>before dBm</th><th>after dBm</th><th>margin dB</th></tr>
    ${rows.join("")}</table>
    ${list("newly harmed", j.newly_harmed)}${list("no longer harmed", j.no_longer_harmed)}
    ${list("still harmed", j.still_harmed)}`;
}

function showJudgement(title, j, actions = "") {
  akichi.last = { kind: "judgement", data: j };
  $("panel").innerHTML = `<h3 data-kind="judgement">${esc(title)}</h3>${judgementTable(j)}${actions}`;
}

function showDecision(r) {
  const d = r.data.decision;
  akichi.last = { kind: "grant", data: r.data };
  const rows = d.receivers.map((m) => `<tr data-receiver="${esc(m.receiver)}">
      <td>${esc(m.receiver)}</td><td>${fmt(m.aggregate_dBm)}</td><td>${fmt(m.limit_dBm)}</td>
      <td class="${m.margin_dB < 0 ? "harmed" : "ok"}">${fmt(m.margin_dB, 2)}</td></tr>`);
  $("panel").innerHTML = `<h3 data-kind="grant" data-granted="${d.granted}">
      ${d.granted ? "Granted" : "Denied"}</h3>
    <p>${esc(d.reason)}</p>
    <p>Binding: <b>${esc(d.binding || "none")}</b>, margin ${fmt(d.margin_dB, 2)} dB</p>
    ${d.granted ? "" : `<p>Could be granted: ${fmt(d.grantable_eirp_dBm, 2)} dBm;
      channels that work: ${d.channels_that_work.map(esc).join(", ") || "none"}</p>`}
    <table><tr><th>receiver</th><th>aggregate dBm</th><th>limit dBm</th><th>margin dB</th></tr>
    ${rows.join("")}</table>`;
}

function showVacancy(v, lat, lon) {
  akichi.last = { kind: "vacancy", data: v };
  const rows = v.channels.map((c) => `<tr data-channel="${esc(c.channel)}"
      data-max-eirp="${c.max_eirp_dBm}"><td>${esc(c.channel)}</td><td>${fmt(c.max_eirp_dBm)}</td>
      <td>${esc(c.binding || "–")}</td><td class="${c.usable ? "ok" : "harmed"}">
      ${c.usable ? "yes" : "no"}</td></tr>`);
  $("panel").innerHTML = `<h3 data-kind="vacancy">Vacancy at ${fmt(lat, 5)}, ${fmt(lon, 5)},
      ${fmt(v.height_m)} m</h3>
    <table><tr><th>channel</th><th>max EIRP dBm</th><th>binding</th><th>usable</th></tr>
    ${rows.join("")}</table>`;
}

// ---------------------------------------------------------------------------------------------
// Stations

function mayMove(who, props) {
  if (who.role === "regulator") return true;
  return who.role === "licensee" && props.licensee === who.licensee &&
    String(props.role).startsWith("local5g");
}

function addMarker(feature, kind) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const movable = kind !== "grant" && mayMove(akichi.who, p);
  const icon = L.divIcon({
    className: `station-dot role-${kind === "grant" ? "grant" : p.role}${movable ? " movable" : ""}`,
    iconSize: [14, 14],
  });
  const m = L.marker([lat, lon], { icon, draggable: movable, title: p.id }).addTo(akichi.map);
  m.bindTooltip(`${p.id} (${kind === "grant" ? "grant" : p.role})`);
  m.feature = feature;
  m.on("dragend", () => {
    // The browser also sends the map a click where the drag ended (the press and the release
    // were on different elements): that click is no request for the vacancy there.
    akichi.dragging = true;
    setTimeout(() => { akichi.dragging = false; }, 0);
    judgeMove(m);
  });
  akichi.markers[p.id] = m;
}

async function loadStations() {
  for (const m of Object.values(akichi.markers)) m.remove();
  akichi.markers = {};
  const s = await api("GET", "/api/stations");
  for (const f of s.data.features) addMarker(f, "station");
  const g = await api("GET", "/api/grants");
  if (g.status === 200) for (const gr of g.data.grants) addMarker(gr.station, "grant");
  akichi.loads = (akichi.loads || 0) + 1;  // the markers are current (scripts wait for this)
}

function movedProperties(m) {
  const p = Object.assign({}, m.feature.properties);
  const at = m.getLatLng();
  delete p.x_m;
  delete p.y_m;
  p.lat_deg = Number(at.lat.toFixed(7));
  p.lon_deg = Number(at.lng.toFixed(7));
  return p;
}

async function judgeMove(m) {
  const p = movedProperties(m);
  const r = await api("POST", "/api/judge", { action: "update", station: p });
  if (r.status !== 200) {
    $("panel").innerHTML = errorText(r);
    return;
  }
  showJudgement(`Moving ${p.id}`, r.data, `<p data-moved="${esc(p.id)}"
      data-lat="${p.lat_deg}" data-lon="${p.lon_deg}">
      <button id="apply-move">Apply the move</button> <button id="cancel-move">Cancel</button></p>`);
  $("apply-move").onclick = async () => {
    const u = await api("PUT", `/api/stations/${encodeURIComponent(p.id)}`, p);
    if (u.status !== 200) {
      $("panel").innerHTML = errorText(u);
      return;
    }
    showJudgement(`Moved ${p.id}`, u.data.judgement);
    refreshLayer();
    await loadStations();
  };
  $("cancel-move").onclick = () => {
    const [lon, lat] = m.feature.geometry.coordinates;
    m.setLatLng([lat, lon]);
    $("panel").textContent = "Move cancelled.";
  };
}

function formFields(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.value === "") continue;
    out[el.name] = el.type === "number" ? Number(el.value) : el.value;
  }
  return out;
}

async function addStation(ev) {
  ev.preventDefault();
  const f = formFields(ev.target);
  if (f.role === "incumbent") delete f.eirp_dBm;
  const r = await api("POST", "/api/stations", f);
  if (r.status !== 201) {
    $("panel").innerHTML = errorText(r);
    return;
  }
  showJudgement(`Added ${f.id}`, r.data.judgement);
  refreshLayer();
  await loadStations();
}

async function requestGrant(ev) {
  ev.preventDefault();
  const f = formFields(ev.target);
  f.schedule = f.schedule ? f.schedule.split(";").map((s) => s.trim()) : [];
  f.tdd = "synchronous";
  const r = await api("POST", "/api/grants", f);
  if (r.status !== 200 && r.status !== 201) {
    $("panel").innerHTML = errorText(r);
    return;
  }
  showDecision(r);
  if (r.data.granted) refreshLayer();
  await loadStations();
}

// ---------------------------------------------------------------------------------------------
// Layers

// The map's layers are L.tileLayer's of the tile URL templates of /api/layers: Leaflet fills in
// {z}/{x}/{y} and the layer's parameters ({channel}, {slot}, {height_m}) from the options.

function areaBounds() {
  const [w, s, e, n] = akichi.scenario.bbox_deg;
  return L.latLngBounds([[s, w], [n, e]]);
}

function layerParams(def) {
  const all = {
    channel: $("layer-channel").value, slot: $("layer-slot").value,
    height_m: $("layer-height").value,
  };
  const out = {};
  for (const p of def.params) out[p] = all[p];
  return out;
}

function tileLayer(def, params, options) {
  return L.tileLayer(def.tiles, Object.assign({
    tileSize: def.tile_size, minZoom: def.min_zoom, maxZoom: 20, bounds: areaBounds().pad(0.2),
  }, params, options));
}

function drawLegend(def, params) {
  const l = def.legend;
  let bar;
  if (l.categorical) {
    bar = `<div class="ramp">${l.palette.map((c) => `<span style="background:${c}"></span>`)
      .join("")}</div>`;
  } else {
    const n = l.stops.length;
    const grad = l.stops.map((s, i) => `${s.colour} ${(100 * i / (n - 1)).toFixed(1)}%`);
    bar = `<div class="ramp" style="background: linear-gradient(to right, ${grad.join(", ")})">
      </div><div class="ticks"><span>${fmt(l.vmin, 0)}</span>
      <span>${fmt((l.vmin + l.vmax) / 2, 0)}</span><span>${fmt(l.vmax, 0)} ${esc(l.unit)}</span></div>`;
  }
  const what = Object.entries(params).map(([k, v]) => k === "slot" ?
    akichi.scenario.slots[Number(v)].start : k === "height_m" ? `${v} m` : v);
  $("legend").innerHTML = `${bar}<div>${esc(def.title)}${what.length ? ", " : ""}
    ${what.map(esc).join(", ")}</div>`;
  $("legend").dataset.loaded = "1";
}

function showLayer(ev) {
  if (ev) ev.preventDefault();
  const def = akichi.layerDefs[$("layer-name").value];
  for (const p of ["channel", "slot", "height_m"]) {
    const id = { channel: "layer-channel", slot: "layer-slot", height_m: "layer-height" }[p];
    $(id).disabled = !def.params.includes(p);
  }
  const params = layerParams(def);
  if (akichi.dataTiles) {
    akichi.layers.removeLayer(akichi.dataTiles);
    akichi.dataTiles.remove();
  }
  akichi.layer = { name: def.name, params };
  akichi.dataTiles = tileLayer(def, params, {
    opacity: Number($("layer-opacity").value), className: "layer-tiles", zIndex: 2,
  }).addTo(akichi.map);
  akichi.layers.addOverlay(akichi.dataTiles, def.title);
  drawLegend(def, params);
  akichi.lastHover = null;
}

// After a write the data layer's tiles are asked again: the server answers 304 for those the
// write did not change (their ETag holds the data version).
function refreshLayer() {
  const def = akichi.layer && akichi.layerDefs[akichi.layer.name];
  if (def && def.changes_with_data) akichi.dataTiles.redraw();
  loadMicAreas();
}

// The MIC areas (scenarios with [mic] rules): an overlay of the GeoJSON of
// /api/layers/mic_areas/geojson in the colour akichi render draws a MIC mask's "inside" with,
// the cover areas filled and the coordination areas outlined. Loaded again after a write; shown
// if it was.
async function loadMicAreas() {
  const def = akichi.overlayDefs.mic_areas;
  if (!def || !def.available) return;
  const fc = (await api("GET", def.geojson)).data;
  const style = (f) => f.properties.kind === "coverage" ?
    { color: fc.colour, weight: 1, fillColor: fc.colour, fillOpacity: 0.3,
      className: "mic-area mic-coverage" } :
    { color: fc.colour, weight: 2, dashArray: "5 4", fill: false,
      className: "mic-area mic-coordination" };
  const layer = L.geoJSON(fc, {
    style,
    onEachFeature: (f, l) => l.bindTooltip(`${esc(f.properties.station)}
      (${esc(f.properties.licensee)}): ${f.properties.kind === "coverage" ? "cover" :
        "coordination"} area, ${fmt(f.properties.area_m2 / 1e6, 3)} km²`),
  });
  const shown = akichi.micAreas && akichi.map.hasLayer(akichi.micAreas);
  if (akichi.micAreas) {
    akichi.layers.removeLayer(akichi.micAreas);
    akichi.micAreas.remove();
  }
  akichi.micAreas = layer;
  akichi.micAreaFeatures = fc.features.length;
  akichi.layers.addOverlay(layer, def.title);
  if (shown) layer.addTo(akichi.map);
}

// The value under the cursor: one request at a time, the latest position asked next.
async function hover(ev) {
  if (!akichi.layer || !areaBounds().contains(ev.latlng)) return;
  akichi.hoverAt = ev.latlng;
  if (akichi.hoverBusy) return;
  akichi.hoverBusy = true;
  try {
    while (akichi.hoverAt) {
      const at = akichi.hoverAt;
      akichi.hoverAt = null;
      const q = new URLSearchParams(Object.assign({ lat_deg: at.lat, lon_deg: at.lng },
        akichi.layer.params));
      const r = await api("GET", `/api/layers/${akichi.layer.name}/value?${q}`);
      const el = $("layer-value");
      if (r.status !== 200) {
        el.innerHTML = errorText(r);
        continue;
      }
      const v = r.data;
      el.dataset.value = v.value === null ? "null" : String(v.value);
      el.dataset.lat = String(at.lat);
      el.dataset.lon = String(at.lng);
      el.innerHTML = `${esc(akichi.layerDefs[v.layer].title)} at ${fmt(at.lat, 5)},
        ${fmt(at.lng, 5)}: <b>${v.label !== undefined ? esc(v.label) : fmt(v.value, 1)}</b>
        ${esc(v.unit)}`;
      akichi.lastHover = { lat: at.lat, lon: at.lng, data: v };
    }
  } finally {
    akichi.hoverBusy = false;
  }
}

async function clickMap(ev) {
  if (akichi.dragging) return;
  const { lat, lng } = ev.latlng;
  for (const id of ["station-form", "grant-form"]) {
    $(id).elements.lat_deg.value = lat.toFixed(6);
    $(id).elements.lon_deg.value = lng.toFixed(6);
  }
  const slot = Number($("layer-slot").value);
  const r = await api("POST", "/api/vacancy", {
    lat_deg: lat, lon_deg: lng, height_m: Number($("layer-height").value), slots: [slot, slot + 1],
  });
  if (r.status !== 200) {
    $("panel").innerHTML = errorText(r);
    return;
  }
  showVacancy(r.data, lat, lng);
}

// ---------------------------------------------------------------------------------------------
// Start

async function start() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) {
    sessionStorage.setItem("akichi-token", hash.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  const who = await api("GET", "/api/whoami");
  if (who.status !== 200) {
    sessionStorage.removeItem("akichi-token");
    $("who").textContent = "public (token refused)";
    akichi.who = { role: "public" };
  } else {
    akichi.who = who.data;
    $("who").textContent = who.data.actor;
  }
  const sc = (await api("GET", "/api/scenario")).data;
  akichi.scenario = sc;
  $("title").textContent = "akichi — " + sc.name;
  const [w, s, e, n] = sc.bbox_deg;
  akichi.map = L.map("map");
  akichi.map.fitBounds([[s, w], [n, e]]);
  const basemap = new URLSearchParams(location.search).get("basemap");
  const base = {};
  if (basemap) base.basemap = L.tileLayer(basemap, { maxZoom: 19 }).addTo(akichi.map);
  const listing = (await api("GET", "/api/layers")).data;
  const defs = listing.layers;
  akichi.layerDefs = {};
  for (const d of defs) akichi.layerDefs[d.name] = d;
  akichi.overlayDefs = {};
  for (const d of listing.overlays || []) akichi.overlayDefs[d.name] = d;
  const shade = akichi.layerDefs.hillshade;
  akichi.hillshade = tileLayer(shade, {}, { opacity: 0.8, className: "hillshade-tiles", zIndex: 1 })
    .addTo(akichi.map);
  akichi.layers = L.control.layers(base, { hillshade: akichi.hillshade }).addTo(akichi.map);
  L.rectangle([[s, w], [n, e]], { color: "#333", weight: 1, fill: false }).addTo(akichi.map);
  for (const c of sc.channels) {
    $("layer-channel").add(new Option(c.name, c.name));
    $("grant-channel").add(new Option(c.name, c.name));
  }
  for (const t of sc.slots) $("layer-slot").add(new Option(t.start, t.index));
  for (const h of sc.heights_m) $("layer-height").add(new Option(h + " m", h));
  for (const d of defs) if (d.name !== "hillshade") $("layer-name").add(new Option(d.title, d.name));
  $("layer-form").onsubmit = showLayer;
  $("layer-opacity").oninput = () => {
    if (akichi.dataTiles) akichi.dataTiles.setOpacity(Number($("layer-opacity").value));
  };
  akichi.map.on("mousemove", hover);
  $("station-form").onsubmit = addStation;
  $("grant-form").onsubmit = requestGrant;
  $("token-form").onsubmit = (ev) => {
    ev.preventDefault();
    sessionStorage.setItem("akichi-token", $("token").value.trim());
    location.reload();
  };
  akichi.map.on("click", clickMap);
  await loadMicAreas();
  await loadStations();
  akichi.ready = true;
}

start().catch((err) => {
  $("panel").innerHTML = `<p class="error">${esc(err)}</p>`;
  akichi.error = String(err);
});
