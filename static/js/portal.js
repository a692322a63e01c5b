/* Applicant portal: rows that can be added and removed, live totals,
   autosave, and a local copy of unsaved input (e.g. when the login has
   expired). Every page works without this script; it only makes it easier. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* --- Amounts in the page's language (as funding/amounts.py) -------- */

  var language = (document.documentElement.lang || "de").split("-")[0];
  var pointDecimal = language === "en" || language === "ar";

  function parseAmount(text) {
    var core = (text || "").replace(/[\s\u00a0\u202f€]/g, "");
    if (!core) { return 0; }
    if (pointDecimal) {
      if (/^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]{1,2})?$/.test(core) || /^[0-9]+(\.[0-9]{1,2})?$/.test(core)) {
        return Number(core.replace(/,/g, ""));
      }
      if (/^[0-9]+,[0-9]{1,2}$/.test(core)) { return Number(core.replace(",", ".")); }
      return NaN;
    }
    if (/^[0-9]{1,3}(\.[0-9]{3})+(,[0-9]{1,2})?$/.test(core) || /^[0-9]+(,[0-9]{1,2})?$/.test(core)) {
      return Number(core.replace(/\./g, "").replace(",", "."));
    }
    if (/^[0-9]+\.[0-9]{1,2}$/.test(core)) { return Number(core); }
    return NaN;
  }

  function formatAmount(value) {
    var parts = value.toFixed(2).split(".");
    var group = pointDecimal ? "," : language === "uk" ? "\u202f" : ".";
    var figure = parts[0].replace(/\B(?=([0-9]{3})+(?![0-9]))/g, group) + (pointDecimal ? "." : ",") + parts[1];
    return language === "en" ? "€" + figure : figure + "\u00a0€";
  }

  function sumOf(inputs) {
    var total = 0, valid = true;
    inputs.forEach(function (input) {
      var row = input.closest("[data-row]");
      if (row && row.hidden) { return; }
      var value = parseAmount(input.value);
      if (isNaN(value)) { valid = false; } else { total += value; }
    });
    return { total: total, valid: valid };
  }

  /* --- Live totals ---------------------------------------------------- */

  function updateTotals(root) {
    root.querySelectorAll("[data-sum]").forEach(function (output) {
      var group = output.getAttribute("data-sum");
      var result = sumOf(root.querySelectorAll('input[data-amount][data-group="' + group + '"]'));
      output.textContent = result.valid ? formatAmount(result.total) : output.getAttribute("data-invalid");
      output.setAttribute("data-value", result.total);
    });
    root.querySelectorAll("[data-balance]").forEach(function (output) {
      var costs = Number(output.getAttribute("data-costs"));
      var result = sumOf(root.querySelectorAll('input[data-amount][data-group="' + output.getAttribute("data-balance") + '"]'));
      var diff = Math.round((costs - result.total) * 100) / 100;
      var key = !result.valid ? "data-invalid" : diff === 0 ? "data-ok" : diff > 0 ? "data-missing" : "data-surplus";
      output.textContent = output.getAttribute(key).replace("%s", formatAmount(Math.abs(diff)));
      output.className = "balance " + (diff === 0 && result.valid ? "balance-ok" : "balance-off");
    });
    root.querySelectorAll("input[data-planned]").forEach(function (input) {
      var warning = document.getElementById(input.getAttribute("data-warning"));
      var value = parseAmount(input.value);
      if (warning) { warning.hidden = !(value > Number(input.getAttribute("data-planned")) * 1.2); }
    });
  }

  /* --- Rows: add and remove ------------------------------------------- */

  function setupRows(table) {
    var prefix = table.getAttribute("data-rows");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = table.querySelector("template");
    var body = table.querySelector("tbody");
    var addButton = document.querySelector('[data-add-row="' + prefix + '"]');
    if (!total || !template || !body || !addButton) { return; }
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var index = Number(total.value);
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = body.lastElementChild;
      setupRemove(row);
      var first = row.querySelector("select, input, textarea");
      if (first) { first.focus(); }
    });
    body.querySelectorAll("[data-row]").forEach(setupRemove);
  }

  function setupRemove(row) {
    var button = row.querySelector("[data-remove-row]");
    var checkbox = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    if (!button || !checkbox) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      checkbox.checked = true;
      row.hidden = true;
      announce(button.getAttribute("data-removed"));
      var form = row.closest("form");
      updateTotals(form);
      form.dispatchEvent(new Event("input"));
    });
  }

  function announce(text) {
    var status = document.querySelector("[data-autosave-status]");
    if (status && text) { status.textContent = text; }
  }

  /* --- Autosave and the local copy ------------------------------------- */

  function storageKey(form) { return "portal-draft:" + form.getAttribute("data-autosave-url"); }

  function formEntries(form) {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { entries.push([name, value]); }
    });
    return entries;
  }

  function keepLocalCopy(form) {
    try {
      localStorage.setItem(storageKey(form), JSON.stringify({
        renderedAt: Number(form.getAttribute("data-rendered-at")), entries: formEntries(form)
      }));
    } catch (error) { /* storage full or disabled: the server copy still counts */ }
  }

  function dropLocalCopy(form) {
    try { localStorage.removeItem(storageKey(form)); } catch (error) { /* ignore */ }
  }

  function restoreLocalCopy(form) {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(storageKey(form)) || "null"); } catch (error) { stored = null; }
    if (!stored) { return false; }
    if (stored.renderedAt < Number(form.getAttribute("data-saved-at"))) { dropLocalCopy(form); return false; }
    restoreEntries(form, stored.entries);
    return true;
  }

  function restoreEntries(form, entries) {
    form.querySelectorAll('input[type="checkbox"]').forEach(function (box) { box.checked = false; });
    entries.forEach(function (entry) {
      var name = entry[0], value = entry[1];
      if (/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) { return; }
      ensureRow(form, name);
      var field = form.elements.namedItem(name);
      if (!field) { return; }
      if (field.type === "checkbox") { field.checked = true; } else if (field.value !== undefined) { field.value = value; }
      if (/-DELETE$/.test(name)) { field.closest("[data-row]").hidden = true; }
    });
  }

  function ensureRow(form, name) {
    var match = /^([a-z]+)-(\d+)-/.exec(name);
    if (!match) { return; }
    var total = form.elements.namedItem(match[1] + "-TOTAL_FORMS");
    var button = document.querySelector('[data-add-row="' + match[1] + '"]');
    var wanted = Math.min(Number(match[2]) + 1, 200);
    for (var guard = 0; total && button && Number(total.value) < wanted && guard < 200; guard += 1) { button.click(); }
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]") || document.querySelector("[data-autosave-status]");
    var timer = null, dirty = false, submitting = false;

    function show(text, problem) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.toggle("autosave-problem", Boolean(problem));
    }

    function save() {
      timer = null;
      if (!dirty) { return; }
      dirty = false;
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          var json = (response.headers.get("content-type") || "").indexOf("json") !== -1;
          if (!json) { throw new Error("login"); }
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          show(result.data.message, !result.ok);
          if (result.ok && result.data.saved) {
            form.setAttribute("data-rendered-at", String(result.data.saved_at));
            dropLocalCopy(form);
          }
        })
        .catch(function () { dirty = true; show(form.getAttribute("data-offline-message"), true); });
    }

    form.addEventListener("input", function () {
      dirty = true;
      keepLocalCopy(form);
      updateTotals(form);
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 2500);
    });
    form.addEventListener("change", function () { updateTotals(form); });
    form.addEventListener("submit", function () { submitting = true; keepLocalCopy(form); });
    window.addEventListener("pagehide", function () {
      if (dirty && !submitting && navigator.sendBeacon) { navigator.sendBeacon(url, new FormData(form)); }
    });
    if (restoreLocalCopy(form)) {
      show(form.getAttribute("data-restored-message"), true);
      dirty = true;
      save();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rows]").forEach(setupRows);
    document.querySelectorAll("form[data-autosave-url]").forEach(setupAutosave);
    document.querySelectorAll("form").forEach(updateTotals);
  });
})();
