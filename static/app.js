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
        if (!res.ok) {
          var err = new Error((data.error && data.error.message) || res.statusText);
          err.status = res.status;
          throw err;
        }
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

  // A vote or an acceptance by a reader who is not logged in (or whose
  // session ended): a notice beside the post, in its text column, with a
  // link to log in that says why (reason: vote or accept, as the log-in page
  // shows it) and returns to the post.
  function loginNote(form, reason) {
    var tmpl = document.getElementById(reason + "-login");
    var post = form.closest(".post");
    var column = post && post.querySelector(".post-main");
    if (!tmpl || !column) return false;
    document.querySelectorAll(".vote-login").forEach(function (old) { old.remove(); });
    var note = tmpl.content.firstElementChild.cloneNode(true);
    var article = form.closest("article[id]");
    var link = note.querySelector("a");
    if (article && link) link.href += encodeURIComponent("#" + article.id);
    column.insertBefore(note, column.firstChild);
    return true;
  }

  // An arrow the user may not use yet (aria-disabled, so that it keeps the
  // focus and its description): a click, a tap or Enter shows why beside
  // the post, with a link to the privileges unless it is their own post.
  function voteRefused(form, button) {
    var why = document.getElementById(button.getAttribute("aria-describedby") || "");
    var tmpl = document.getElementById("vote-refused");
    var post = form.closest(".post");
    var column = post && post.querySelector(".post-main");
    if (!why || !tmpl || !column) return;
    document.querySelectorAll(".vote-login, .vote-note").forEach(function (old) { old.remove(); });
    var note = tmpl.content.firstElementChild.cloneNode(true);
    note.querySelector(".why").textContent = why.textContent;
    var link = note.querySelector("a");
    if (link && why.hasAttribute("data-own")) link.remove();
    column.insertBefore(note, column.firstChild);
  }

  // Vote arrows: update the score and the pressed state in place.
  function onVote(form, button) {
    if (button.getAttribute("aria-disabled") === "true") { voteRefused(form, button); return; }
    var tmpl = document.getElementById("vote-login");
    if (tmpl && tmpl.hasAttribute("data-logged-out") && loginNote(form, "vote")) return;
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
    }).catch(function (err) {
      if (err.status !== 401 || !loginNote(form, "vote")) flash(form, err.message);
    });
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
    }).catch(function (err) {
      if (err.status !== 401 || !loginNote(form, "accept")) flash(form, err.message);
    });
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

  // Header menus (details.menu): a click elsewhere or Escape closes an open one.
  document.addEventListener("click", function (ev) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(ev.target)) menu.open = false;
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.open = false;
      if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
    });
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

  // A form sent back with errors: each field named by an error message is
  // marked invalid, and the first one takes the focus, so a keyboard or
  // screen-reader user lands where the fix is, not at the top of the page.
  (function () {
    var first = null;
    document.querySelectorAll(".field-error[id]").forEach(function (msg) {
      var field = document.querySelector('[aria-describedby~="' + msg.id + '"]');
      if (!field) return;
      field.setAttribute("aria-invalid", "true");
      if (!first) first = field;
    });
    if (first && !document.querySelector("[autofocus]")) first.focus();
  })();

  // Drafts: what is typed into the ask form or an answer form is kept in
  // this browser (localStorage, per member and form) as it is typed, and
  // given back when the form is opened again empty (a tab closed, a link
  // followed, the browser restarted, a send that failed: a session ended,
  // a refusal), with a notice and a way to throw it away. Sending marks the
  // draft sent, and the page a send leads to when it lands (the new
  // question, under its title; the question at the new answer) forgets
  // it. Kept for a week.
  var draftMaxAge = 7 * 24 * 3600 * 1000;
  (function () {
    var store;
    try { store = window.localStorage; } catch (e) { return; }
    if (!store) return;
    var title = document.getElementById("q-title");
    var answered = /^#answer-\d+$/.test(location.hash) ? (location.pathname.split("/")[2] || "") : "";
    Object.keys(store).forEach(function (k) {
      if (k.indexOf("stackdesk:draft:") !== 0) return;
      var d = null;
      try { d = JSON.parse(store.getItem(k)); } catch (e) {}
      if (!d || !d.sent || !d.v) return;
      var part = k.split(":");
      if (part[2] === "ask" && title && title.textContent.trim() === String(d.v.title || "").trim() ||
          part[2] === "answer" && answered !== "" && part[3] === answered) {
        store.removeItem(k);
      }
    });
  })();
  // Logging out forgets this browser's drafts (a shared computer).
  document.querySelectorAll('form[action="/logout"]').forEach(function (form) {
    form.addEventListener("submit", function () {
      try {
        Object.keys(window.localStorage).forEach(function (k) {
          if (k.indexOf("stackdesk:draft:") === 0) window.localStorage.removeItem(k);
        });
      } catch (e) {}
    });
  });
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var store;
    try { store = window.localStorage; } catch (e) { return; }
    if (!store) return;
    var key = "stackdesk:draft:" + form.dataset.draft;
    var fields = Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.tagName === "TEXTAREA" || el.type === "text");
    });
    var changed = function (el) { el.dispatchEvent(new Event("input", { bubbles: true })); };
    var draft = null;
    try { draft = JSON.parse(store.getItem(key) || "null"); } catch (e) {}
    if (draft && (!draft.v || Date.now() - draft.at > draftMaxAge)) {
      store.removeItem(key);
      draft = null;
    }
    // A form the page fills in itself (Get help's ask form holds the
    // problem as typed there) takes the draft back while it holds what the
    // page gave it and the draft differs; Discard brings that back.
    var untouched = fields.every(function (el) { return !el.value.trim(); }) ||
      "draftPrefilled" in form.dataset && draft && draft.v && fields.some(function (el) {
        return typeof draft.v[el.name] === "string" && draft.v[el.name] !== el.value;
      });
    if (draft && untouched) {
      fields.forEach(function (el) {
        if (typeof draft.v[el.name] === "string") { el.value = draft.v[el.name]; changed(el); }
      });
      var note = document.createElement("p");
      note.className = "notice draft-note";
      note.setAttribute("role", "status");
      note.textContent = form.dataset.draftRestored + " ";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "link small";
      discard.textContent = form.dataset.draftDiscard;
      discard.addEventListener("click", function () {
        store.removeItem(key);
        fields.forEach(function (el) { el.value = el.defaultValue; changed(el); });
        store.removeItem(key);
        note.remove();
        if (fields[0]) fields[0].focus();
      });
      note.appendChild(discard);
      form.insertBefore(note, form.firstChild);
    }
    var sending = false;
    var save = function (sent) {
      if (sending) return; // a save typed just before sending must not undo "sent"
      sending = sent;
      var v = {}, any = false;
      fields.forEach(function (el) { v[el.name] = el.value; any = any || el.value.trim() !== ""; });
      try {
        if (any) store.setItem(key, JSON.stringify({ at: Date.now(), v: v, sent: sent }));
        else store.removeItem(key);
      } catch (e) {} // full or refused: the form works as before
    };
    form.addEventListener("input", debounce(function () { save(false); }, 300));
    form.addEventListener("submit", function () { save(true); });
    // Back to this page from the browser's cache after sending: typing
    // keeps the draft again.
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) sending = false; });
  });

  // Share: the post's short link (/q/ID, /a/ID) in full, in a field of its
  // own below the post's actions, selected, and copied to the clipboard
  // where the browser allows it. Without this script the link leads to the post.
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.share-link");
    if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
    ev.preventDefault();
    var actions = link.parentNode, url = link.href;
    var box = actions.parentNode.querySelector(".share-box");
    if (box) { box.remove(); return; }
    box = document.createElement("p");
    box.className = "share-box";
    var label = document.createElement("label"), field = document.createElement("input"), status = document.createElement("span");
    field.type = "text"; field.readOnly = true; field.value = url; field.dir = "ltr";
    field.id = "share-" + url.replace(/[^a-z0-9]+/gi, "-");
    label.htmlFor = field.id; label.textContent = link.dataset.shareLabel;
    status.className = "muted share-status"; status.setAttribute("aria-live", "polite");
    box.appendChild(label); box.appendChild(field); box.appendChild(status);
    actions.parentNode.insertBefore(box, actions.nextSibling);
    field.focus(); field.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { status.textContent = link.dataset.shareCopied; }, function () {});
    }
  });

  // Markdown toolbar: each button (and Ctrl+B, Ctrl+I, Ctrl+K in the
  // field) puts the Markdown around the selection, or a placeholder in the
  // reader's language selected to be typed over; pressed again on marked
  // text it takes the marks away. Line formats (quote, lists, code block)
  // take whole lines. The change goes through the browser's editing, so
  // Undo takes it back, and the preview and the draft follow it.
  document.querySelectorAll("[data-md-toolbar]").forEach(function (bar) {
    var field = document.getElementById(bar.dataset.mdToolbar);
    if (!field) return;
    var ph = bar.dataset;
    var put = function (from, to, text, selFrom, selTo) {
      field.focus();
      field.setSelectionRange(from, to);
      var done = false;
      try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
      if (!done || field.value.slice(from, from + text.length) !== text) {
        field.setRangeText(text, from, to, "end");
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
      field.setSelectionRange(from + selFrom, from + selTo);
    };
    var wrap = function (mark, placeholder) {
      var v = field.value, s = field.selectionStart, e = field.selectionEnd;
      while (e > s && /\s/.test(v.charAt(e - 1))) e--; // a double click's trailing space stays outside
      var sel = v.slice(s, e), n = mark.length;
      if (sel && v.slice(s - n, s) === mark && v.slice(e, e + n) === mark) {
        put(s - n, e + n, sel, 0, sel.length); // marked already: unmark
        return;
      }
      var text = sel || placeholder;
      put(s, e, mark + text + mark, n, n + text.length);
    };
    var lines = function (prefix, placeholder) {
      var v = field.value, s = field.selectionStart, e = field.selectionEnd;
      if (e > s && v.charAt(e - 1) === "\n") e--;
      var from = v.lastIndexOf("\n", s - 1) + 1, to = v.indexOf("\n", e);
      if (to < 0) to = v.length;
      var rows = v.slice(from, to).split("\n");
      var marked = rows.every(function (r, i) { return r.indexOf(prefix(i)) === 0; });
      var out = rows.map(function (r, i) {
        if (marked) return r.slice(prefix(i).length);
        return prefix(i) + (r || (rows.length === 1 ? placeholder : ""));
      }).join("\n");
      // A block after a paragraph's line needs a blank line to start a
      // block of its own; after a quote's or a list's line it continues it.
      var prev = from > 0 ? v.slice(v.lastIndexOf("\n", from - 2) + 1, from - 1) : "";
      var lead = !marked && prev.trim() && !/^\s*(>|[-*+] |\d+[.)] )/.test(prev) ? "\n" : "";
      put(from, to, lead + out, lead.length, lead.length + out.length);
    };
    var act = {
      bold: function () { wrap("**", ph.phBold); },
      italic: function () { wrap("_", ph.phItalic); },
      link: function () {
        var s = field.selectionStart, e = field.selectionEnd;
        var text = field.value.slice(s, e) || ph.phLink, url = "https://";
        var md = "[" + text + "](" + url + ")";
        put(s, e, md, text.length + 3, text.length + 3 + url.length);
      },
      code: function () {
        var sel = field.value.slice(field.selectionStart, field.selectionEnd);
        if (sel.indexOf("\n") >= 0) { act.codeblock(); return; }
        wrap(sel.indexOf("`") >= 0 ? "``" : "`", ph.phCode);
      },
      codeblock: function () {
        var v = field.value, s = field.selectionStart, e = field.selectionEnd;
        if (e > s && v.charAt(e - 1) === "\n") e--;
        var from = v.lastIndexOf("\n", s - 1) + 1, to = v.indexOf("\n", e);
        if (to < 0) to = v.length;
        var body = v.slice(from, to) || ph.phCode;
        var lead = from > 1 && v.charAt(from - 2) !== "\n" ? "\n" : "";
        put(from, to, lead + "```\n" + body + "\n```", lead.length + 4, lead.length + 4 + body.length);
      },
      quote: function () { lines(function () { return "> "; }, ph.phItem); },
      ul: function () { lines(function () { return "- "; }, ph.phItem); },
      ol: function () { lines(function (i) { return (i + 1) + ". "; }, ph.phItem); }
    };
    bar.addEventListener("click", function (ev) {
      var button = ev.target.closest && ev.target.closest("[data-md]");
      if (!button || !act[button.dataset.md]) return;
      ev.preventDefault();
      act[button.dataset.md]();
    });
    var keys = { b: "bold", i: "italic", k: "link" };
    field.addEventListener("keydown", function (ev) {
      var name = keys[(ev.key || "").toLowerCase()];
      if (!name || !(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.shiftKey) return;
      ev.preventDefault();
      act[name]();
    });
    bar.hidden = false;
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

  // Images in posts: an image file chosen, or a screenshot pasted into the
  // text, is uploaded (POST /api/v1/uploads) and its Markdown put where the
  // caret is; the preview then shows it. Without this script the page links
  // the upload form, which gives the Markdown to copy.
  document.querySelectorAll("[data-upload]").forEach(function (tools) {
    var field = document.getElementById(tools.dataset.upload);
    var input = tools.querySelector(".upload-input");
    var status = tools.querySelector(".upload-status");
    if (!field || !input || !status || !window.fetch || !window.FormData) return;
    tools.querySelector(".upload-js").hidden = false;
    tools.querySelector(".upload-link").hidden = true;
    var send = function (file) {
      if (file.size > Number(tools.dataset.max)) { // refused before it is sent
        status.textContent = tools.dataset.tooLarge;
        status.classList.add("field-error");
        return;
      }
      var data = new FormData();
      data.append("image", file);
      status.textContent = tools.dataset.uploading;
      status.classList.remove("field-error");
      fetch("/api/v1/uploads", {
        method: "POST", credentials: "same-origin", body: data,
        headers: { "X-CSRF-Token": csrf, "Accept": "application/json" }
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (d) {
          if (!res.ok) throw new Error((d.error && d.error.message) || res.status + " " + res.statusText);
          return d;
        });
      }).then(function (d) {
        status.textContent = "";
        var at = field.selectionStart, end = field.selectionEnd;
        if (typeof at !== "number") { at = end = field.value.length; }
        var before = field.value.slice(0, at), after = field.value.slice(end);
        // The image is a paragraph of its own: a blank line before and
        // after it, or it would sit inside the line of text around it.
        var lead = !before || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
        var tail = /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
        var text = lead + d.markdown + tail;
        field.value = before + text + after;
        field.selectionStart = field.selectionEnd = before.length + text.length;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.focus();
      }).catch(function (err) {
        status.textContent = err.message;
        status.classList.add("field-error");
      });
    };
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) send(input.files[0]);
      input.value = "";
    });
    field.addEventListener("paste", function (e) {
      // Cells copied from a spreadsheet, or text from a document, often
      // come with a picture of themselves: the text is what was meant, and
      // the browser pastes it. Only an image alone (a screenshot) is sent.
      if (e.clipboardData && /\S/.test(e.clipboardData.getData("text/plain"))) return;
      var files = (e.clipboardData && e.clipboardData.files) || [];
      for (var i = 0; i < files.length; i++) {
        if (/^image\//.test(files[i].type)) {
          e.preventDefault();
          send(files[i]);
          return;
        }
      }
    });
  });

  // Tag suggestions while tags are typed (the ask, Get help's ask and edit
  // pages): the tags in use that start with the word at the caret, most used
  // first, with their question counts (GET /api/v1/tags), the ones already in
  // the field left out; a word no tag starts with is said to become a new
  // tag, so a typo shows before it is sent. The field becomes a combobox:
  // Up and Down move, Enter picks (the word is replaced and a space added,
  // the form is not sent), Tab picks and moves on to the next field, Escape
  // closes, a click picks.
  var TAG_SUGGESTIONS = 6;
  function isTagSep(c) { return c === " " || c === "," || c === ";" || c === "\t"; } // qa.SplitTags
  function tagName(s) { return s.trim().normalize("NFKC").toLowerCase().normalize("NFKC"); } // text.NormalizeTag
  // text.ValidTagPrefix and text.ValidTag: what a tag may start with, and what may be one.
  function tagPrefix(s) {
    return s !== "" && Array.from(s).length <= 35 && /^[\p{L}\p{Nd}+#.][\p{L}\p{Nd}\p{M}+#.\-]*$/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s);
  }
  function tagWhole(s) { return tagPrefix(s) && /[\p{L}\p{Nd}]/u.test(s); }

  document.querySelectorAll("[data-tag-suggest]").forEach(function (box) {
    var input = document.getElementById(box.dataset.tagSuggest);
    var list = box.querySelector('[role="listbox"]');
    var note = box.querySelector(".tag-new");
    var status = document.getElementById(box.dataset.tagSuggest + "-status");
    if (!input || !list || !note || !window.fetch || !String.prototype.normalize) return;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var items = [], active = -1, at = null, cache = {}, picked = false;

    // The word around the caret, and the tags in the rest of the field.
    function current() {
      var v = input.value, caret = input.selectionStart === null ? v.length : input.selectionStart;
      var start = caret, end = caret;
      while (start > 0 && !isTagSep(v[start - 1])) start--;
      while (end < v.length && !isTagSep(v[end])) end++;
      var others = (v.slice(0, start) + " " + v.slice(end)).split(/[ ,;\t]+/).map(tagName).filter(Boolean);
      return { value: v, start: start, end: end, word: tagName(v.slice(start, end)), others: others };
    }
    function close() {
      box.hidden = true;
      list.textContent = "";
      note.textContent = "";
      if (status) status.textContent = "";
      items = [];
      at = null;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function setActive(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i < 0) { input.removeAttribute("aria-activedescendant"); return; }
      input.setAttribute("aria-activedescendant", list.children[i].id);
      if (list.children[i].scrollIntoView) list.children[i].scrollIntoView({ block: "nearest" });
    }
    function option(t, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.className = "tag-option";
      li.setAttribute("role", "option");
      var name = document.createElement("span");
      name.className = "tag";
      name.textContent = t.name;
      li.appendChild(name);
      var count = document.createElement("span");
      count.className = "muted";
      count.textContent = "× " + t.question_count;
      li.appendChild(count);
      if (t.excerpt) {
        var ex = document.createElement("span");
        ex.className = "excerpt";
        ex.dir = "auto";
        ex.textContent = t.excerpt;
        li.appendChild(ex);
      }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); }); // the field keeps the focus
      li.addEventListener("click", function () { pick(i); });
      li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      return li;
    }
    function show(c, found) {
      list.textContent = "";
      note.textContent = "";
      items = found;
      at = c;
      found.forEach(function (t, i) { list.appendChild(option(t, i)); });
      if (!found.length) note.textContent = box.dataset.new.split("%s").join(c.word);
      if (status) status.textContent = note.textContent;
      box.hidden = false;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      setActive(found.length ? 0 : -1);
    }
    function pick(i) {
      var t = items[i];
      if (!t || !at || input.value !== at.value) { close(); return; }
      var rest = at.value.slice(at.end);
      var before = at.value.slice(0, at.start) + t.name;
      input.value = before + (rest && isTagSep(rest[0]) ? "" : " ") + rest;
      input.setSelectionRange(before.length + 1, before.length + 1);
      close();
      input.focus();
    }
    function update() {
      var c = current();
      if (!tagPrefix(c.word) || c.others.indexOf(c.word) >= 0) { close(); return; }
      var size = TAG_SUGGESTIONS + c.others.length, key = size + " " + c.word;
      var got = function (all) {
        var now = current();
        if (now.word !== c.word || document.activeElement !== input) return; // typed on, or left
        // Most used first, the tag named as typed before them (the API's order).
        var found = all.filter(function (t) { return now.others.indexOf(t.name) < 0; }).slice(0, TAG_SUGGESTIONS);
        if (!found.length && !tagWhole(now.word)) { close(); return; } // ".": no tag, and none starts so
        show(now, found);
      };
      if (cache[key]) { got(cache[key]); return; }
      fetch("/api/v1/tags?page_size=" + size + "&filter=" + encodeURIComponent(c.word), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (data) {
          if (!data) return;
          cache[key] = data.items || [];
          got(cache[key]);
        })
        .catch(function () {});
    }

    input.addEventListener("input", debounce(update, 200));
    input.addEventListener("keydown", function (ev) {
      picked = false;
      if (ev.isComposing) return;
      var open = !box.hidden && items.length > 0;
      switch (ev.key) {
      case "ArrowDown":
        ev.preventDefault();
        if (open) setActive((active + 1) % items.length); else update();
        break;
      case "ArrowUp":
        if (!open) break;
        ev.preventDefault();
        setActive(active <= 0 ? items.length - 1 : active - 1);
        break;
      case "Enter":
        if (!open || active < 0) break;
        ev.preventDefault(); // picks, does not send the form
        picked = true;
        pick(active);
        break;
      case "Tab":
        // Picks and moves on, as Tab does: the focus goes to the next
        // field (a keyboard user was kept in this one, a second Tab away).
        if (open && active >= 0 && !ev.shiftKey) pick(active);
        else close();
        break;
      case "Escape":
        if (box.hidden) break;
        ev.preventDefault();
        close();
        break;
      case "ArrowLeft": case "ArrowRight": case "Home": case "End":
        close(); // the caret may leave the word
        break;
      }
    });
    // The keypress of the Enter that picked sends the form where it still
    // comes after the keydown was prevented (synthetic key events do so).
    input.addEventListener("keypress", function (ev) { if (picked && ev.key === "Enter") ev.preventDefault(); });
    input.addEventListener("keyup", function () { picked = false; });
    input.addEventListener("click", close);
    input.addEventListener("blur", close);
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

  function answered(it) { return it.has_accepted_answer || it.is_answered || it.answer_count > 0; }

  function hiddenInput(name, value) {
    var i = el("input");
    i.type = "hidden";
    i.name = name;
    i.value = value;
    return i;
  }

  // follow is the Follow button of a question nobody answered yet (a log-in
  // link for a visitor who is not logged in), as the page itself shows it.
  function follow(d, session, it) {
    if (d.member === undefined) {
      var p = el("p", "help-follow");
      var a = el("a", "small", d.labelFollowLogin);
      a.href = "/login?" + new URLSearchParams({ why: "help_follow", next: "/help/" + session.id }).toString();
      a.rel = "nofollow";
      p.appendChild(a);
      return p;
    }
    var on = (session.following || []).indexOf(it.id) >= 0;
    var f = el("form", "follow-form help-follow");
    f.method = "post";
    f.action = "/questions/" + it.id + "/follow";
    f.appendChild(hiddenInput("_csrf", csrf));
    f.appendChild(hiddenInput("follow", on ? "false" : "true"));
    f.appendChild(hiddenInput("next", "/help/" + session.id + "#suggestion-" + it.id));
    var b = el("button", "small secondary", on ? d.labelUnfollow : d.labelFollow);
    b.type = "submit";
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.appendChild(el("span", "sr-only", " " + it.title));
    f.appendChild(b);
    f.appendChild(el("span", "help", on ? d.labelFollowOn : d.labelFollowHelp));
    return f;
  }

  function list(d, session, items) {
    var ol = el("ol", "suggestions");
    items.forEach(function (it) {
      var li = el("li", "suggestion");
      li.id = "suggestion-" + it.id;
      var a = el("a", "", it.title);
      a.href = "/help/" + session.id + "/open/" + it.id;
      a.dir = "auto";
      li.appendChild(a);
      li.appendChild(el("span", "muted state", " · " + (it.has_accepted_answer ? d.labelAccepted : answered(it) ? d.labelAnswered : d.labelOpen)));
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
      if (!answered(it)) li.appendChild(follow(d, session, it));
      ol.appendChild(li);
    });
    return ol;
  }

  // render lists the answered suggestions under "Existing answers" and
  // those nobody answered yet apart, as the page itself does.
  function render(box, session) {
    var d = box.dataset;
    box.textContent = "";
    box.appendChild(el("h2", "", d.labelTitle));
    var items = session.suggestions || [];
    var done = items.filter(answered), open = items.filter(function (it) { return !answered(it); });
    if (done.length) box.appendChild(list(d, session, done));
    else box.appendChild(el("p", "muted", open.length ? d.labelNoAnswers : d.labelNone));
    if (open.length) {
      box.appendChild(el("h2", "", d.labelUnanswered));
      var ol = list(d, session, open);
      ol.classList.add("unanswered");
      box.appendChild(ol);
    }
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
        // The page of results it came from: what the search showed.
        ["sort", "page", "exact"].forEach(function (n) {
          solved.querySelector("input[name=" + n + "]").value = ref.searchParams.get(n) || "";
        });
        var link = solved.querySelector("a[data-help-link]");
        if (link) link.href = "/help?query=" + encodeURIComponent(q);
        solved.hidden = false;
      }
    } catch (e) { /* no usable referrer */ }
  }
})();
