// The sandbox page: draws what the server renders for the chosen person, and sends what they
// do (a command, a press, a form) back to the server, which passes it to the bot as Slack would.
"use strict";
const $ = (id) => document.getElementById(id);
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ui = {
  as: localStorage.getItem("sandbox.as") || "",
  conv: "", thread: "", tab: "messages", modalKey: "", modalId: "", lastState: null,
};
let pollTimer = null;
const LOCK = '<svg class="lock" viewBox="0 0 16 16" width="12" height="12" aria-label="private"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 1 0-4 0z"/></svg> ';

async function api(path, body) {
  const response = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({as: ui.as, ...body})});
  const answer = await response.json().catch(() => ({ok: false}));
  if (!answer.ok) toast(answer.error || "The bot did not accept that (HTTP " + (answer.status || response.status) + ")");
  soon();
  return answer;
}

function toast(text) {
  const el = $("toast");
  el.textContent = text; el.hidden = false;
  clearTimeout(el.timer); el.timer = setTimeout(() => { el.hidden = true; }, 4000);
}

function soon() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, 150);
}

function setHTML(el, html) {
  if (el.dataset.last === html) return false;
  // Conversations stick to their newest message, as in Slack; Home starts at its top.
  const stick = el.classList.contains("messages");
  const atBottom = stick && (!el.dataset.last || el.scrollHeight - el.scrollTop - el.clientHeight < 80);
  const values = collect(el);
  el.innerHTML = html; el.dataset.last = html;
  restore(el, values);
  if (atBottom) el.scrollTop = el.scrollHeight;
  return true;
}

// -- values of Block Kit elements --------------------------------------------------------------
function valueOf(el) {
  const type = el.dataset.type;
  if (type === "button") return el.dataset.value || "";
  if (["multi_users_select", "multi_static_select", "checkboxes"].includes(type))
    return [...el.querySelectorAll("input:checked")].map((i) => i.value);
  if (type === "radio_buttons") {
    const checked = el.querySelector("input:checked");
    return checked ? checked.value : null;
  }
  return el.value === "" ? null : el.value;
}

function collect(container) {
  return [...container.querySelectorAll("[data-input]")].map((el) => ({
    block_id: el.dataset.blockId, action_id: el.dataset.actionId, type: el.dataset.type,
    value: valueOf(el)}));
}

function restore(container, values) {
  for (const v of values) {
    const el = [...container.querySelectorAll("[data-input]")].find(
      (e) => e.dataset.blockId === v.block_id && e.dataset.actionId === v.action_id);
    if (!el) continue;
    if (Array.isArray(v.value) || el.dataset.type === "radio_buttons") {
      const chosen = [].concat(v.value || []);
      el.querySelectorAll("input").forEach((i) => { i.checked = chosen.includes(i.value); });
    } else if (v.value !== null) el.value = v.value;
  }
}

function whereOf(el) {
  if (el.closest("#modal")) return {kind: "modal"};
  if (el.closest("#home")) return {kind: "home"};
  const msg = el.closest("[data-kind]");
  return {kind: msg.dataset.kind, channel: msg.dataset.channel, ts: msg.dataset.ts};
}

async function dispatch(el) {
  const run = async () => {
    const container = el.closest("#modal-body") || el.closest("#home") || el.closest(".msg");
    await api("/api/action", {where: whereOf(el), block_id: el.dataset.blockId,
      action_id: el.dataset.actionId, value: valueOf(el), state: collect(container)});
  };
  if (el.dataset.confirm) return askConfirm(JSON.parse(el.dataset.confirm), run, el);
  return run();
}

function askConfirm(confirm, run, el) {
  $("confirm-title").innerHTML = confirm.title;
  $("confirm-text").innerHTML = confirm.text;
  $("confirm-yes").innerHTML = confirm.confirm;
  $("confirm-yes").className = "bk-button bk-" + (confirm.style || "primary");
  $("confirm-no").innerHTML = confirm.deny;
  $("confirm").hidden = false;
  $("confirm-yes").onclick = () => { $("confirm").hidden = true; run(); };
  $("confirm-no").onclick = () => { $("confirm").hidden = true; if (el.tagName === "SELECT") el.selectedIndex = 0; };
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-dispatch]");
  if (button) { event.preventDefault(); dispatch(button); return; }
  const replies = event.target.closest("button.replies");
  if (replies) { ui.thread = replies.dataset.thread; $("thread").dataset.last = ""; poll(); }
});
document.addEventListener("change", (event) => {
  const el = event.target.closest("[data-dispatch]");
  if (el && el.tagName !== "BUTTON" && !el.closest(".bk-multi")) dispatch(el);
});

// -- drawing ---------------------------------------------------------------------------------
function drawTop(state) {
  $("team").textContent = state.team;
  const select = $("person");
  if (select.options.length !== state.people.length) {
    select.innerHTML = state.people.map((p) =>
      `<option value="${esc(p.id)}">${esc(p.name)} — ${esc(p.role)}</option>`).join("");
  }
  select.value = ui.as;
  $("now").textContent = state.clock.now;
  $("now").title = "Shown in " + state.clock.zone + (state.clock.next ? "; next planned: " + state.clock.next : "");
  $("next").disabled = !state.clock.next;
  $("next").title = state.clock.next ? "Jump to " + state.clock.next : "Nothing planned";
  if (document.activeElement !== $("speed")) $("speed").value = String(state.clock.speed);
  $("ncalls").textContent = state.calls.length;  // at most the newest 500
}

