/* argmap report: builds the page from the JSON document beside it.
   Map text is only ever put into the page as text (textContent, text
   nodes, attribute values), never parsed as HTML; links go to "#/…"
   addresses of this page, or to http(s) sources. No network: the data and
   the drawings are in this file. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("argmap-data").textContent);
  var LANG = DATA.lang;
  var COMP = DATA.comparison;
  var MAIN = document.getElementById("main");
  var GLYPH = { pro: "▲", con: "▼", mixed: "◆" };
  var REL_MARK = { supports: "←", attacks: "✗", undercuts: "⤫" };
  var STATUS_WORDS = { out: "defeated", undec: "undecided" };
  var KIND_WORDS = { same_as: "same as", contradicts: "contradicts" };

  /* ------------------------------------------------------------ text */

  // As argmap.visible shows text in a terminal: controls and bidi controls
  // become symbols, so nothing in a map reorders or hides what is around it.
  function shown(value) {
    var s = String(value);
    return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, function (ch) {
      var c = ch.charCodeAt(0);
      if (c < 0x20) return String.fromCharCode(0x2400 + c);
      if (c === 0x7f) return "\u2421";
      if (c === 0x2028 || c === 0x2029) return "\u2424";
      return "\ufffd";
    });
  }

  function safeHref(value) {
    var s = String(value);
    if (s.charAt(0) === "#") return s;
    try {
      var url = new URL(s);
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch (e) { /* not a URL: shown as text */ }
    return null;
  }

  function h(tag, props) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") e.className = v;
        else if (k === "text") e.textContent = shown(v);
        else if (k === "href") { var href = safeHref(v); if (href !== null) e.setAttribute("href", href); }
        else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? "" : shown(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }

  function add(parent, kid) {
    if (kid === null || kid === undefined || kid === false) return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { add(parent, k); }); return; }
    parent.append(typeof kid === "string" || typeof kid === "number" ? document.createTextNode(shown(kid)) : kid);
  }

  function route() {
    var parts = Array.prototype.slice.call(arguments);
    return "#/" + parts.map(function (p) { return encodeURIComponent(p); }).join("/");
  }

  function langOf(map) {
    var l = map && map.language;
    return typeof l === "string" && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(l) ? l : null;
  }

  function nodeText(node) { return LANG === "en" && node.en ? node.en : node.text; }

  // Text in the language shown: the gloss under --lang en, else the original.
  function textEl(map, node, tag) {
    var en = LANG === "en" && node.en;
    return h(tag || "span", { class: "t", lang: en ? "en" : langOf(map), dir: "auto" }, en ? node.en : node.text);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

  function stanceEl(stance, extra) {
    return h("span", { class: "stance" }, (GLYPH[stance] || "") + " " + stance + (extra || ""));
  }

  function qualifier(o) {
    var parts = [];
    if (o && o.scope) parts.push("scope: " + o.scope);
    if (o && o.condition) parts.push("if " + o.condition);
    return parts.join("; ");
  }

  /* ------------------------------------------------------------ indexes */

  var MAPS = DATA.maps;
  var BY_KEY = {}, BY_ID = {}, NODES = {}, BY_PATH = {};
  MAPS.forEach(function (m) {
    BY_KEY[m.key] = m;
    if (m.id && !(m.id in BY_ID)) BY_ID[m.id] = m;
    BY_PATH[m.path] = m;
    var table = {};
    m.nodes.forEach(function (n) { if (!(n.id in table)) table[n.id] = n; });
    NODES[m.key] = table;
  });
  var COMPARED = {};
  if (COMP) COMP.maps.forEach(function (c) { COMPARED[c.id] = c; });
  var ISSUES = {};
  DATA.issues.forEach(function (i) { ISSUES[i.id] = i; });

  // The map a comparison names (a speaker of a dialogue is its map's voice).
  function mapFor(id) {
    var c = COMPARED[id];
    if (c && c.map && BY_KEY[c.map]) return BY_KEY[c.map];
    return BY_ID[id] || null;
  }
  function labelFor(id) { var c = COMPARED[id]; return c ? c.label : (BY_ID[id] ? BY_ID[id].label : id); }

  function lookup(mapId, nodeId) {
    var m = mapFor(mapId);
    return m ? { map: m, node: NODES[m.key][nodeId] || null } : { map: null, node: null };
  }

  // Relations that reach each node: incoming[map key][node id], and links
  // from other maps (same_as, contradicts) by "map id:node id".
  var INCOMING = {}, LINKED = {};
  MAPS.forEach(function (m) {
    var inc = INCOMING[m.key] = {};
    m.relations.forEach(function (r) {
      if (r.map) {
        var key = r.map + ":" + r.to;
        (LINKED[key] = LINKED[key] || []).push({ map: m, rel: r });
        return;
      }
      var ends = r.kind === "undercuts" && r.edge ? r.edge.split("->").join("+").split("+") : [r.to];
      ends.forEach(function (end) { (inc[end] = inc[end] || []).push(r); });
    });
  });

  function nodeLink(map, node, label) {
    return h("a", { href: route("map", map.key, node.id) }, h("span", { class: "id" }, label || node.id));
  }

  // A node as the comparison cites it: kind, id (a link), locator, text, quote.
  function citation(mapId, ref, before, after) {
    var found = lookup(mapId, ref.id);
    var node = found.node, map = found.map;
    if (!node) return h("span", null, before || "", h("span", { class: "id" }, ref.id), after ? [" ", after] : null);
    return h("span", null,
      before || "",
      h("span", { class: "kind" }, node.kind), " ", nodeLink(map, node), after ? [" ", after] : null,
      node.locator ? h("span", { class: "loc" }, " (" + node.locator + ")") : null, " ",
      textEl(map, node),
      node.quote ? h("q", { class: "q", lang: langOf(map), dir: "auto" }, node.quote) : null);
  }

  /* ------------------------------------------------------------ drawings */

  var SVG_CACHE = {};

  function drawing(id) {
    if (SVG_CACHE[id]) return Promise.resolve(SVG_CACHE[id].cloneNode(true));
    var holder = document.getElementById(id);
    if (!holder) return Promise.reject(new Error("no drawing " + id));
    if (holder.tagName === "TEMPLATE") {
      SVG_CACHE[id] = holder.content.firstElementChild;
      return Promise.resolve(document.importNode(SVG_CACHE[id], true));
    }
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser cannot unpack the drawings (it has no DecompressionStream); the outline below holds the same nodes"));
    }
    var bytes = Uint8Array.from(atob(holder.textContent.trim()), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (text) {
      var doc = new DOMParser().parseFromString(text, "image/svg+xml");
      if (doc.getElementsByTagName("parsererror").length) throw new Error("the drawing could not be read");
      SVG_CACHE[id] = doc.documentElement;
      return document.importNode(doc.documentElement, true);
    });
  }

  // A drawing with pan and zoom: wheel, drag, the buttons, and the keys
  // + − 0 and the arrows when the drawing has focus.
  function viewer(id, label, opts) {
    opts = opts || {};
    var box = h("div", { class: "viewport" + (opts.figure ? " figure" : ""), tabindex: "0", role: "group",
      "aria-label": label + ". Keys: + and − zoom, arrows pan, 0 fits the whole drawing." });
    var state = { svg: null, base: null, vb: null };
    var api = { el: null, ready: null, focusOn: function () {}, svg: function () { return state.svg; } };

    function set(vb) {
      var b = state.base;
      // Out to twice the whole drawing, in to a sixtieth of its width.
      var w = Math.min(Math.max(vb.w, b.w / 60), Math.max(b.w, b.h * vb.w / vb.h) * 2);
      var hgt = vb.h * (w / vb.w);
      state.vb = { x: vb.x, y: vb.y, w: w, h: hgt };
      state.svg.setAttribute("viewBox", [state.vb.x, state.vb.y, state.vb.w, state.vb.h].join(" "));
    }
    function scale() { // screen pixels per drawing unit
      var r = box.getBoundingClientRect();
      return Math.min(r.width / state.vb.w, r.height / state.vb.h) || 1;
    }
    function toSvg(clientX, clientY) {
      var ctm = state.svg.getScreenCTM();
      if (!ctm) return { x: state.vb.x + state.vb.w / 2, y: state.vb.y + state.vb.h / 2 };
      var p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
      return { x: p.x, y: p.y };
    }
    function zoom(factor, at) {
      var vb = state.vb;
      at = at || { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 };
      var w = vb.w / factor, hgt = vb.h / factor;
      set({ x: at.x - (at.x - vb.x) / factor, y: at.y - (at.y - vb.y) / factor, w: w, h: hgt });
    }
    function pan(dx, dy) { set({ x: state.vb.x + dx, y: state.vb.y + dy, w: state.vb.w, h: state.vb.h }); }
    function fit() {
      var r = box.getBoundingClientRect(), b = state.base;
      var ratio = r.height > 0 ? r.width / r.height : b.w / b.h;
      // Never larger than actual size: a small map is not blown up to fill the box.
      var w = Math.max(b.w, b.h * ratio, r.width * 72 / 96), hgt = w / ratio;
      set({ x: b.x - (w - b.w) / 2, y: b.y - (hgt - b.h) / 2, w: w, h: hgt });
    }
    function actual() { // one point of the drawing at 96/72 pixels, as a browser shows the SVG on its own
      var r = box.getBoundingClientRect();
      var w = r.width * 72 / 96, hgt = r.height * 72 / 96, vb = state.vb;
      set({ x: vb.x + vb.w / 2 - w / 2, y: vb.y + vb.h / 2 - hgt / 2, w: w, h: hgt });
    }
    function bounds(el) {
      var r = el.getBoundingClientRect();
      var a = toSvg(r.left, r.top), b = toSvg(r.right, r.bottom);
      return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
    }
    api.focusOn = function (el, readable) {
      if (!state.svg) return;
      var t = bounds(el), vb = state.vb;
      if (readable && scale() < 0.6) {
        var r = box.getBoundingClientRect();
        var w = r.width / 0.8, hgt = r.height / 0.8;
        set({ x: t.x + t.w / 2 - w / 2, y: t.y + t.h / 2 - hgt / 2, w: w, h: hgt });
        return;
      }
      var inside = t.x >= vb.x && t.y >= vb.y && t.x + t.w <= vb.x + vb.w && t.y + t.h <= vb.y + vb.h;
      if (!inside) set({ x: t.x + t.w / 2 - vb.w / 2, y: t.y + t.h / 2 - vb.h / 2, w: vb.w, h: vb.h });
    };
    // Readable, with the node (the thesis) at the edge the drawing grows
    // from: the top, or the left when the reasons stand beside it.
    api.start = function (el) {
      var t = bounds(el), b = state.base, r = box.getBoundingClientRect();
      var w = r.width / 0.8, hgt = r.height / 0.8, pad = 20;
      var x = t.x + t.w / 2 - w / 2, y = t.y + t.h / 2 - hgt / 2;
      if (t.x - b.x < b.w * 0.25) x = t.x - pad;
      if (t.y - b.y < b.h * 0.25) y = t.y - pad;
      set({ x: x, y: y, w: w, h: hgt });
    };
    // The full width, from the top: a tall figure read down the page.
    api.fitWidth = function () {
      var r = box.getBoundingClientRect(), b = state.base;
      var ratio = r.height > 0 ? r.width / r.height : b.w / b.h;
      var w = Math.max(b.w, r.width * 72 / 96), hgt = w / ratio;
      set({ x: b.x - (w - b.w) / 2, y: b.y, w: w, h: hgt });
    };
    api.view = function () { return state.vb; };
    api.restore = function (vb) { if (state.svg && vb) set(vb); };

    var tools = h("div", { class: "toolbar", role: "toolbar", "aria-label": "Zoom" },
      h("button", { class: "btn", type: "button", "aria-label": "Zoom in", title: "Zoom in (+)", onclick: function () { zoom(1.25); } }, "+"),
      h("button", { class: "btn", type: "button", "aria-label": "Zoom out", title: "Zoom out (−)", onclick: function () { zoom(0.8); } }, "−"),
      h("button", { class: "btn", type: "button", title: "The whole drawing (0)", onclick: function () { fit(); } }, "Fit"),
      h("button", { class: "btn", type: "button", title: "Actual size", onclick: function () { actual(); } }, "1:1"),
      h("span", { class: "muted small" }, (opts.figure ? "Drag to pan; click the figure, then wheel to zoom" : "Drag to pan, wheel to zoom") +
        (opts.nodes ? ", click a box for its details" : "") + "."));

    var drag = null;
    box.addEventListener("wheel", function (e) {
      if (!state.svg) return;
      // A figure in the middle of a page lets the page scroll past it until
      // it is chosen (clicked or focused), or Ctrl is held.
      if (opts.figure && !e.ctrlKey && document.activeElement !== box) return;
      e.preventDefault();
      zoom(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), toSvg(e.clientX, e.clientY));
    }, { passive: false });
    box.addEventListener("pointerdown", function (e) {
      if (!state.svg || e.button !== 0) return;
      if (document.activeElement !== box && !e.target.closest("g.node[data-node]")) box.focus({ preventScroll: true });
      drag = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
    });
    box.addEventListener("pointermove", function (e) {
      if (!drag || e.pointerId !== drag.id) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) { drag.moved = true; box.classList.add("dragging"); box.setPointerCapture(e.pointerId); }
      var s = scale();
      pan(-dx / s, -dy / s);
      drag.x = e.clientX; drag.y = e.clientY;
    });
    function endDrag(e) {
      if (!drag) return;
      if (drag.moved) {
        box.classList.remove("dragging");
        // The click that ends a drag is not a choice of node.
        box.addEventListener("click", function stop(ev) { ev.stopPropagation(); ev.preventDefault(); }, { capture: true, once: true });
      }
      drag = null;
    }
    box.addEventListener("pointerup", endDrag);
    box.addEventListener("pointercancel", endDrag);
    box.addEventListener("keydown", function (e) {
      if (!state.svg || e.altKey || e.ctrlKey || e.metaKey) return;
      var step = 0.1, vb = state.vb, done = true;
      if (e.key === "+" || e.key === "=") zoom(1.25);
      else if (e.key === "-" || e.key === "_") zoom(0.8);
      else if (e.key === "0") fit();
      else if (e.key === "ArrowLeft") pan(-vb.w * step, 0);
      else if (e.key === "ArrowRight") pan(vb.w * step, 0);
      else if (e.key === "ArrowUp") pan(0, -vb.h * step);
      else if (e.key === "ArrowDown") pan(0, vb.h * step);
      else done = false;
      if (done) e.preventDefault();
    });

    api.el = h("div", { class: "viewer" }, tools, box);
    api.ready = drawing(id).then(function (svg) {
      state.svg = svg;
      var v = svg.viewBox.baseVal;
      state.base = { x: v.x, y: v.y, w: v.width || 1, h: v.height || 1 };
      state.vb = Object.assign({}, state.base);
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
      box.append(svg);
      requestAnimationFrame(function () { fit(); if (opts.start) opts.start(api); });
      return api;
    }, function (err) {
      box.replaceWith(h("p", { class: "banner note" }, "The drawing is not shown: " + err.message));
      tools.remove();
      return api;
    });
    api.fit = function () { if (state.svg) fit(); };
    api.scale = function () { return state.svg ? scale() : 1; };
    return api;
  }

  /* ------------------------------------------------------------ page shell */

  function nav(current) {
    var items = [["", "Overview"]];
    if (COMP) items.push(["matrix", "Stances"]);
    if (MAPS.length) items.push(["maps", "Maps"]);
    if (DATA.issues.length) items.push(["issues", "Questions"]);
    if (DATA.diagnostics.length) {
      var serious = DATA.summary.errors + DATA.summary.warnings;
      items.push(["problems", (serious ? "Problems (" + serious + ")" : "Notes (" + DATA.diagnostics.length + ")")]);
    }
    var ul = document.getElementById("nav");
    ul.replaceChildren();
    items.forEach(function (it) {
      ul.append(h("li", null, h("a", { href: "#/" + it[0], "aria-current": it[0] === current ? "page" : null }, it[1])));
    });
  }

  function heading(level, text) {
    return h("h" + level, { tabindex: "-1", id: "view-title" }, text);
  }

  function section(title, id) {
    var s = h("section", { "aria-labelledby": id });
    s.append(h("h2", { id: id }, title));
    return s;
  }

  /* ------------------------------------------------------------ overview */

  function authors(m) {
    var list = (LANG === "en" && m.authors_en) || m.authors;
    if (Array.isArray(list)) return list.join(", ");
    return list ? String(list) : "";
  }
  function titleOf(m) { return (LANG === "en" && m.title_en) || m.title || ""; }

  function textsTable() {
    var body = h("tbody");
    MAPS.forEach(function (m) {
      body.append(h("tr", null,
        h("td", null, h("span", { class: "t", lang: LANG === "en" && m.authors_en ? "en" : langOf(m), dir: "auto" }, authors(m) || "—")),
        h("td", null, m.year === null ? "—" : String(m.year)),
        h("td", null, h("span", { class: "t", lang: LANG === "en" && m.title_en ? "en" : langOf(m), dir: "auto" }, titleOf(m) || "—")),
        h("td", null, m.venue ? h("span", { class: "t", dir: "auto" }, String(m.venue)) : "—"),
        h("td", null, h("a", { href: route("map", m.key) }, h("span", { class: "id" }, m.id || m.path)),
          m.errors ? h("span", { class: "sev-error" }, " " + plural(m.errors, "error")) : null),
        h("td", null, String(m.nodes.length))));
    });
    return h("div", { class: "scroll" }, h("table", { class: "data" },
      h("caption", { class: "visually-hidden" }, "The texts mapped"),
      h("thead", null, h("tr", null, ["Author", "Year", "Title", "Venue", "Map", "Nodes"].map(function (c) {
        return h("th", { scope: "col" }, c);
      }))), body));
  }

  function issueItem(issue) {
    var row = issueRow(issue.id);
    var n = row ? row.stances.length : 0;
    return h("li", null,
      h("a", { href: route("issue", issue.id) }, h("span", { class: "id" }, issue.id)), " ",
      h("span", { class: "t", lang: LANG === "en" && issue.en ? "en" : null, dir: "auto" }, LANG === "en" && issue.en ? issue.en : issue.text), " ",
      h("span", { class: "status " + issue.status }, issue.status), " ",
      h("span", { class: "muted small" }, n ? plural(n, "text") + " take a stance" : "no stance"));
  }

  function issueRow(id) {
    if (!COMP) return null;
    for (var i = 0; i < COMP.issues.length; i++) if (COMP.issues[i].id === id) return COMP.issues[i];
    return null;
  }

  function agreementTable() {
    var pairs = COMP.agreement;
    if (COMP.maps.length <= 12 && !COMP.agreement_trimmed) {
      var at = {};
      pairs.forEach(function (p) { at[p.a + "\u0000" + p.b] = p; at[p.b + "\u0000" + p.a] = p; });
      var head = h("tr", null, h("td"), COMP.maps.map(function (m) { return h("th", { scope: "col" }, m.label); }));
      var body = h("tbody");
      COMP.maps.forEach(function (a) {
        var tr = h("tr", null, h("th", { scope: "row" }, a.label));
        COMP.maps.forEach(function (b) {
          if (a.id === b.id) { tr.append(h("td", { class: "muted" }, "—")); return; }
          var p = at[a.id + "\u0000" + b.id];
          if (!p || !p.shared) { tr.append(h("td", { class: "muted", title: "no question in common" }, "·")); return; }
          tr.append(h("td", { title: a.label + " and " + b.label + " agree on " + p.agree + " of the " + p.shared + " questions both answer" },
            Math.round(p.share * 100) + "% ", h("span", { class: "muted small" }, "(" + p.agree + "/" + p.shared + ")")));
        });
        body.append(tr);
      });
      return h("div", { class: "scroll" }, h("table", { class: "data agreement" },
        h("caption", { class: "muted small" }, "Share of the questions both answer on which they take the same stance (agree / shared); · no question in common."),
        h("thead", null, head), body));
    }
    var rows = h("tbody");
    pairs.forEach(function (p) {
      rows.append(h("tr", null, h("td", null, labelFor(p.a)), h("td", null, labelFor(p.b)),
        h("td", null, String(p.shared)), h("td", null, String(p.agree)),
        h("td", null, p.share === null ? "—" : Math.round(p.share * 100) + "%")));
    });
    return h("div", { class: "scroll" }, h("table", { class: "data" },
      h("caption", { class: "muted small" }, COMP.agreement_trimmed ? "The pairs that agree most, then those that agree least." : "Every pair of texts."),
      h("thead", null, h("tr", null, ["Text", "Text", "Shared", "Agree", "Share"].map(function (c) { return h("th", { scope: "col" }, c); }))),
      rows));
  }

  function overview() {
    var out = [heading(1, document.title)];
    if (!DATA.complete) {
      out.push(h("div", { class: "banner", role: "alert" },
        h("p", null, h("strong", null, "The maps have errors. "), DATA.summary.text),
        h("p", null, "This report shows the errors instead of diagrams and comparisons that would not match the text. Fix them and build again (or build with --force to see what parsed).")));
      out.push(problemList());
      return out;
    }
    var lead = h("p", null, plural(MAPS.length, "text") + " mapped. ", DATA.summary.text, " ");
    if (DATA.diagnostics.length) lead.append(h("a", { href: "#/problems" }, DATA.summary.errors + DATA.summary.warnings ? "See the problems." : "See the notes."));
    out.push(lead);
    if (DATA.summary.errors) {
      out.push(h("p", { class: "banner", role: "alert" }, "Built with --force: what parsed is shown, despite " + plural(DATA.summary.errors, "error") + ". ",
        h("a", { href: "#/problems" }, "See them.")));
    }
    var texts = section("Texts", "s-texts");
    texts.append(textsTable());
    out.push(texts);
    if (DATA.issues.length) {
      var qs = section("Shared questions", "s-questions");
      qs.append(h("ul", { class: "issues-list" }, DATA.issues.map(issueItem)));
      out.push(qs);
    }
    var fig = section("Comparison figure", "s-figure");
    if (DATA.figure) {
      var v = viewer(DATA.figure, "The stance matrix as a figure: one row per question, one column per text", {
        figure: true, start: function (api) { if (api.scale() < 0.6) api.fitWidth(); } });
      fig.append(h("figure", null, v.el, h("figcaption", { class: "muted small" },
        "Each cell: ▲ pro, ▼ con, ◆ mixed, with the node that carries the stance. The same stances, clickable, are under ",
        h("a", { href: "#/matrix" }, "Stances"), ".")));
    } else {
      fig.append(h("p", { class: "muted" }, DATA.figure_note || DATA.nothing_to_compare || "No figure: nothing to compare."));
    }
    out.push(fig);
    if (COMP) {
      var ag = section("Agreement between authors", "s-agreement");
      ag.append(agreementTable());
      out.push(ag);
      if (COMP.warnings.length) {
        var w = section("Notes on the comparison", "s-warnings");
        w.append(h("ul", null, COMP.warnings.map(function (x) { return h("li", null, x); })));
        out.push(w);
      }
    }
    return out;
  }

  /* ------------------------------------------------------------ stances */

  function cellButton(issue, pos, m) {
    var sides = pos.sides ? Object.keys(pos.sides).map(function (k) { return pos.sides[k]; }) : [];
    var objection = COMP.objections[issue.id] && COMP.objections[issue.id][pos.map];
    var qual = qualifier(pos);
    var carrier = sides.length ? sides.join("/") : pos.carrier + (objection ? "✗" : "");
    return h("button", {
      type: "button", class: "cell " + pos.stance, "data-issue": issue.id, "data-map": pos.map, "aria-pressed": "false",
      "aria-label": m.label + " on " + issue.id + ": " + pos.stance + (qual ? " (" + qual + ")" : "") + ", carried by " + carrier + ". Show the reasoning.",
      title: qual || null,
    }, h("span", { class: "stance" }, GLYPH[pos.stance] + " " + pos.stance + (qual ? "†" : "")), h("span", { class: "id" }, carrier));
  }

  function matrix(issueId, mapId) {
    var out = [heading(1, "Stances")];
    if (!COMP) {
      out.push(h("p", { class: "muted" }, DATA.nothing_to_compare || "Nothing to compare."));
      return out;
    }
    out.push(h("p", null, "One row per question, one column per text, oldest first. Choose a cell (click, or Tab to it and press Enter) to see the reasoning behind it: the nodes, their stances, quotes and locators, as ",
      h("code", null, "argmap compare --explain"), " shows them. Arrow keys move between cells."));
    var head = h("tr", null, h("th", { class: "issue", scope: "col" }, "Question"),
      COMP.maps.map(function (m) { return h("th", { scope: "col" }, h("span", { class: "t", dir: "auto" }, m.label)); }));
    var body = h("tbody");
    COMP.issues.forEach(function (row) {
      var issue = ISSUES[row.id] || { id: row.id, text: row.text };
      var byMap = {};
      row.stances.forEach(function (p) { byMap[p.map] = p; });
      var tr = h("tr", null, h("th", { class: "issue", scope: "row" },
        h("a", { href: route("issue", row.id) }, h("span", { class: "id" }, row.id)), h("br"),
        h("span", { class: "t small", dir: "auto", lang: LANG === "en" && issue.en ? "en" : null }, row.text)));
      COMP.maps.forEach(function (m) {
        var p = byMap[m.id];
        tr.append(h("td", null, p ? cellButton(issue, p, m) : h("span", { class: "silent", "aria-label": m.label + " takes no stance on " + row.id }, "·")));
      });
      body.append(tr);
    });
    var table = h("table", { class: "matrix", id: "matrix" },
      h("caption", { class: "visually-hidden" }, "Stance of each text on each question"), h("thead", null, head), body);
    table.addEventListener("click", function (e) {
      var b = e.target.closest("button.cell");
      if (b) openExplain(b.getAttribute("data-issue"), b.getAttribute("data-map"), true);
    });
    table.addEventListener("keydown", function (e) {
      var b = e.target.closest("button.cell");
      if (!b) return;
      var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      var mv = moves[e.key];
      if (!mv) return;
      var td = b.parentElement, tr = td.parentElement;
      var rows = Array.prototype.slice.call(tr.parentElement.children);
      var r = rows.indexOf(tr), c = Array.prototype.indexOf.call(tr.children, td);
      for (var step = 1; step < 400; step++) {
        var rr = r + mv[0] * step, cc = c + mv[1] * step;
        if (rr < 0 || rr >= rows.length || cc < 1 || cc >= tr.children.length) break;
        var next = rows[rr].children[cc].querySelector("button.cell");
        if (next) { next.focus(); e.preventDefault(); return; }
      }
    });
    out.push(h("div", { class: "scroll" }, table));
    out.push(h("p", { class: "legend" }, "▲ pro · ▼ con · ◆ mixed · · silent. Under the stance, the node that carries it (for a mixed position, the author's node on each side); † qualified (a scope or a condition: hover or open the cell); ✗ only an objection the author raises."));
    out.push(h("div", { id: "explain" }));
    if (issueId && mapId) setTimeout(function () { openExplain(issueId, mapId, false); }, 0);
    return out;
  }

  function openExplain(issueId, mapId, fromCell) {
    var holder = document.getElementById("explain");
    var e = COMP.explain[issueId] && COMP.explain[issueId][mapId];
    if (!holder || !e) return;
    document.querySelectorAll("button.cell[aria-pressed='true']").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    var cell = document.querySelector("button.cell[data-issue='" + CSS.escape(issueId) + "'][data-map='" + CSS.escape(mapId) + "']");
    if (cell) cell.setAttribute("aria-pressed", "true");
    history.replaceState(null, "", route("matrix", issueId, mapId));
    var panel = explanation(issueId, mapId, e, function () {
      holder.replaceChildren();
      if (cell) { cell.setAttribute("aria-pressed", "false"); cell.focus(); }
      history.replaceState(null, "", "#/matrix");
    });
    holder.replaceChildren(panel);
    var title = panel.querySelector("h2");
    title.focus({ preventScroll: true });
    panel.scrollIntoView({ block: "nearest" });
    if (!fromCell && cell) cell.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function explanation(issueId, mapId, e, close) {
    var issue = ISSUES[issueId] || { id: issueId, text: "" };
    var pos = e.position;
    var qual = qualifier(pos);
    var m = mapFor(mapId);
    var objection = COMP.objections[issueId] && COMP.objections[issueId][mapId];
    var box = h("section", { class: "explain", "aria-labelledby": "explain-title", role: "region" });
    if (close) box.append(h("button", { class: "btn close", type: "button", onclick: close }, "Close"));
    box.append(h("h2", { id: "explain-title", tabindex: "-1" }, h("span", { class: "id" }, issueId), " · ", e.map.label));
    box.append(h("p", null, h("span", { class: "t", dir: "auto", lang: LANG === "en" && issue.en ? "en" : null }, LANG === "en" && issue.en ? issue.en : issue.text)));
    box.append(h("p", null, h("strong", null, e.map.label), " (", m ? h("a", { href: route("map", m.key) }, e.map.path) : e.map.path, "): ",
      stanceEl(pos.stance), qual ? " " + qual : ""));
    box.append(h("p", null, "rule: " + e.rule.text + "."));
    if (objection) box.append(h("p", null, objection.charAt(0).toUpperCase() + objection.slice(1) + "."));
    box.append(h("h3", null, "Nodes that take a stance"));
    box.append(h("ul", null, pos.nodes.map(function (n) {
      var words = n.stance + (qualifier(n) ? " [" + qualifier(n) + "]" : "");
      return h("li", null, citation(n.map, n, null, h("span", null, h("span", { class: "stance" }, "[" + (GLYPH[n.stance] || "") + " " + words + "]"),
        n.agrees ? null : h("strong", null, " apart"))));
    })));
    box.append(h("h3", null, "Strongest support"));
    box.append(e.support ? h("p", null, citation(e.support.map, e.support)) : h("p", null, "None: nothing supports the carrier."));
    box.append(h("h3", null, "Counterpoints against this position"));
    if (!e.concessions.length) box.append(h("p", null, "None."));
    else box.append(h("ul", null, e.concessions.map(function (k) {
      var answered = k.answered_by.length ? h("span", null, "; answered by ", k.answered_by.map(function (a, i) {
        var f = lookup(a.map, a.id);
        return [i ? ", " : "", f.node ? nodeLink(f.map, f.node) : a.id, f.node && f.node.locator ? " (" + f.node.locator + ")" : ""];
      })) : null;
      return h("li", null, h("strong", null, k.status + " "), citation(k.map, k), h("br"),
        h("span", { class: "muted" }, "counted because " + k.why), answered);
    })));
    box.append(h("p", null, h("a", { href: route("issue", issueId) }, "Each author's reasoning on " + issueId)));
    return box;
  }

  /* ------------------------------------------------------------ maps */

  function mapsList() {
    return [heading(1, "Maps"), h("p", null, "Each map as its diagram, with a panel for the node you choose and a text outline."), textsTable()];
  }

  function children(map) {
    var kids = {}, roots = [];
    map.nodes.forEach(function (n) {
      if (n.parent && NODES[map.key][n.parent]) (kids[n.parent] = kids[n.parent] || []).push(n);
      else roots.push(n);
    });
    return { kids: kids, roots: roots };
  }

  function outline(map, choose) {
    var tree = children(map);
    function list(nodes) {
      return h("ul", null, nodes.map(function (n) {
        return h("li", null,
          h("button", { class: "linkish", type: "button", "data-node": n.id, onclick: function () { choose(n.id, "outline"); } },
            h("span", { class: "kind" }, n.kind), " ", h("span", { class: "id" }, n.id)), " ",
          textEl(map, n), tree.kids[n.id] ? list(tree.kids[n.id]) : null);
      }));
    }
    return h("details", { class: "outline", open: map.diagram ? null : true },
      h("summary", null, "Text outline of the map (" + plural(map.nodes.length, "node") + ")"), list(tree.roots));
  }

  function relationWords(r) {
    return KIND_WORDS[r.kind] || r.kind;
  }

  function panelFor(map, node) {
    var out = h("div");
    out.append(h("h2", { tabindex: "-1", id: "node-title" }, h("span", { class: "kind" }, node.kind), " ", h("span", { class: "id" }, node.id),
      node.title ? h("span", null, " · ", h("span", { class: "t", dir: "auto" }, node.title)) : null));
    out.append(h("p", { class: "big" }, h("span", { class: "t", lang: langOf(map), dir: "auto" }, node.text)));
    var dl = h("dl");
    function row(term, value) { if (value !== null && value !== undefined && value !== "") dl.append(h("dt", null, term), h("dd", null, value)); }
    row("English gloss", node.en ? h("span", { class: "gloss", lang: "en", dir: "auto" }, node.en) : null);
    row("Quote", node.quote ? h("blockquote", { class: "q", lang: langOf(map), dir: "auto" }, node.quote) : null);
    row("Locator", node.locator ? h("span", { class: "t", dir: "auto" }, node.locator) : null);
    if (node.source) {
      var href = safeHref(node.source);
      row("Source", href && href.charAt(0) !== "#" ? h("a", { href: href, rel: "noopener noreferrer", target: "_blank" }, node.source) : h("span", { class: "t", dir: "auto" }, node.source));
    }
    row("Speaker", node.speaker ? h("span", { class: "t", dir: "auto" }, node.speaker) : null);
    row("Tags", node.tags.length ? node.tags.map(function (t) { return h("span", { class: "tag" }, "#" + t); }) : null);
    row("Note", node.note ? h("span", { class: "t", dir: "auto" }, node.note) : null);
    row("Stances", node.stances.length ? h("ul", { class: "rels" }, node.stances.map(function (s) {
      var q = qualifier(s);
      return h("li", null, h("a", { href: route("issue", s.issue) }, h("span", { class: "id" }, s.issue)), ": ", stanceEl(s.stance), q ? " (" + q + ")" : "");
    })) : null);
    row("Relations", relations(map, node));
    row("In the file", map.path + ":" + node.line);
    out.append(dl);
    return out;
  }

  function clip(text, n) {
    var chars = Array.from(String(text));
    return chars.length > n ? chars.slice(0, n).join("") + "…" : String(text);
  }

  // A node another relates to: a link, and the start of its text. `here` is
  // the map the panel shows (the id alone), else map:id.
  function refTo(here, mapId, nodeId) {
    var other = mapId === here.id ? here : mapId ? BY_ID[mapId] : null;
    var n = other ? NODES[other.key][nodeId] : null;
    var label = (other === here ? "" : mapId + ":") + nodeId;
    if (!n) return h("span", null, h("span", { class: "id" }, label), mapId && other !== here ? h("span", { class: "muted" }, " (not in this report)") : null);
    var en = LANG === "en" && n.en;
    return h("span", null, nodeLink(other, n, label), " ",
      h("span", { class: "t muted small", lang: en ? "en" : langOf(other), dir: "auto", title: nodeText(n) }, clip(nodeText(n), 48)));
  }

  function relations(map, node) {
    var items = [];
    map.relations.forEach(function (r) {
      if (r.from.indexOf(node.id) < 0) return;
      var joint = r.from.length > 1 ? "with " + r.from.filter(function (x) { return x !== node.id; }).join(" + ") + ", jointly " : "";
      var scheme = r.scheme ? " (" + r.scheme + ")" : "";
      if (r.map) items.push(h("li", null, "→ " + relationWords(r) + " ", refTo(map, r.map, r.to)));
      else if (r.kind === "undercuts" && r.edge) {
        var ends = r.edge.split("->");
        items.push(h("li", null, "→ undercuts the inference ", ends.map(function (e, i) {
          return [i ? " → " : "", e.split("+").map(function (x, j) { return [j ? " + " : "", refTo(map, map.id, x)]; })];
        })));
      } else items.push(h("li", null, "→ " + joint + relationWords(r) + scheme + " ", refTo(map, map.id, r.to)));
    });
    ((INCOMING[map.key] || {})[node.id] || []).forEach(function (r) {
      var what = r.kind === "undercuts" ? "undercuts an inference from or to this node" : relationWords(r) + " this";
      items.push(h("li", null, "← ", r.from.map(function (x, i) { return [i ? " + " : "", refTo(map, map.id, x)]; }), " " + what));
    });
    if (map.id) (LINKED[map.id + ":" + node.id] || []).forEach(function (l) {
      items.push(h("li", null, "← ", refTo(map, l.map.id, l.rel.from[0]), " " + relationWords(l.rel) + " this"));
    });
    return items.length ? h("ul", { class: "rels" }, items) : h("span", { class: "muted" }, "none");
  }

  var CURRENT = { viewer: null, map: null };

  function mapView(key, nodeId) {
    var map = BY_KEY[key];
    if (!map) return notFound("No map " + key + " in this report.");
    var out = [heading(1, map.label + (titleOf(map) ? " — " + titleOf(map) : ""))];
    var bits = [];
    if (authors(map)) bits.push(h("span", null, authors(map)));
    if (map.year !== null) bits.push(h("span", null, String(map.year)));
    if (map.venue) bits.push(h("span", null, String(map.venue)));
    bits.push(h("span", null, h("span", { class: "id" }, map.id || "(no id)"), " in ", map.path));
    if (map.source) {
      var href = safeHref(map.source);
      bits.push(h("span", null, "source: ", href && href.charAt(0) !== "#" ? h("a", { href: href, rel: "noopener noreferrer", target: "_blank" }, map.source) : String(map.source)));
    }
    out.push(h("p", { class: "meta muted" }, bits));
    if (map.translation_of) out.push(h("p", { class: "muted" }, "A translation of ", BY_ID[map.translation_of] ? h("a", { href: route("map", BY_ID[map.translation_of].key) }, map.translation_of) : map.translation_of, ": compared as it."));
    if (map.errors) out.push(h("p", { class: "banner", role: "alert" }, "This map has " + plural(map.errors, "error") + ". ", h("a", { href: "#/problems" }, "See the problems.")));
    var select = h("select", { id: "map-pick", onchange: function () { location.hash = route("map", select.value); } },
      MAPS.map(function (m) { return h("option", { value: m.key, selected: m.key === key ? true : null }, m.label + (m.id ? " (" + m.id + ")" : "")); }));
    out.push(h("p", { class: "noprint" }, h("label", { for: "map-pick" }, "Map: "), select));

    var panel = h("aside", { class: "panel", "aria-label": "The node chosen" },
      h("p", { class: "muted" }, "Choose a node in the diagram or the outline to see its text, gloss, quote, locator, source, tags and relations."));
    var status = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    var v = null;

    function choose(id, from) {
      var node = NODES[key][id];
      if (!node) return;
      panel.replaceChildren(panelFor(map, node));
      status.textContent = shown("Showing " + node.kind + " " + node.id);
      history.replaceState(null, "", route("map", key, id));
      var svg = v && v.svg();
      if (svg) {
        svg.querySelectorAll("g.node.selected").forEach(function (g) { g.classList.remove("selected"); });
        var g = nodeElement(svg, id);
        if (g) { g.classList.add("selected"); v.focusOn(g, from !== "diagram"); }
      }
      if (from !== "diagram") panel.querySelector("h2").focus({ preventScroll: from === "load" });
    }

    var left = h("div");
    if (map.diagram) {
      v = viewer(map.diagram, "Diagram of the map " + (map.id || map.path) + " (" + plural(map.nodes.length, "node") + "); the text outline below holds the same nodes", {
        nodes: true,
        start: function (api) {
          var svg = api.svg();
          svg.querySelectorAll("g.node[data-node]").forEach(function (g) {
            var n = NODES[key][g.getAttribute("data-node")];
            if (!n) return;
            g.setAttribute("tabindex", "0");
            g.setAttribute("role", "button");
            g.setAttribute("aria-label", shown(n.kind + " " + n.id + ": " + nodeText(n)));
          });
          svg.addEventListener("click", function (e) {
            var g = e.target.closest("g.node[data-node]");
            if (g) choose(g.getAttribute("data-node"), "diagram");
          });
          svg.addEventListener("keydown", function (e) {
            var g = e.target.closest && e.target.closest("g.node[data-node]");
            if (g && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); e.stopPropagation(); choose(g.getAttribute("data-node"), "diagram"); }
          });
          var saved = restoreState();
          if (saved && saved.vb) api.restore(saved.vb);
          else if (api.scale() < 0.45) {
            // Too small to read whole: start at a readable size on the thesis.
            var top = map.nodes.filter(function (n) { return n.kind === "thesis"; })[0] || map.nodes[0];
            var g = top && nodeElement(svg, top.id);
            if (g) api.start(g);
          }
          if (nodeId) choose(nodeId, "load");
        },
      });
      left.append(v.el);
    } else {
      left.append(h("p", { class: "banner note" }, "No diagram: " + (map.diagram_note || "not drawn") + ". The outline below holds every node."));
      if (nodeId) setTimeout(function () { choose(nodeId, "load"); }, 0);
    }
    CURRENT.viewer = v;
    CURRENT.map = map;
    out.push(h("div", { class: "mapview" }, left, panel));
    out.push(status);
    out.push(outline(map, choose));
    return out;
  }

  function nodeElement(svg, id) {
    var found = null;
    svg.querySelectorAll("g.node[data-node]").forEach(function (g) { if (!found && g.getAttribute("data-node") === id) found = g; });
    return found;
  }

  /* ------------------------------------------------------------ issues */

  function issuesList() {
    return [heading(1, "Questions"), h("p", null, "The shared questions the texts take stances on; each opens every author's reasoning on it."),
      h("ul", { class: "issues-list" }, DATA.issues.map(issueItem))];
  }

  function branch(map, b) {
    var node = NODES[map.key][b.id];
    var li = h("li");
    if (b.relation) li.append(h("span", { class: "rel " + b.relation, title: b.relation, "aria-label": b.relation }, REL_MARK[b.relation] || ""), " ");
    li.append(h("span", { class: "kind" }, node ? node.kind : ""), " ", node ? nodeLink(map, node) : h("span", { class: "id" }, b.id));
    if (b.stance) li.append(" ", h("span", { class: "stance" }, "[" + GLYPH[b.stance] + " " + b.stance + (b.qualifier ? " (" + b.qualifier + ")" : "") + "]"));
    if (node && node.locator) li.append(" ", h("span", { class: "loc" }, "(" + node.locator + ")"));
    if (b.status !== "in") li.append(" ", h("span", { class: b.status }, STATUS_WORDS[b.status] || b.status));
    if (node) { li.append(" "); li.append(textEl(map, node)); }
    if (node && node.quote) li.append(h("q", { class: "q", lang: langOf(map), dir: "auto" }, node.quote));
    if (b.children.length) li.append(h("ul", null, b.children.map(function (c) { return branch(map, c); })));
    return li;
  }

  function issueView(id) {
    var issue = ISSUES[id];
    if (!issue) return notFound("No question " + id + " in this report.");
    var out = [heading(1, id)];
    out.push(h("p", { class: "big" }, h("span", { class: "t", dir: "auto" }, issue.text),
      issue.en ? h("span", null, h("br"), h("span", { class: "gloss", lang: "en", dir: "auto" }, issue.en)) : null));
    if (issue.note) out.push(h("p", { class: "muted" }, "Note: " + issue.note));
    out.push(h("p", null, h("span", { class: "status " + issue.status }, issue.status), " ", h("span", { class: "muted small" }, "declared in " + issue.path + ":" + issue.line)));
    var chain = COMP && COMP.chains[id];
    if (!chain) {
      out.push(h("p", null, "No map takes a stance on this question."));
      return out;
    }
    out.push(h("p", null, "Each author's chain of reasoning on it, as ", h("code", null, "argmap compare --issue " + id), " shows it: from the nodes that take the stance down through their supports, objections and answers."));
    chain.maps.forEach(function (c) {
      var map = mapFor(c.map);
      var s = h("section", { class: "chain", "aria-label": c.label });
      var q = qualifier(c);
      s.append(h("h2", null, c.label, " ", stanceEl(c.stance), q ? h("span", { class: "muted" }, " (" + q + ")") : null,
        COMP.explain[id] && COMP.explain[id][c.map] ? h("span", { class: "small" }, " · ", h("a", { href: route("matrix", id, c.map) }, "explain")) : null));
      if (map) s.append(h("ul", { class: "tree" }, c.tree.map(function (b) { return branch(map, b); })));
      out.push(s);
    });
    out.push(h("p", { class: "legend" }, "← supports  ✗ attacks  ⤫ undercuts; (locator) in the source; nodes marked defeated or undecided do not stand (argmap evaluate)."));
    return out;
  }

  /* ------------------------------------------------------------ search */

  var FOLD = { "臺": "台" };

  // Text folded for matching, with where each folded character came from:
  // NFKC (full-width forms, compatibility ideographs), lower case, 臺 as 台,
  // runs of space as one. No word segmentation: Chinese matches by substring.
  function fold(text) {
    var out = "", from = [], chars = Array.from(String(text)), pos = 0, space = false;
    chars.forEach(function (ch) {
      var f = ch.normalize("NFKC").toLowerCase();
      f = FOLD[f] || f;
      if (/^\s+$/.test(f)) {
        if (!space && out.length) { out += " "; from.push(pos); }
        space = true;
      } else {
        space = false;
        for (var i = 0; i < f.length; i++) { out += f.charAt(i); from.push(pos); }
      }
      pos += ch.length;
    });
    return { text: out, from: from, raw: String(text) };
  }

  var INDEX = null;
  function index() {
    if (INDEX) return INDEX;
    INDEX = [];
    MAPS.forEach(function (m) {
      m.nodes.forEach(function (n) {
        [["text", n.text], ["gloss", n.en], ["quote", n.quote]].forEach(function (f) {
          if (f[1]) INDEX.push({ map: m, node: n, field: f[0], folded: fold(f[1]), grams: null });
        });
      });
    });
    return INDEX;
  }

  function bigrams(s) {
    var set = new Set(), chars = Array.from(s.replace(/\s+/g, ""));
    for (var i = 0; i + 1 < chars.length; i++) set.add(chars[i] + chars[i + 1]);
    return set;
  }

  function marked(entry, q) {
    var f = entry.folded, out = [], last = 0, at = f.text.indexOf(q);
    var raw = f.raw;
    while (at >= 0) {
      var start = f.from[at], endIdx = at + q.length;
      var end = endIdx < f.from.length ? f.from[endIdx] : raw.length;
      if (start > last) out.push(raw.slice(last, start));
      out.push(h("mark", null, raw.slice(start, end)));
      last = end;
      at = f.text.indexOf(q, endIdx);
    }
    out.push(raw.slice(last));
    return out;
  }

  function search(query) {
    var q = fold(query || "").text.trim();
    var out = [heading(1, "Search")];
    var status = h("p", { role: "status" });
    out.push(status);
    if (!q) { status.textContent = "Type in the search box: node texts, English glosses and quotes are searched, Chinese by any run of characters."; return out; }
    var exact = [], close = [];
    var grams = Array.from(q.replace(/\s+/g, "")).length >= 3 ? bigrams(q) : null;
    var seen = new Set();
    index().forEach(function (e) {
      if (e.folded.text.indexOf(q) >= 0) { exact.push(e); seen.add(e.map.key + "\u0000" + e.node.id); }
    });
    if (grams && grams.size) {
      var need = Math.max(2, Math.ceil(grams.size * 0.6));
      index().forEach(function (e) {
        var k = e.map.key + "\u0000" + e.node.id;
        if (seen.has(k)) return;
        if (!e.grams) e.grams = bigrams(e.folded.text);
        var n = 0;
        grams.forEach(function (g) { if (e.grams.has(g)) n++; });
        if (n >= need) { close.push({ e: e, share: n / grams.size }); seen.add(k); }
      });
      close.sort(function (a, b) { return b.share - a.share; });
    }
    var nodes = new Set(exact.map(function (e) { return e.map.key + "\u0000" + e.node.id; }));
    status.textContent = shown(nodes.size ? plural(nodes.size, "node") + " contain “" + query.trim() + "”" + (close.length ? "; " + close.length + " more are close" : "") + "."
      : "No node contains “" + query.trim() + "”" + (close.length ? "; " + plural(close.length, "node is", "nodes are") + " close." : "."));
    var LIMIT = 300;
    // One entry per node, with each of its fields that matched.
    function grouped(entries) {
      var order = [], by = {};
      entries.forEach(function (e) {
        var k = e.map.key + "\u0000" + e.node.id;
        if (!by[k]) { by[k] = []; order.push(k); }
        by[k].push(e);
      });
      return order.map(function (k) { return by[k]; });
    }
    function line(e, plain) {
      var gloss = e.field === "gloss";
      return h("span", { class: "hit" }, e.field === "text" ? null : h("span", { class: "muted small" }, e.field + ": "),
        h("span", { class: gloss ? "gloss" : "t", lang: gloss ? "en" : langOf(e.map), dir: "auto" }, plain ? e.folded.raw : marked(e, q)));
    }
    function item(entries, extra) {
      var e = entries[0];
      return h("li", null,
        h("a", { href: route("map", e.map.key, e.node.id) }, e.map.label, " · ", e.node.kind + " ", h("span", { class: "id" }, e.node.id)),
        extra ? h("span", { class: "muted small" }, extra) : null,
        entries.map(function (x) { return [h("br"), line(x, !!extra)]; }));
    }
    var groups = grouped(exact);
    if (groups.length) out.push(h("ul", { class: "results" }, groups.slice(0, LIMIT).map(function (g) { return item(g); })));
    if (groups.length > LIMIT) out.push(h("p", { class: "muted" }, "… and " + (groups.length - LIMIT) + " more nodes: narrow the search."));
    if (close.length) {
      out.push(h("h2", null, "Close matches"));
      out.push(h("p", { class: "muted small" }, "Texts that share most of the query's pairs of adjacent characters, in another order or with words between."));
      out.push(h("ul", { class: "results" }, close.slice(0, 100).map(function (c) { return item([c.e], " " + Math.round(c.share * 100) + "% of the pairs"); })));
    }
    var iq = DATA.issues.filter(function (i) { return fold(i.text).text.indexOf(q) >= 0 || (i.en && fold(i.en).text.indexOf(q) >= 0); });
    if (iq.length) {
      out.push(h("h2", null, "Questions"));
      out.push(h("ul", { class: "issues-list" }, iq.map(issueItem)));
    }
    return out;
  }

  /* ------------------------------------------------------------ problems */

  function problemList() {
    var list = h("div");
    DATA.diagnostics.forEach(function (d) {
      var where = d.file ? d.file + (d.line ? ":" + d.line + ":" + d.column : "") : "";
      var box = h("div", { class: "diag" });
      box.append(h("p", null, where ? h("span", { class: "id" }, where + ": ") : null,
        h("span", { class: "sev-" + d.severity }, d.severity + "[" + d.code + "]"), " ", d.message));
      if (d.excerpt) {
        var chars = Array.from(d.excerpt.text);
        var a = Math.max(0, d.excerpt.start - 1), b = Math.max(a + 1, d.excerpt.end - 1);
        box.append(h("pre", null, h("span", { class: "muted" }, d.excerpt.line + " | "),
          chars.slice(0, a).join(""), h("span", { class: "span" }, chars.slice(a, b).join("") || " "), chars.slice(b).join("")));
      }
      if (d.hint) box.append(h("p", { class: "small" }, h("strong", null, "hint: "), d.hint));
      d.related.forEach(function (r) {
        box.append(h("p", { class: "small muted" }, "→ " + r.file + ":" + r.line + ":" + r.column + ": " + r.message));
      });
      var m = d.file && BY_PATH[d.file];
      if (m && d.line) {
        var at = m.nodes.filter(function (n) { return n.line === d.line; })[0];
        if (at) box.append(h("p", { class: "small" }, h("a", { href: route("map", m.key, at.id) }, "Show " + at.kind + " " + at.id + " in its map")));
      }
      list.append(box);
    });
    return list;
  }

  function problems() {
    return [heading(1, "Problems"), h("p", null, DATA.summary.text), problemList()];
  }

  function notFound(message) {
    return [heading(1, "Not found"), h("p", null, message, " ", h("a", { href: "#/" }, "Back to the overview."))];
  }

  /* ------------------------------------------------------------ routing */

  function parts() {
    var raw = location.hash.replace(/^#\/?/, "");
    if (!raw) return [];
    return raw.split("/").map(function (p) { try { return decodeURIComponent(p); } catch (e) { return p; } });
  }

  var input = document.getElementById("q");
  var firstRender = true;

  function render() {
    var p = parts();
    var page = p[0] || "";
    var view;
    CURRENT.viewer = null;
    if (!DATA.complete && page !== "problems") { page = ""; view = overview(); }
    else if (page === "") view = overview();
    else if (page === "matrix") view = matrix(p[1], p[2]);
    else if (page === "maps") view = mapsList();
    else if (page === "map") view = mapView(p[1], p[2]);
    else if (page === "issues") view = issuesList();
    else if (page === "issue") view = issueView(p[1]);
    else if (page === "search") { view = search(p.slice(1).join("/")); if (document.activeElement !== input) input.value = p.slice(1).join("/"); }
    else if (page === "problems") view = problems();
    else view = notFound("No page " + page + " in this report.");
    nav(page === "map" ? "maps" : page === "issue" ? "issues" : page);
    MAIN.replaceChildren();
    add(MAIN, view);
    var saved = firstRender ? restoreState() : null;
    if (saved && typeof saved.scroll === "number") window.scrollTo(0, saved.scroll);
    else if (!(page === "search" && document.activeElement === input)) {
      window.scrollTo(0, 0);
      if (!firstRender) { var t = document.getElementById("view-title"); if (t) t.focus({ preventScroll: true }); }
    }
    firstRender = false;
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      history.replaceState(null, "", input.value ? route("search", input.value) : "#/search");
      render();
    }, 150);
  });
  document.getElementById("search").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    location.hash = route("search", input.value);
    render();
  });
  window.addEventListener("hashchange", render);

  /* ------------------------------------------------------------ serving */

  // A served page (argmap report --serve) asks its server for the next
  // build and reloads when there is one, keeping the place it was at.
  var STATE_KEY = "argmap-report-place";
  var SAVED = (function () {
    try {
      var raw = sessionStorage.getItem(STATE_KEY);
      sessionStorage.removeItem(STATE_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (e) { return null; }
  })();
  function restoreState() {
    return SAVED && SAVED.hash === location.hash ? SAVED : null;
  }
  function saveState() {
    try {
      var v = CURRENT.viewer;
      sessionStorage.setItem(STATE_KEY, JSON.stringify({ hash: location.hash, scroll: window.scrollY, vb: v && v.view ? v.view() : null }));
    } catch (e) { /* private mode: start at the top */ }
  }

  function live() {
    var note = null, failures = 0;
    function say(text) {
      if (!note) { note = h("p", { class: "live", role: "status" }); document.body.append(note); }
      note.textContent = text;
    }
    function ask() {
      fetch("/__argmap/wait?since=" + DATA.live, { cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      }).then(function (j) {
        failures = 0;
        if (j.build !== DATA.live) { saveState(); say("Rebuilt: reloading…"); location.reload(); return; }
        ask();
      }).catch(function () {
        failures++;
        say("The server has stopped: this page no longer updates.");
        setTimeout(ask, Math.min(10000, 1000 * failures));
      });
    }
    ask();
  }

  // Printed, a drawing is shown whole and the outline open; as it was after.
  var beforePrint = null;
  window.addEventListener("beforeprint", function () {
    var v = CURRENT.viewer, closed = Array.prototype.filter.call(document.querySelectorAll("main details"), function (d) { return !d.open; });
    beforePrint = { view: v && v.view ? Object.assign({}, v.view()) : null, closed: closed };
    if (v) v.fit();
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (!beforePrint) return;
    if (CURRENT.viewer && beforePrint.view) CURRENT.viewer.restore(beforePrint.view);
    beforePrint.closed.forEach(function (d) { d.open = false; });
    beforePrint = null;
  });

  document.getElementById("foot").textContent = shown("Made by " + DATA.generator + " from " + plural(DATA.summary.files, "file") +
    (LANG === "en" ? ", in the English glosses" : "") + (DATA.live === null || DATA.live === undefined
      ? ". It works offline: everything it shows is in this file."
      : ". Served by argmap report --serve: it is built again, and this page reloads, when a map changes."));
  render();
  if (DATA.live !== null && DATA.live !== undefined) live();
})();
