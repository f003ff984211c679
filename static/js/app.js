/* MTU's own behaviour on top of htmx: nothing looks saved until the server said so,
   and nothing is sent twice by a double tap. Served together with htmx as /static/mtu.js. */
(function () {
  "use strict";

  var MESSAGES = {
    offline: "Belum tersimpan: tidak ada sambungan internet.",
    timeout: "Belum tersimpan: server tidak menjawab.",
    refused: "Belum tersimpan.",
    retry: "Coba lagi"
  };

  function isWrite(detail) {
    var verb = detail.requestConfig && detail.requestConfig.verb;
    return Boolean(verb) && verb.toLowerCase() !== "get";
  }

  function choices(element) {
    return element.querySelectorAll("input[type=radio], input[type=checkbox], option");
  }

  /* The choices as the user made them, then the page put back to what the server last sent. */
  function putBackSavedChoices(element) {
    var wanted = Array.prototype.map.call(choices(element), function (choice) {
      var property = choice.tagName === "OPTION" ? "selected" : "checked";
      return [choice, property, choice[property]];
    });
    /* Read all first: checking one radio unchecks the others of its group. */
    wanted.forEach(function (choice) {
      var saved = choice[1] === "selected" ? "defaultSelected" : "defaultChecked";
      choice[0][choice[1]] = choice[0][saved];
    });
    return wanted;
  }

  function removeNote(element) {
    var note = element.mtuFailureNote;
    if (note && note.parentNode) {
      note.parentNode.removeChild(note);
    }
    element.mtuFailureNote = null;
  }

  function showFailure(element, message, eventType) {
    removeNote(element);
    var wanted = putBackSavedChoices(element);
    var note = document.createElement("p");
    note.className = "request-failed";
    note.setAttribute("role", "alert");
    note.appendChild(document.createTextNode(message + " "));
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "small secondary";
    retry.textContent = MESSAGES.retry;
    retry.addEventListener("click", function () {
      wanted.forEach(function (choice) { choice[0][choice[1]] = choice[2]; });
      /* The button goes with the note: the keyboard goes back to the choice sent again (the
         row's answer keeps it there), or to the form's button. */
      var back = element.querySelector(
        element.tagName === "FORM" ? "button, input[type=submit]" : "input:checked");
      if (back) {
        back.focus();
      }
      removeNote(element);
      htmx.trigger(element, eventType);
    });
    note.appendChild(retry);
    if (element.tagName === "FORM") {
      element.appendChild(note);
    } else {
      element.insertAdjacentElement("afterend", note);
    }
    element.mtuFailureNote = note;
  }

  function failed(message) {
    return function (event) {
      var detail = event.detail;
      /* `queued`: offline.js keeps the write for later, and the row says it waits. */
      if (!isWrite(detail) || detail.queued || !detail.elt ||
          !document.body.contains(detail.elt)) {
        return;
      }
      var triggering = detail.requestConfig.triggeringEvent;
      showFailure(detail.elt, message, triggering ? triggering.type : "submit");
    };
  }

  /* An htmx form's buttons wait for the answer, so a second tap on a slow link sends nothing. */
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    removeNote(element);
    /* A write offline.js queued instead (defaultPrevented) is not sent: nothing to wait for. */
    if (element.tagName === "FORM" && !event.defaultPrevented) {
      element.mtuWaitingButtons = Array.prototype.filter.call(
        element.querySelectorAll("button, input[type=submit]"),
        function (button) { return !button.disabled; });
      element.mtuWaitingButtons.forEach(function (button) { button.disabled = true; });
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail.elt;
    (element.mtuWaitingButtons || []).forEach(function (button) { button.disabled = false; });
    element.mtuWaitingButtons = null;
  });
  /* An error answer of our own says where it goes (HX-Retarget); any other one, say a proxy's
     "502 Bad Gateway" page, must not be swapped into the row. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.status !== 422 && !xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = false;
    }
  });
  /* Where the keyboard goes when a write's answer replaced the element that held it, rather
     than back to the top of the page: the first error (the form's summary, a refused field),
     else what the answer says (a note), else the part's heading. A tapped mark keeps its focus:
     htmx puts it back on the new radio of the same id. */
  var ERRORS = [".errors", "[aria-invalid=true]", "[role=alert]"];
  var LANDINGS = ERRORS.concat([".flash", "h1, h2, h3"]);
  function firstOf(root, selectors) {
    for (var i = 0; i < selectors.length; i++) {
      var found = root.querySelector(selectors[i]);
      if (found) {
        return found;
      }
    }
    return null;
  }
  function moveFocus(element) {
    if (!element.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.target;
    var lost = !document.activeElement || document.activeElement === document.body;
    if (lost && isWrite(event.detail) && root && document.body.contains(root)) {
      moveFocus(firstOf(root, LANDINGS) || root);
    }
  });
  /* A page sent back with its form's errors: the keyboard starts at them. */
  var refused = firstOf(document, ERRORS.slice(0, 2));
  if (refused) {
    moveFocus(refused);
  }

  document.addEventListener("htmx:sendError", failed(MESSAGES.offline));
  document.addEventListener("htmx:timeout", failed(MESSAGES.timeout));
  document.addEventListener("htmx:responseError", failed(MESSAGES.refused));

  /* A plain form (no htmx) is sent once: a second tap while the page loads does nothing. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (form.mtuSending) {
      event.preventDefault();
      return;
    }
    form.mtuSending = true;
    form.setAttribute("aria-busy", "true");
    /* Disabled after this turn, so the pressed button's name still goes with the form. */
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
    window.setTimeout(function () { release(form); }, 20000);
  });
  function release(form) {
    form.mtuSending = false;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  }
  /* Back to a page from the browser's cache, or an answer that never replaced the page (a
     download): its forms may be sent again. The server's one-time token still guards creation. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[aria-busy]").forEach(release);
    }
  });

  /* A download button (data-busy) says the file is being prepared and stays disabled until
     the server's answer starts: it sets a cookie holding the token the form sent along. */
  var DOWNLOAD_COOKIE = "mtu_download=";
  function downloadStarted(token) {
    return document.cookie.split("; ").indexOf(DOWNLOAD_COOKIE + token) !== -1;
  }
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (event.defaultPrevented || !button || !button.hasAttribute("data-busy")) {
      return;
    }
    var form = event.target;
    var token = String(Date.now()) + "-" + String(Math.random()).slice(2, 12);
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "token";
    field.value = token;
    form.appendChild(field);
    var label = button.textContent;
    var spoken = button.getAttribute("aria-label");
    var started = Date.now();
    window.setTimeout(function () {
      /* The request took the form's fields already: the filters' next change sends no token. */
      field.remove();
      button.disabled = true;
      button.textContent = button.getAttribute("data-busy");
      button.setAttribute("aria-label", button.getAttribute("data-busy"));
      button.setAttribute("aria-busy", "true");
    }, 0);
    var timer = window.setInterval(function () {
      if (downloadStarted(token) || Date.now() - started > 300000) {
        window.clearInterval(timer);
        button.disabled = false;
        button.textContent = label;
        if (spoken) {
          button.setAttribute("aria-label", spoken);
        }
        button.removeAttribute("aria-busy");
      }
    }, 500);
  });

  /* The header's menus (<details>) close on a tap outside them, and on Escape, as menus do;
     opening one closes the other. */
  function closeHeaderMenus(except) {
    document.querySelectorAll(".top details[open]").forEach(function (menu) {
      if (!except || !menu.contains(except)) {
        menu.removeAttribute("open");
      }
    });
  }
  document.addEventListener("click", function (event) { closeHeaderMenus(event.target); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = document.activeElement && document.activeElement.closest(".top details[open]");
    closeHeaderMenus(null);
    if (menu) {
      menu.querySelector("summary").focus();
    }
  });
})();