function drawSidebar(state) {
  const html = '<div class="section-title">Channels</div>' + state.conversations.map((c) =>
    `<button type="button" class="conv${c.id === ui.conv ? " active" : ""}" data-conv="${c.id}">` +
    (c.kind === "channel" ? (c.private ? LOCK : "# ") + c.name : c.name + ' <span class="app-badge">APP</span>') +
    "</button>").join("").replace('<button type="button" class="conv', '<button type="button" class="conv first');
  setHTML($("sidebar"), html);
}

function drawCalls(state) {
  const rows = state.calls.slice().reverse().map((c) =>
    `<tr class="${c.ok ? "" : "failed"}"><td>${esc(c.at)}</td><td><code>${esc(c.method)}</code>` +
    `${c.ok ? "" : " ⚠ " + esc(c.error)}</td><td>${esc(c.channel)}</td><td>${esc(c.scopes)}</td></tr>`).join("");
  if (!$("calls-pane").hidden) setHTML($("calls"), rows);
}

function drawModal(state) {
  const modal = state.modal;
  if (!modal) { $("modal").hidden = true; ui.modalKey = ""; ui.modalId = ""; return; }
  $("modal").hidden = false;
  if (modal.key === ui.modalKey) return;
  const body = $("modal-body");
  const keep = modal.id === ui.modalId ? collect(body) : [];
  body.innerHTML = modal.html;
  restore(body, keep);
  $("modal-title").innerHTML = modal.title;
  $("modal-submit").innerHTML = modal.submit;
  $("modal-submit").hidden = !modal.submit;
  $("modal-close").innerHTML = modal.close;
  $("modal-back").hidden = !modal.back;
  const error = body.querySelector(".bk-error");
  if (error) error.scrollIntoView({block: "center"});
  else if (modal.id !== ui.modalId) body.scrollTop = 0;
  ui.modalKey = modal.key; ui.modalId = modal.id;
}

function draw(state) {
  ui.lastState = state;
  if (!ui.conv) ui.conv = state.conversations[0].id;
  drawTop(state);
  drawSidebar(state);
  const conv = state.conversations.find((c) => c.id === ui.conv) || state.conversations[0];
  const isApp = conv.kind === "app";
  $("conv-title").innerHTML = isApp ? conv.name : (conv.private ? LOCK : "# ") + conv.name;
  $("tabs").hidden = !isApp;
  if (!isApp) ui.tab = "messages";
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === ui.tab));
  const home = isApp && ui.tab === "home";
  $("home").hidden = !home; $("messages").hidden = home; $("composer").hidden = home;
  $("text").placeholder = isApp ? "Message Intervisie — try /intervisie help" : "Message " + conv.name + " — try /intervisie setup";
  if (home) setHTML($("home"), state.home); else setHTML($("messages"), state.messages);
  $("thread-pane").hidden = !ui.thread;
  if (ui.thread) setHTML($("thread"), state.thread);
  drawCalls(state);
  drawModal(state);
}

async function poll() {
  clearTimeout(pollTimer);
  try {
    const params = new URLSearchParams({as: ui.as, conv: ui.conv, thread: ui.thread});
    const response = await fetch("/api/state?" + params);
    if (response.ok) draw(await response.json());
    else toast("The sandbox answered HTTP " + response.status);
  } catch (error) { /* the sandbox may be restarting; try again */ }
  pollTimer = setTimeout(poll, 1000);
}

// -- controls --------------------------------------------------------------------------------
$("person").addEventListener("change", (e) => {
  ui.as = e.target.value; localStorage.setItem("sandbox.as", ui.as);
  ui.modalKey = "";
  // In the channel everyone sees the same thread; a DM is the new person's own.
  if (ui.conv.startsWith("D")) { ui.conv = "D" + ui.as; ui.thread = ""; }
  document.querySelectorAll("[data-last]").forEach((el) => { el.dataset.last = ""; });
  if (ui.tab === "home") { $("home").dataset.last = ""; api("/api/home", {}); } else poll();
});
$("sidebar").addEventListener("click", (e) => {
  const button = e.target.closest("[data-conv]");
  if (!button) return;
  ui.conv = button.dataset.conv; ui.thread = "";
  $("messages").dataset.last = "";
  if (ui.conv.startsWith("D")) { ui.tab = "home"; api("/api/home", {}); } else poll();
});
$("tabs").addEventListener("click", (e) => {
  const tab = e.target.closest("[data-tab]");
  if (!tab) return;
  ui.tab = tab.dataset.tab;
  if (ui.tab === "home") api("/api/home", {}); else poll();
});
$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("text").value; $("text").value = "";
  if (text.trim()) api("/api/send", {conv: ui.conv, text});
});
$("thread-composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("thread-text").value; $("thread-text").value = "";
  if (text.trim()) api("/api/send", {conv: ui.conv, thread: ui.thread, text});
});
$("thread-close").addEventListener("click", () => { ui.thread = ""; poll(); });
$("calls-toggle").addEventListener("click", () => { $("calls-pane").hidden = !$("calls-pane").hidden; $("calls").dataset.last = ""; poll(); });
$("calls-close").addEventListener("click", () => { $("calls-pane").hidden = true; });
$("modal-submit").addEventListener("click", () => api("/api/submit", {state: collect($("modal-body"))}));
const closeModal = () => api("/api/close", {state: collect($("modal-body"))});
$("modal-close").addEventListener("click", closeModal);
$("modal-x").addEventListener("click", closeModal);
$("modal-back").addEventListener("click", closeModal);
$("next").addEventListener("click", () => api("/api/clock", {op: "next"}));
$("day").addEventListener("click", () => api("/api/clock", {op: "day"}));
$("speed").addEventListener("change", (e) => api("/api/clock", {op: "speed", speed: Number(e.target.value)}));

(async () => {
  const first = await (await fetch("/api/state")).json();
  if (!first.people.some((p) => p.id === ui.as)) ui.as = first.people[0].id;
  poll();
})();
