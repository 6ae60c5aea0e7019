// Stackdesk: small progressive enhancements. Every page works without this file.
"use strict";
(function () {
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function api(method, path, body) {
    return fetch("/api/v1" + path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        return data;
      });
    });
  }

  function flash(form, message) {
    var old = form.querySelector(".inline-error");
    if (old) old.remove();
    var p = document.createElement("p");
    p.className = "inline-error field-error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    form.appendChild(p);
  }

  // Vote arrows: update the score and the pressed state in place.
  function onVote(form, button) {
    var value = parseInt(button.value, 10);
    api("PUT", "/posts/" + form.dataset.post + "/vote", { value: value }).then(function (res) {
      form.querySelector(".score-value").textContent = res.score;
      var up = form.querySelector(".vote.up"), down = form.querySelector(".vote.down");
      up.setAttribute("aria-pressed", res.my_vote === 1 ? "true" : "false");
      down.setAttribute("aria-pressed", res.my_vote === -1 ? "true" : "false");
      up.value = res.my_vote === 1 ? "0" : "1";
      down.value = res.my_vote === -1 ? "0" : "-1";
      var old = form.querySelector(".inline-error");
      if (old) old.remove();
    }).catch(function (err) { flash(form, err.message); });
  }

  // Accept mark: toggle without a reload, the way the page looks after one:
  // the button's pressed state and label, the hidden input, the .accepted
  // class and the visible mark; other answers lose the mark. The mark and the
  // labels come from the page (the #accepted-mark template of question.html),
  // in the reader's language.
  function onAccept(form) {
    var input = form.querySelector('input[name="accept"]');
    var accept = input.value === "true";
    api(accept ? "POST" : "DELETE", "/answers/" + form.dataset.answer + "/accept").then(function () {
      var tmpl = document.getElementById("accepted-mark");
      var labels = tmpl ? tmpl.dataset : {};
      document.querySelectorAll(".accept-form").forEach(function (f) {
        var on = accept && f === form;
        var button = f.querySelector("button.accept");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        var label = on ? labels.acceptUndo : labels.acceptDo;
        if (label) button.setAttribute("aria-label", label);
        f.querySelector('input[name="accept"]').value = on ? "false" : "true";
        var article = f.closest(".answer");
        if (!article) return;
        article.classList.toggle("accepted", on);
        var mark = article.querySelector(":scope > .accepted-mark");
        if (on && !mark && tmpl && tmpl.content.firstElementChild) {
          article.insertBefore(tmpl.content.firstElementChild.cloneNode(true), article.firstChild);
        } else if (!on && mark) {
          mark.remove();
        }
      });
      var old = form.querySelector(".inline-error");
      if (old) old.remove();
    }).catch(function (err) { flash(form, err.message); });
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); return; }
    if (!window.fetch) return;
    if (form.classList.contains("vote-form") && ev.submitter) {
      ev.preventDefault();
      onVote(form, ev.submitter);
    } else if (form.classList.contains("accept-form")) {
      ev.preventDefault();
      onAccept(form);
    } else if ((form.method || "").toLowerCase() === "post") {
      // A second click while the page loads would post the form twice
      // (two questions, two answers): the first send stands.
      if (form.dataset.sending) { ev.preventDefault(); return; }
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
    }
  });

  // Back to a page kept in the browser's cache: its forms can send again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (f) {
      delete f.dataset.sending;
      f.removeAttribute("aria-busy");
    });
  });

  // Similar questions while typing a title (the Ask page): debounced, no reload.
  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  function renderSimilar(box, items, labels) {
    box.textContent = "";
    if (!items.length) { box.hidden = true; return; }
    var h = document.createElement("h2");
    h.textContent = labels.title;
    box.appendChild(h);
    var ul = document.createElement("ul");
    items.forEach(function (it) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = it.url;
      a.textContent = it.title;
      a.dir = "auto";
      a.target = "_blank";
      a.rel = "noopener";
      li.appendChild(a);
      var state = document.createElement("span");
      state.className = "muted";
      state.textContent = " · " + (it.has_accepted_answer ? labels.accepted : it.answer_count > 0 ? labels.answered : labels.open);
      li.appendChild(state);
      if (it.accepted_excerpt) {
        var ex = document.createElement("span");
        ex.className = "excerpt";
        ex.dir = "auto";
        ex.textContent = "✓ " + it.accepted_excerpt;
        li.appendChild(ex);
      }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.hidden = false;
  }

  document.querySelectorAll("input[data-similar]").forEach(function (input) {
    var box = document.querySelector(input.dataset.similar);
    if (!box || !window.fetch) return;
    var labels = {
      title: box.dataset.title || "Similar questions",
      accepted: box.dataset.accepted || "accepted answer",
      answered: box.dataset.answered || "answered",
      open: box.dataset.open || "no answer yet"
    };
    var last = "";
    input.addEventListener("input", debounce(function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 4) { renderSimilar(box, [], labels); return; }
      fetch("/api/v1/questions/similar?limit=5&title=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : { items: [] }; })
        .then(function (data) { if (input.value.trim() === q) renderSimilar(box, data.items || [], labels); })
        .catch(function () {});
    }, 250));
  });

  // Preview of a post's Markdown while it is typed: rendered by the server
  // (the same renderer and sanitiser as saving), debounced, the latest
  // text winning; refused (logged out, too long, too many) it stays as it was.
  document.querySelectorAll("[data-preview]").forEach(function (box) {
    var field = document.getElementById(box.dataset.preview);
    var out = box.querySelector(".preview-body");
    if (!field || !out || !window.fetch) return;
    var last = null;
    var update = function () {
      var text = field.value;
      if (text === last) return;
      last = text;
      if (!text.trim()) { out.innerHTML = ""; box.hidden = true; return; }
      api("POST", "/preview", { body: text }).then(function (res) {
        if (field.value !== text) return;
        out.innerHTML = res.html; // sanitised by the server, as every post it shows
        box.hidden = false;
      }).catch(function () {});
    };
    field.addEventListener("input", debounce(update, 400));
    if (field.value.trim()) update();
  });

  window.Stackdesk = { csrf: csrf, api: api };
})();

