/* A trainer's day without signal (body[data-offline]; pages kept by static/js/sw.js): a write
   not sent waits in IndexedDB with a one-time key and the phone's time, shown and counted, and
   goes in order once there is signal. Without service workers, pages work as before. */
(function () {
  "use strict";

  var body = document.body;
  var user = body && body.getAttribute("data-offline");
  if (!user || !("serviceWorker" in navigator) || !window.indexedDB ||
      !window.crypto.randomUUID) {
    return;
  }
  var TEXT = {
    waiting: "Menunggu sinyal, belum terkirim.",
    journal: "Jurnal ini menunggu sinyal, belum terkirim.",
    marks: " tanda hadir",
    and: " dan ",
    journals: " jurnal",
    wait: " menunggu dikirim.",
    noSignal: " Belum ada sinyal.",
    expired: " Sesi Anda berakhir: masuk lagi untuk mengirimnya.",
    signIn: "Masuk",
    refused: "Ditolak server: "
  };
  if (body.hasAttribute("data-text")) {  /* the page's language, when not Indonesian */
    TEXT = JSON.parse(body.getAttribute("data-text"));
  }
  var WRITES = "#attendance .marks li fieldset, #journal form";
  var waiting = 0;
  var keeping = Boolean(navigator.serviceWorker.controller);  /* writes may wait */
  var expired = false;
  var refusals = [];
  var sending = null;

  /* The queue: one object store, in the order of the writes. */
  function queue(mode, work) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open("mtu", 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore("queue", {keyPath: "seq", autoIncrement: true});
      };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result;
        var transaction = db.transaction("queue", mode);
        var request = work(transaction.objectStore("queue"));
        transaction.oncomplete = function () { db.close(); resolve(request && request.result); };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      };
    });
  }
  function mine() {
    return queue("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return all.filter(function (item) { return item.user === user; });
    });
  }
  function drop(item) {
    return queue("readwrite", function (store) { return store.delete(item.seq); });
  }

  /* What waits, on the page. */
  function counter() {
    var line = document.getElementById("queue");
    if (!line) {
      line = document.querySelector("main").insertAdjacentElement(
        "afterbegin", document.createElement("p"));
      line.id = "queue";
      line.className = "flash warning";
      line.setAttribute("role", "status");
    }
    return line;
  }

  function show(items) {
    var marks = 0;
    var journals = 0;
    items.forEach(function (item) {
      if (item.kind === "mark") { marks += 1; } else { journals += 1; }
      if (item.page !== location.pathname) {
        return;
      }
      var place = item.kind === "mark" ? document.getElementById("e" + item.row)
        : document.querySelector("#journal form");
      if (!place) {
        return;
      }
      Object.keys(item.fields).forEach(function (name) {
        place.querySelectorAll("[name='" + name + "']").forEach(function (field) {
          if (field.type === "radio") {
            field.checked = field.value === item.fields[name];
          } else {
            field.value = item.fields[name];
          }
        });
      });
      place.classList.add("waiting");
      var note = place.querySelector(".waiting-note") ||
        place.appendChild(document.createElement("p"));
      note.className = "waiting-note";
      note.textContent = item.kind === "mark" ? TEXT.waiting : TEXT.journal;
    });
    waiting = items.length;
    var line = counter();
    var parts = [];
    if (marks) { parts.push(marks + TEXT.marks); }
    if (journals) { parts.push(journals + TEXT.journals); }
    line.textContent = refusals.join(" ");
    if (waiting) {
      line.textContent += (line.textContent ? " " : "") + parts.join(TEXT.and) + TEXT.wait +
        (expired ? TEXT.expired : navigator.onLine ? "" : TEXT.noSignal);
      if (expired) {
        var link = document.createElement("a");
        link.href = "/auth/login";
        link.textContent = TEXT.signIn;
        line.appendChild(document.createTextNode(" "));
        line.appendChild(link);
      }
    }
    line.hidden = !line.textContent;
  }

  function refresh() {
    /* Signing out deletes the database under an open page: nothing to show then. */
    return mine().then(show, function () { return null; });
  }

  /* Every tap and journal carries a key and the phone's time. */
  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (!element.matches || !element.matches(WRITES)) {
      return;
    }
    var fields = {client_key: crypto.randomUUID(), device_at: new Date().toISOString()};
    event.detail.formData.forEach(function (value, name) {
      if (name !== "csrf_token") { fields[name] = value; }
    });
    event.detail.parameters.client_key = fields.client_key;
    event.detail.parameters.device_at = fields.device_at;
    var row = element.closest("li");
    element.mtuWrite = {
      user: user, url: event.detail.path, page: location.pathname, fields: fields,
      kind: row ? "mark" : "journal", row: row ? row.id.slice(1) : null
    };
  });

  function enqueue(element) {
    var item = element.mtuWrite;
    element.mtuWrite = null;
    waiting += 1;
    return queue("readwrite", function (store) { return store.add(item); }).then(refresh);
  }

  /* No signal, or older writes still waiting: this one waits behind them. */
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (keeping && element.mtuWrite && (!navigator.onLine || waiting > 0)) {
      event.preventDefault();
      enqueue(element).then(send);
    }
  });
  /* Sent but unanswered: it may have arrived; its key makes sending it again harmless. */
  function unanswered(event) {
    var element = event.detail.elt;
    if (keeping && element && element.mtuWrite) {
      event.detail.queued = true;  /* app.js then shows no failure */
      enqueue(element).then(later);
    }
  }

  /* Signal but no answer (a server or link down): tried again a little later. */
  var retry = null;
  function later() {
    retry = retry || window.setTimeout(function () {
      retry = null;
      send();
    }, 20000);
  }
  document.addEventListener("htmx:sendError", unanswered);
  document.addEventListener("htmx:timeout", unanswered);
  document.addEventListener("htmx:afterSettle", refresh);

  /* Sending, in order, with a fresh CSRF token. */
  function freshToken() {
    return fetch("/attendance/token", {
      credentials: "same-origin", redirect: "manual", headers: {"HX-Request": "true"}
    }).then(function (response) {
      expired = response.type === "opaqueredirect" || response.status === 401;
      var token = response.status === 204 && response.headers.get("X-CSRFToken");
      if (token) {  /* a kept page may carry the token of an earlier session */
        body.setAttribute("data-hx-headers", JSON.stringify({"X-CSRFToken": token}));
        document.querySelectorAll("input[name=csrf_token]").forEach(function (field) {
          field.value = token;
        });
      }
      return token;
    });
  }

  function reason(html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var said = answer.querySelector("[role=alert]");
    return TEXT.refused + (said ? said.textContent.trim().replace(/\s+/g, " ") : "");
  }

  /* The answer goes where the write is shown, as a tap's would; else a refusal is told above. */
  function place(item, html, status) {
    var mark = item.kind === "mark";
    var target = item.page === location.pathname &&
      document.querySelector(mark ? "#e" + item.row : "#journal");
    if (target && (status === 200 || status === 422)) {
      htmx.swap(target, html, {swapStyle: mark ? "outerHTML" : "innerHTML"});
      return;
    }
    if (target) {
      target.classList.remove("waiting");
    }
    if (status !== 200) {
      refusals.push(reason(html));
    }
  }

  /* True when the server answered for the write (it is then off the queue). */
  function sendOne(item, token) {
    return fetch(item.url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"X-CSRFToken": token, "HX-Request": "true"},
      body: new URLSearchParams(item.fields)
    }).then(function (response) {
      if (response.status === 200 || (response.status >= 400 && response.status < 500 &&
                                      response.status !== 401)) {
        return response.text().then(function (html) {
          return drop(item).then(function () {
            place(item, html, response.status);
            return true;
          });
        });
      }
      expired = response.type === "opaqueredirect" || response.status === 401;
      return false;  /* signed out or a server error: stays queued */
    });
  }

  function send() {
    if (sending || !navigator.onLine) {
      return sending;
    }
    var sent = 0;
    sending = mine().then(function (items) {
      return items.length && freshToken().then(function (token) {
        return token && items.reduce(function (previous, item) {
          return previous.then(function (goOn) {
            return goOn && sendOne(item, token).then(function (done) {
              sent += done ? 1 : 0;
              return done;
            });
          });
        }, Promise.resolve(true));
      });
    }).catch(function () {
      return null;  /* no signal after all: everything stays queued */
    }).then(function () {
      sending = null;
      return refresh();
    }).then(function () {
      /* Writes that joined the queue meanwhile go too; after a failure, a little later. */
      if (waiting && !expired) {
        return sent ? send() : later();
      }
      return null;
    });
    return sending;
  }

  /* The service worker, and the pages to keep while there is signal. */
  function keepPages() {
    var urls = Array.prototype.map.call(document.querySelectorAll("a[data-keep]"),
                                        function (link) { return link.href; });
    if (!navigator.serviceWorker.controller) {  /* this page loaded before the worker */
      urls.push(location.href);
    }
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({keep: urls});
    });
  }

  window.addEventListener("online", function () {
    freshToken().then(send, send);
  });
  window.addEventListener("offline", refresh);
  window.addEventListener("pageshow", function () {
    refresh().then(send);
  });
  navigator.serviceWorker.register(body.getAttribute("data-sw")).then(function (registration) {
    keeping = keeping || Boolean(registration);
    if (keeping && navigator.onLine) { keepPages(); }
  }, function () { return null; });
})();
