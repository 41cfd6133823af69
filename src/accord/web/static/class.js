// The organiser's form and the teacher's page: plain fetch, no library.
(function () {
  "use strict";
  var msg = document.getElementById("msg");
  function say(text, bad) { if (msg) { msg.textContent = text; msg.className = bad ? "error" : ""; } }

  var form = document.getElementById("new-class");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = form.elements, seats = {}, config = {};
      var lines = f.seats.value.split("\n");
      for (var i = 0; i < lines.length; i++) {
        var line = lines[i].trim();
        if (!line) { continue; }
        var eq = line.indexOf("=");
        if (eq < 1) { say("Seats: write SEAT=STRATEGY, one per line (found \"" + line + "\").", true); return; }
        seats[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      }
      if (f.days.value) { config.days = Number(f.days.value); }
      if (f.rounds_per_day.value) { config.rounds_per_day = Number(f.rounds_per_day.value); }
      var body = { scenario: f.scenario.value, tables: Number(f.tables.value), protocol: f.protocol.value, config: config, seats: seats, name: f.name.value };
      say("Creating…", false);
      fetch("/api/classes", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (doc) { if (!r.ok) { throw new Error(doc.detail || r.status); } return doc; }); })
        .then(function (doc) {
          var rows = document.getElementById("rows"), csv = [["table", "seat", "link"]];
          rows.textContent = "";
          doc.tables.forEach(function (t) {
            Object.keys(t.links).forEach(function (seat) {
              var tr = document.createElement("tr");
              [String(t.table), seat].forEach(function (x) { var td = document.createElement("td"); td.textContent = x; tr.appendChild(td); });
              var td = document.createElement("td"), a = document.createElement("a");
              a.href = t.links[seat]; a.textContent = t.links[seat]; td.appendChild(a); tr.appendChild(td);
              rows.appendChild(tr);
              csv.push([String(t.table), seat, t.links[seat]]);
            });
          });
          document.getElementById("teacher").href = doc.link;
          document.getElementById("csv").href = "data:text/csv;charset=utf-8," + encodeURIComponent(csv.map(function (r) { return r.join(","); }).join("\n") + "\n");
          document.getElementById("links").hidden = false;
          say("Created " + doc.tables.length + " tables.", false);
        })
        .catch(function (e) { say(String(e.message || e), true); });
    });
  }

  var token = document.body.dataset.token, live = document.getElementById("live");
  if (token && live) {
    var timer = setInterval(function () {
      fetch("/class/" + encodeURIComponent(token) + "/progress", { cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error("the page could not be updated (" + r.status + ")"); } return r.text(); })
        .then(function (html) {
          live.innerHTML = html;
          var l = live.querySelector(".live");
          if (l && l.dataset.done === "1") { clearInterval(timer); }
        })
        .catch(function (e) { say(e.message, true); });
    }, 2000);
  }
})();