// --- Get help (deflection): suggestions while the problem is typed, and
// "Did this solve your problem?" for visitors coming from the site search.
// Without this script the help form posts and the page lists the same suggestions.
(function () {
  var form = document.querySelector("form[data-help]");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function post(path, body) {
    return fetch("/api/v1" + path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) { return { status: res.status, data: data }; });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function render(box, session) {
    var d = box.dataset;
    box.textContent = "";
    box.appendChild(el("h2", "", d.labelTitle));
    var items = session.suggestions || [];
    if (!items.length) { box.appendChild(el("p", "muted", d.labelNone)); return; }
    var ol = el("ol", "suggestions");
    items.forEach(function (it) {
      var li = el("li", "suggestion");
      var a = el("a", "", it.title);
      a.href = "/help/" + session.id + "/open/" + it.id;
      a.dir = "auto";
      li.appendChild(a);
      li.appendChild(el("span", "muted state", " · " + (it.has_accepted_answer ? d.labelAccepted : it.is_answered ? d.labelAnswered : d.labelOpen)));
      if (it.accepted_excerpt) {
        var ex = el("p", "excerpt", "✓ " + it.accepted_excerpt);
        ex.dir = "auto";
        li.appendChild(ex);
      }
      var tags = el("ul", "tags");
      (it.tags || []).forEach(function (t) {
        var item = el("li");
        item.appendChild(el("span", "tag", t));
        tags.appendChild(item);
      });
      li.appendChild(tags);
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  if (form && window.fetch) {
    var input = form.querySelector("textarea[name=query]");
    var sessionField = form.querySelector("input[name=session]");
    var box = document.getElementById("help-results");
    var choices = document.getElementById("help-choices");
    // A problem given in the address (?query=, from "Describe the
    // problem") is searched at once; any other the page shows (its own
    // results, an ended session's last search) only once it is changed.
    var autostart = form.hasAttribute("data-autostart");
    var last = autostart ? "" : input.value.trim(), timer;
    var show = function (s) {
      sessionField.value = s.outcome ? "" : s.id;
      render(box, s);
      if (choices) {
        choices.hidden = false;
        document.getElementById("help-ask").href = "/help/" + s.id + "/ask";
        document.getElementById("help-ticket").href = "/help/" + s.id + "/ticket";
      }
    };
    var search = function () {
      var q = input.value.trim();
      if (q === last || q.length < 3) return; // deflection.QueryMin
      last = q;
      var id = sessionField.value;
      var start = function () { return post("/help-sessions", { query: q }); };
      (id ? post("/help-sessions/" + id + "/events", { type: "search", query: q }) : start())
        .then(function (r) { return (r.status === 409 || r.status === 404) && id ? start() : r; })
        .then(function (r) { if (r.status < 300 && input.value.trim() === q) show(r.data); })
        .catch(function () {});
    };
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 400); });
    if (autostart) search();
  }

  var solved = document.querySelector("section[data-from-search]");
  if (solved && document.referrer) {
    try {
      var ref = new URL(document.referrer);
      var q = ref.searchParams.get("q");
      if (ref.origin === location.origin && ref.pathname === "/search" && q && q.trim().length >= 3) {
        solved.querySelector("input[name=q]").value = q;
        var link = solved.querySelector("a[data-help-link]");
        if (link) link.href = "/help?query=" + encodeURIComponent(q);
        solved.hidden = false;
      }
    } catch (e) { /* no usable referrer */ }
  }
})();
