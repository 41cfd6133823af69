// The room's live part: Server-Sent Events reload it, forms post actions. No library, no build step.
(function () {
  "use strict";
  var body = document.body;
  var sid = body.dataset.sid, token = body.dataset.token;
  var radices = (body.dataset.radices || "").split(",").map(Number);
  var live = document.getElementById("live"), msg = document.getElementById("msg");
  var auth = { Authorization: "Bearer " + token };
  var source = null, loading = false, again = false;

  function current() { return live.querySelector(".live"); }
  function length() { var l = current(); return l ? Number(l.dataset.length) : 0; }
  function say(text, bad) { msg.textContent = text; msg.className = bad ? "error" : ""; }

  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    var hadFocus = live.contains(document.activeElement);
    fetch("/room/" + sid + "/live", { headers: auth, cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error("the page could not be updated (" + r.status + ")"); } return r.text(); })
      .then(function (html) {
        live.innerHTML = html;
        body.dataset.length = String(length());
        if (hadFocus) { var h = live.querySelector("h2"); if (h) { h.tabIndex = -1; h.focus(); } }
        if (current() && current().dataset.over === "1" && source) { source.close(); source = null; }
        document.dispatchEvent(new CustomEvent("accord:updated"));
      })
      .catch(function (e) { say(e.message, true); })
      .finally(function () { loading = false; if (again) { again = false; refresh(); } });
  }

  function listen() {
    if (current() && current().dataset.over === "1") { return; }
    source = new EventSource("/api/sessions/" + sid + "/stream?token=" + encodeURIComponent(token) + "&since=" + length());
    source.addEventListener("view", function (ev) {
      var doc = JSON.parse(ev.data);
      if (doc.length !== length()) { refresh(); }
    });
    source.addEventListener("end", function () { if (source) { source.close(); source = null; } refresh(); });
  }

  function digitsOf(form, prefix) {
    var out = [];
    for (var j = 0; j < radices.length; j++) {
      var s = form.querySelector("select[name='" + prefix + "-" + j + "']");
      out.push(s ? Number(s.value) : 0);
    }
    return out;
  }
  function indexOf(digits) {
    var idx = 0;
    for (var j = 0; j < radices.length; j++) { idx = idx * radices[j] + digits[j]; }
    return idx;
  }
  function num(form, name) { var el = form.querySelector("[name='" + name + "']"); return el ? Number(el.value) : 0; }

  function actionOf(form) {
    var kind = form.dataset.kind, group = current().dataset.group || "";
    var act = { kind: kind, expected_seq: length() };
    if (kind === "open" || kind === "offer") { act.outcome = indexOf(digitsOf(form, "o")); }
    if (kind === "propose") { act.outcome = indexOf(digitsOf(form, "d")); }
    if (kind === "propose" || kind === "accept" || kind === "veto" || kind === "critique") { act.group = group; }
    if (kind === "critique") {
      act.issues = Array.prototype.map.call(form.querySelectorAll("input[type=checkbox]:checked"), function (c) { return Number(c.value); });
      if (!act.issues.length) { throw new Error("Name at least one issue to critique."); }
    }
    if (kind === "report") {
      var weights = [], values = [], red = [], total = 0;
      for (var j = 0; j < radices.length; j++) {
        var w = num(form, "w-" + j);
        if (!(w >= 0)) { throw new Error("Weights must be numbers of at least 0."); }
        weights.push(w); total += w;
        var row = [];
        for (var k = 0; k < radices[j]; k++) {
          var v = num(form, "v-" + j + "-" + k);
          if (!(v >= 0 && v <= 1)) { throw new Error("Option values must lie between 0 and 1."); }
          row.push(v);
          var c = form.querySelector("[name='r-" + j + "-" + k + "']");
          if (c && c.checked) { red.push([j, k]); }
        }
        values.push(row);
      }
      if (!(total > 0)) { throw new Error("At least one weight must be above 0."); }
      var reservation = num(form, "reservation");
      if (!(reservation >= 0 && reservation <= 1)) { throw new Error("The reservation value must lie between 0 and 1."); }
      act.report = { weights: weights.map(function (w) { return w / total; }), values: values, reservation: reservation, red_lines: red };
    }
    return act;
  }

  live.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList.contains("act")) { return; }
    ev.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { return; }
    var act;
    try { act = actionOf(form); } catch (e) { say(e.message, true); return; }
    Array.prototype.forEach.call(live.querySelectorAll("button"), function (b) { b.disabled = true; });
    say("Sending…", false);
    fetch("/api/sessions/" + sid + "/actions", {
      method: "POST", headers: Object.assign({ "Content-Type": "application/json" }, auth), body: JSON.stringify(act)
    }).then(function (r) {
      return r.json().then(function (doc) {
        if (!r.ok) { throw new Error(doc.detail || ("refused (" + r.status + ")")); }
        say("Done: " + act.kind + ".", false);
      });
    }).catch(function (e) { say(e.message, true); }).finally(refresh);
  });

  function verdicts(form) {
    var box = document.getElementById("verdicts");
    if (!box) { return; }
    fetch("/room/" + sid + "/draft?digits=" + digitsOf(form, "d").join(","), { headers: auth, cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("no verdicts (" + r.status + ")")); })
      .then(function (html) { box.innerHTML = html; })
      .catch(function (e) { say(e.message, true); });
  }
  function setDraft(digits) {
    var form = live.querySelector(".draft-form");
    if (!form) { return; }
    digits.forEach(function (d, j) {
      var s = form.querySelector("select[name='d-" + j + "']");
      if (s && !s.disabled) { s.value = String(d); }
    });
    verdicts(form);
  }

  live.addEventListener("change", function (ev) {
    var form = ev.target.closest && ev.target.closest(".draft-form");
    if (form && ev.target.tagName === "SELECT" && ev.target.name !== "strategy") { verdicts(form); }
  });
  live.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("button");
    if (!b) { return; }
    if (b.classList.contains("use-digits")) { setDraft(b.dataset.digits.split(",").map(Number)); say("The estimated Nash package is in the draft.", false); }
    if (b.classList.contains("suggest")) {
      var strategy = live.querySelector(".draft-form select[name=strategy]").value;
      say("Asking " + strategy + "…", false);
      fetch("/room/" + sid + "/suggest?strategy=" + encodeURIComponent(strategy), { headers: auth, cache: "no-store" })
        .then(function (r) { return r.json().then(function (doc) { if (!r.ok) { throw new Error(doc.detail); } return doc; }); })
        .then(function (doc) { setDraft(doc.digits); say(doc.strategy + " suggests this draft.", false); document.dispatchEvent(new CustomEvent("accord:suggested")); })
        .catch(function (e) { say(e.message, true); });
    }
  });

  listen();
})();
