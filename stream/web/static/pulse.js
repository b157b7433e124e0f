// First plain page: polls /api/pulse and shows shares per area (the wallboard replaces it).
"use strict";
const AREAS = {
  digital_services: "Digitala tjänster", waiting_time: "Väntetid",
  caseworker_service: "Handläggarens service", municipal_services: "Kommunala tjänster",
  overall_experience: "Upplevelse",
};
const params = new URLSearchParams(location.search);
const muniSel = document.getElementById("municipality");
const winSel = document.getElementById("window");
const pct = (x) => `${Math.round(x * 100)} %`;

function option(select, value, text) {
  if ([...select.options].some((o) => o.value === value)) return;
  const o = document.createElement("option"); o.value = value; o.textContent = text;
  select.appendChild(o);
}

async function refresh() {
  const q = new URLSearchParams({ window: winSel.value || params.get("window") || "all" });
  const muni = muniSel.value || params.get("municipality") || "";
  if (muni) q.set("municipality", muni);
  const status = document.getElementById("status");
  try {
    const res = await fetch(`/api/pulse?${q}`);
    const data = await res.json();
    for (const w of data.windows) option(winSel, w, w === "all" ? "Hela tiden" : `Senaste ${w}`);
    for (const m of data.municipalities) option(muniSel, m, m);
    if (!winSel.value) winSel.value = q.get("window");
    if (muni) muniSel.value = muni;
    document.getElementById("total").textContent = `${data.comments} kommentarer`;
    const body = document.querySelector("#pulse tbody");
    body.replaceChildren(...Object.entries(AREAS).map(([id, name]) => {
      const a = data.areas[id]; const tr = document.createElement("tr");
      tr.dataset.area = id;
      tr.innerHTML = `<td>${name}</td><td>${a.n}</td><td class="neg">${pct(a.shares.negative)}</td>` +
        `<td class="skep">${pct(a.shares.skeptical)}</td><td class="pos">${pct(a.shares.positive)}</td>`;
      return tr;
    }));
    status.textContent = `Uppdaterad ${new Date().toLocaleTimeString("sv-SE")}`;
    status.classList.remove("stale");
  } catch (err) {
    status.textContent = "Ingen kontakt med servern – visar gamla siffror";
    status.classList.add("stale");
  }
}
muniSel.addEventListener("change", refresh);
winSel.addEventListener("change", refresh);
refresh();
setInterval(refresh, 2000);
