/* The demand form, made easier with JavaScript and still whole without it:
   - the school picker: type part of a name or code, pick from suggestions, the picks become chips and
     their codes go into the form's own field (which, without this script, takes codes typed by hand);
   - the live pre-check: the form as it stands is sent to the same pre-check saving runs, and its
     findings and route are shown beside the form. Every word shown comes from the page (translated). */
(function () {
  "use strict";
  const form = document.getElementById("demand-form");
  if (!form) return;

  function debounce(fn, ms) {
    let timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function element(tag, attrs, text) {
    const el = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /* ---- the live pre-check ---- */
  const panel = document.getElementById("live-precheck");
  const status = panel.querySelector(".live-status");
  const results = panel.querySelector(".live-findings");
  const say = panel.dataset;
  let asked = 0;

  function showFindings(answer) {
    results.replaceChildren();
    answer.findings.forEach((f) => {
      const box = element("div", { class: "finding " + f.severity });
      box.append(element("strong", {}, f.severity_label), " " + f.message + " ",
        element("span", { class: "clause" }, say.clause.replace("{clause}", f.clause)));
      results.append(box);
    });
    status.textContent = answer.findings.length ? "" : say.clean;
    status.className = "live-status" + (answer.findings.length ? "" : " ok");
    if (answer.quota.limit !== null) {
      results.append(element("p", {}, say.quota.replace("{used}", answer.quota.used).replace("{limit}", answer.quota.limit)));
    }
    if (answer.route.length) {
      results.append(element("h3", {}, say.route));
      const route = element("ol", { class: "route" });
      answer.route.forEach((s) => route.append(element("li", {}, s.label + say.clause.replace("{clause}", s.clause))));
      results.append(route);
    }
    showProblems(answer.problems);
  }
  function showProblems(problems) {
    if (!problems || !problems.length) return;
    const list = element("ul", { class: "live-problems" });
    problems.forEach((p) => list.append(element("li", {}, p)));
    results.append(element("p", {}, say.problems), list);
  }

  async function precheck() {
    const mine = ++asked;
    status.textContent = say.waiting;
    status.className = "live-status";
    try {
      const response = await fetch(form.dataset.precheckUrl, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      const answer = await response.json();
      if (mine !== asked) return; // a later question is on its way: its answer wins
      if (response.ok) { showFindings(answer); return; }
      results.replaceChildren();
      status.textContent = answer.error || say.failed;
      showProblems(answer.problems);
    } catch (error) {
      if (mine === asked) { results.replaceChildren(); status.textContent = say.failed; }
    }
  }
  const precheckSoon = debounce(precheck, 400);
  panel.hidden = false;
  form.addEventListener("input", precheckSoon);
  form.addEventListener("change", precheckSoon);

  /* ---- the school picker ---- */
  const picker = form.querySelector(".school-picker");
  if (picker) {
    const codes = picker.querySelector("input[name=target_schools]");
    const label = picker.querySelector("label");
    const chosen = new Map(JSON.parse(document.getElementById("chosen-schools").textContent).map((s) => [s.code, s]));
    codes.value.split(/[、,，;；\s]+/).filter(Boolean).forEach((code) => {
      if (!chosen.has(code)) chosen.set(code, { code: code, name: code, county: "" });
    });
    const search = element("input", { type: "search", id: "school-search", autocomplete: "off", role: "combobox",
      "aria-autocomplete": "list", "aria-controls": "school-suggestions", "aria-expanded": "false" });
    const chips = element("ul", { class: "chips", "aria-live": "polite" });
    const suggestions = element("ul", { id: "school-suggestions", role: "listbox", class: "suggestions" });
    codes.type = "hidden";
    label.htmlFor = "school-search";
    label.textContent = picker.dataset.searchLabel;
    codes.after(chips, search, suggestions);

    function drawChips() {
      codes.value = [...chosen.keys()].join(",");
      chips.replaceChildren(...[...chosen.values()].map((s) => {
        const chip = element("li", { class: "chip" }, s.county ? s.name + "（" + s.county + "）" : s.name);
        const remove = element("button", { type: "button", "aria-label": picker.dataset.removeLabel + " " + s.name }, "×");
        remove.addEventListener("click", () => { chosen.delete(s.code); drawChips(); precheckSoon(); });
        chip.append(remove);
        return chip;
      }));
    }
    function pick(school) {
      chosen.set(school.code, school);
      drawChips();
      search.value = "";
      closeSuggestions();
      search.focus();
      precheckSoon();
    }
    function closeSuggestions() {
      suggestions.replaceChildren();
      search.setAttribute("aria-expanded", "false");
    }
    async function suggest() {
      const query = search.value.trim();
      if (query.length < 2) { closeSuggestions(); return; }
      const params = new URLSearchParams({ q: query });
      form.querySelectorAll("input[name=target_counties]:checked").forEach((c) => params.append("county", c.value));
      const response = await fetch(picker.dataset.searchUrl + "?" + params, { credentials: "same-origin" });
      if (!response.ok || search.value.trim() !== query) return;
      const found = (await response.json()).schools.filter((s) => !chosen.has(s.code));
      suggestions.replaceChildren(...found.map((s, i) => {
        const option = element("li", { role: "option", id: "school-option-" + i, tabindex: "-1" },
          s.name + "（" + s.county + "，" + s.code + "）");
        option.addEventListener("mousedown", (event) => { event.preventDefault(); pick(s); });
        option.addEventListener("keydown", (event) => {
          const to = { ArrowDown: option.nextElementSibling, ArrowUp: option.previousElementSibling || search }[event.key];
          if (event.key === "Enter") { event.preventDefault(); pick(s); }
          if (event.key === "Escape") { closeSuggestions(); search.focus(); }
          if (to) { event.preventDefault(); to.focus(); }
        });
        return option;
      }));
      if (!found.length) suggestions.append(element("li", { class: "muted" }, picker.dataset.noMatch));
      search.setAttribute("aria-expanded", "true");
    }
    const suggestSoon = debounce(suggest, 200);
    // Typing a search is not a change of the demand: it does not ask for a new pre-check.
    search.addEventListener("input", (event) => { event.stopPropagation(); suggestSoon(); });
    search.addEventListener("change", (event) => event.stopPropagation());
    search.addEventListener("keydown", (event) => {
      const first = suggestions.querySelector("[role=option]");
      if (event.key === "Enter") { event.preventDefault(); if (first) first.dispatchEvent(new MouseEvent("mousedown")); }
      if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
      if (event.key === "Escape") closeSuggestions();
    });
    drawChips();
  }
  if (form.querySelector("[name=start]").value) precheck(); // a form shown again (errors, editing) is judged at once
})();
