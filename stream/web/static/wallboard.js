// Wallboard: one EventSource on /api/live; every snapshot redraws the tiles (no framework).
"use strict";
const AREAS = {
  digital_services: "Digitala tjänster", waiting_time: "Väntetid",
  caseworker_service: "Handläggarens service", municipal_services: "Kommunala tjänster",
  overall_experience: "Upplevelse",
};
const SENTIMENTS = ["negative", "skeptical", "positive"];
const SV = { negative: "negativ", skeptical: "skeptisk", positive: "positiv" };
const STALE_MS = 15000;
const $ = (id) => document.getElementById(id);
const num = new Intl.NumberFormat("sv-SE");
const hhmm = (d) => d.toLocaleTimeString("sv-SE", { hour: "2-digit", minute: "2-digit" });
const hhmmss = (d) => d.toLocaleTimeString("sv-SE");
const pct = (x) => `${Math.round(x * 100)}\u00a0%`;  // never split "31 %" over two lines

const muniSel = $("municipality");
const winSel = $("window");
const windows = [...winSel.options].map((o) => o.value);
const params = new URLSearchParams(location.search);
const state = {
  municipality: params.get("municipality") || "",
  window: windows.includes(params.get("window")) ? params.get("window") : "1h",
};
let source = null;
let lastContact = 0;     // ms timestamp of the last event from the server
let everConnected = false;
const startedAt = Date.now();

// -- tiles ------------------------------------------------------------------------------
const tiles = {};
for (const [id, name] of Object.entries(AREAS)) {
  const node = $("tile").content.firstElementChild.cloneNode(true);
  node.dataset.area = id;
  node.querySelector(".name").textContent = name;
  $("tiles").insertBefore(node, $("summary"));
  tiles[id] = node;
}

function deltaText(delta) {
  if (delta === null || delta === undefined) return null;
  const d = Math.round(delta);  // the arrow follows the figure shown, not the unrounded one
  const arrow = d > 0 ? "▲" : d < 0 ? "▼" : "■";
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  return `${arrow}\u00a0${sign}${num.format(Math.abs(d))}\u00a0pe`;
}

function renderDelta(el, base) {
  const d = base && base.delta_pp;
  el.replaceChildren();
  if (!d) { el.textContent = "Ingen jämförelse än"; return; }
  for (const s of ["negative", "positive"]) {
    const span = document.createElement("span");
    span.className = s === "negative" ? "neg" : "pos";
    span.textContent = `${SV[s]} ${deltaText(d[s])}`;
    el.append(span);
  }
}

function renderSpark(svg, values) {
  const NS = "http://www.w3.org/2000/svg";
  const w = 360, h = 60, step = w / Math.max(1, values.length - 1);
  const y = (v) => (h - 3 - v * (h - 6)).toFixed(1);
  svg.replaceChildren();
  let run = [];
  const flush = () => {
    if (run.length === 1) {
      const c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", run[0][0]); c.setAttribute("cy", run[0][1]); c.setAttribute("r", 4);
      svg.append(c);
    } else if (run.length > 1) {
      const p = document.createElementNS(NS, "polyline");
      p.setAttribute("points", run.map((xy) => xy.join(",")).join(" "));
      svg.append(p);
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null) flush(); else run.push([(i * step).toFixed(1), y(v)]);
  });
  flush();
}

function renderTile(node, area, spark) {
  const n = area.n;
  node.classList.toggle("empty", n === 0);
  node.querySelectorAll(".share").forEach((el, i) => {
    el.querySelector(".v").textContent = n ? pct(area.shares[SENTIMENTS[i]]) : "–";
  });
  node.querySelectorAll(".stack i").forEach((el, i) => {
    el.style.width = `${n ? area.shares[SENTIMENTS[i]] * 100 : 0}%`;
  });
  renderDelta(node.querySelector(".delta"), area.baselines && area.baselines.previous);
  renderSpark(node.querySelector(".spark"), spark ? spark.negative : []);
  node.querySelector(".n").textContent = `${num.format(n)} kommentar${n === 1 ? "" : "er"}`;
}

function renderAlerts(alerts) {
  const box = $("alerts");
  box.hidden = alerts.length === 0;
  box.replaceChildren(...alerts.map((a) => {
    const p = document.createElement("p");
    p.className = `alert ${a.severity}`;
    p.dataset.area = a.area;
    const b = document.createElement("b");
    b.className = `sev-${a.severity}`;
    b.textContent = a.severity === "critical" ? "Kritiskt larm" : "Varning";
    p.append(b, " ", a.message);
    return p;
  }));
}

function fillMunicipalities(names) {
  const have = new Set([...muniSel.options].map((o) => o.value));
  const wanted = [...names];
  if (state.municipality && !names.includes(state.municipality)) wanted.push(state.municipality);
  for (const m of wanted.sort((a, b) => a.localeCompare(b, "sv"))) {
    if (have.has(m)) continue;
    const o = document.createElement("option");
    o.value = m; o.textContent = m;
    // Keep the list sorted: insert before the first option that sorts after it.
    const after = [...muniSel.options].slice(1).find((x) => x.value.localeCompare(m, "sv") > 0);
    muniSel.insertBefore(o, after || null);
  }
  muniSel.value = state.municipality;
}

function render(snap) {
  fillMunicipalities(snap.municipalities || []);
  for (const [id, node] of Object.entries(tiles)) {
    renderTile(node, snap.areas[id], snap.sparklines && snap.sparklines.areas[id]);
  }
  renderAlerts(snap.alerts || []);
  $("total").textContent = num.format(snap.comments);
  $("span").textContent = snap.start
    ? `${winSel.selectedOptions[0].textContent}: ${hhmm(new Date(snap.start))}–${hhmm(new Date(snap.end))}`
    : winSel.selectedOptions[0].textContent;
  document.body.dataset.comments = snap.comments;
}

// -- connection -------------------------------------------------------------------------
function contact(generatedAt) {
  lastContact = Date.now();
  everConnected = true;
  $("updated").textContent = `Uppdaterad ${hhmmss(new Date(generatedAt))}`;
  $("stale").hidden = true;
}

function showStale() {
  const el = $("stale");
  el.textContent = everConnected
    ? `Ingen kontakt sedan ${hhmm(new Date(lastContact))} – siffrorna kan vara inaktuella`
    : "Ingen kontakt med servern än – försöker igen";
  el.hidden = false;
}

function connect() {
  if (source) source.close();
  const q = new URLSearchParams({ window: state.window });
  if (state.municipality) q.set("municipality", state.municipality);
  history.replaceState(null, "", `${location.pathname}?${q}`);
  $("place").textContent = state.municipality || "Hela landet";
  document.title = `Pulsen – ${state.municipality || "Hela landet"}`;
  source = new EventSource(`/api/live?${q}`);
  source.onmessage = (e) => {
    const snap = JSON.parse(e.data);
    render(snap);
    contact(snap.generated_at);
  };
  source.addEventListener("tick", (e) => contact(JSON.parse(e.data).generated_at));
  // EventSource reconnects by itself; meanwhile say plainly that the figures may be old.
  source.onerror = showStale;
}

muniSel.addEventListener("change", () => { state.municipality = muniSel.value; connect(); });
winSel.addEventListener("change", () => { state.window = winSel.value; connect(); });
setInterval(() => { if (Date.now() - (lastContact || startedAt) > STALE_MS) showStale(); }, 1000);

winSel.value = state.window;
fillMunicipalities([]);
connect();
