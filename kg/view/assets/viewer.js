/* kg's graph viewer. Reads the page's JSON data (#kg-data) and draws it with vis-network.
 *
 * Safety: every name, title and sentence from the data reaches the page through
 * textContent, text nodes or vis-network's canvas and plain-text tooltips; nothing
 * from the data is ever parsed as HTML. Links are only made from http(s) IRIs.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodesData = data.nodes, relations = data.relations;
  var typeInfo = {};
  data.types.forEach(function (t) { typeInfo[t.name] = t; });
  var EDGE_LABELS_AT = 0.9;   // zoom at or above which every edge shows its label
  var ALL_LABELS_AT = 0.8;    // zoom at or above which every entity shows its name
  var FEW_LABELS = 30;        // below that zoom, the most central entities keep their names
  var NODE_FONT = 15, EDGE_FONT = 12;

  // --- small DOM helpers: text only --------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function $(id) { return document.getElementById(id); }
  function plural(n, word, many) { return n.toLocaleString("en") + " " + (n === 1 ? word : many || word + "s"); }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function safeUrl(text) { return /^https?:\/\/[^\s]+$/i.test(text) ? text : null; }

  var SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(type, size) {
    var info = typeInfo[type] || {colour: "#ffffff", shape: "diamond"};
    var s = size || 14, svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", s); svg.setAttribute("height", s); svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("class", "kg-shape"); svg.setAttribute("aria-hidden", "true");
    var shape;
    if (info.shape === "dot") {
      shape = document.createElementNS(SVG, "circle");
      shape.setAttribute("cx", 10); shape.setAttribute("cy", 10); shape.setAttribute("r", 8);
    } else if (info.shape === "square") {
      shape = document.createElementNS(SVG, "rect");
      shape.setAttribute("x", 2.5); shape.setAttribute("y", 2.5); shape.setAttribute("width", 15); shape.setAttribute("height", 15);
    } else {
      var points = {triangle: "10,1.5 19,18 1,18", star: "10,1 12.6,7.2 19.5,7.6 14.2,12 15.9,18.8 10,15.1 4.1,18.8 5.8,12 0.5,7.6 7.4,7.2",
                    diamond: "10,1 19,10 10,19 1,10"}[info.shape] || "10,1 19,10 10,19 1,10";
      shape = document.createElementNS(SVG, "polygon");
      shape.setAttribute("points", points);
    }
    shape.setAttribute("fill", info.colour);
    shape.setAttribute("stroke", "#2b2b2b"); shape.setAttribute("stroke-width", "1");
    svg.appendChild(shape);
    return svg;
  }

  // --- per-entity indexes --------------------------------------------------------------
  var relationsOf = nodesData.map(function () { return []; });
  relations.forEach(function (r, i) {
    relationsOf[r.from].push(i);
    if (r.to !== r.from) relationsOf[r.to].push(i);
  });
  var institutions = [];  // [institution, state]
  nodesData.forEach(function (n, i) {
    if (n.institutionOf !== null && n.institutionOf !== undefined) institutions.push([i, n.institutionOf]);
  });
  // Parallel relations between two entities curve apart; a lone one is straight.
  var pairs = {};
  relations.forEach(function (r, i) {
    var key = Math.min(r.from, r.to) + "-" + Math.max(r.from, r.to);
    (pairs[key] = pairs[key] || []).push(i);
  });
  var smoothOf = {};
  Object.keys(pairs).forEach(function (key) {
    pairs[key].forEach(function (i, k) {
      var r = relations[i];
      if (k === 0 || r.from === r.to) { smoothOf[i] = false; return; }
      var forward = r.from < r.to, side = (k % 2 === 1) === forward;
      smoothOf[i] = {enabled: true, type: side ? "curvedCW" : "curvedCCW", roundness: 0.2 * Math.ceil(k / 2)};
    });
  });

  // --- state ---------------------------------------------------------------------------
  var state = {
    types: new Set(data.types.map(function (t) { return t.name; })),
    predicates: new Set(data.predicates),
    articles: new Set(data.articles.map(function (a, i) { return i; })),
    negated: true, modal: true, background: true, hideIsolated: true,
    limit: data.limit, pinned: new Set()
  };

  function statementShown(st) {
    if (st.article !== null && st.article !== undefined && !state.articles.has(st.article)) return false;
    return state.modal || st.modality === "fact";
  }
  function relationShown(r) {
    if (!state.predicates.has(r.predicate)) return false;
    if (r.negated && !state.negated) return false;
    if (r.background && !state.background) return false;
    if (!state.types.has(nodesData[r.from].type) || !state.types.has(nodesData[r.to].type)) return false;
    return r.statements.some(statementShown);
  }
  function inSelectedArticles(n) {
    return !n.articles.length || n.articles.some(function (a) { return state.articles.has(a); });
  }

  // What to draw under the current filters: the most central entities first, up to the limit.
  function selection() {
    var shownRel = relations.map(relationShown);
    var related = nodesData.map(function () { return false; });
    shownRel.forEach(function (on, i) { if (on) { related[relations[i].from] = true; related[relations[i].to] = true; } });
    var candidates = [], isolated = 0;
    nodesData.forEach(function (n, i) {
      if (!state.types.has(n.type)) return;
      if (state.hideIsolated ? related[i] : (related[i] || inSelectedArticles(n))) candidates.push(i);
      else if (state.hideIsolated && inSelectedArticles(n)) isolated += 1;
    });
    var drawn = new Set(candidates.slice(0, state.limit));
    state.pinned.forEach(function (i) { drawn.add(i); });
    var edges = [];
    shownRel.forEach(function (on, i) {
      if (on && drawn.has(relations[i].from) && drawn.has(relations[i].to)) edges.push(i);
    });
    if (state.hideIsolated) {  // an entity whose partners were all left out is not drawn alone
      var linked = new Set();
      edges.forEach(function (i) { linked.add(relations[i].from); linked.add(relations[i].to); });
      drawn.forEach(function (i) { if (!linked.has(i) && !state.pinned.has(i)) drawn.delete(i); });
    }
    return {candidates: candidates.length, nodes: drawn, edges: edges, truncated: candidates.length > state.limit,
            isolated: isolated};
  }

  // --- vis-network -----------------------------------------------------------------------
  function nodeTooltip(n) {
    var lines = [n.label, n.type + " · " + plural(n.degree, "statement")];
    if (n.aliases.length) lines.push("also: " + n.aliases.join(", "));
    return lines.join("\n");
  }
  function relationText(r) {
    return nodesData[r.from].label + " " + (r.negated ? "not " : "") + r.predicate + " " + nodesData[r.to].label;
  }
  function edgeTooltip(r) {
    var lines = [relationText(r)], st = r.statements[0], article = data.articles[st.article];
    if (r.background) lines.push("background knowledge, not stated in the text (" + st.rule + ")");
    else lines.push("“" + (st.sentence.length > 300 ? st.sentence.slice(0, 300) + "…" : st.sentence) + "”");
    if (article) lines.push("— " + article.title + (article.date ? ", " + article.date : ""));
    lines.push("click for " + (r.statements.length === 1 ? "the evidence" : "all " + r.statements.length + " statements"));
    return lines.join("\n");
  }
  function visNode(i) {
    var n = nodesData[i], info = typeInfo[n.type] || {colour: "#ffffff", shape: "diamond"};
    return {
      id: i, label: n.label, title: nodeTooltip(n), shape: info.shape,
      size: 9 + 2 * Math.min(Math.sqrt(n.degree) * 2, 10),
      color: {background: info.colour, border: "#2b2b2b", highlight: {background: info.colour, border: "#000"},
              hover: {background: info.colour, border: "#000"}},
      borderWidth: 1, borderWidthSelected: 3
    };
  }
  function visEdge(i) {
    var r = relations[i], modal = r.statements.every(function (s) { return s.modality !== "fact"; });
    return {
      id: "r" + i, from: r.from, to: r.to, arrows: "to", title: edgeTooltip(r), label: edgeLabelFor("r" + i),
      dashes: r.background ? [2, 5] : r.negated ? true : modal ? [8, 4] : false,
      color: {color: r.negated ? "#b2182b" : r.background ? "#9aa7b4" : "#7b8494", highlight: "#1d2433", hover: "#1d2433"},
      width: 1 + Math.min(r.statements.length, 4) / 2,
      smooth: smoothOf[i]
    };
  }
  function visInstitution(k) {
    var pair = institutions[k];
    return {id: "i" + k, from: pair[0], to: pair[1], arrows: "to", dashes: [2, 4], color: {color: "#b0b0b0"},
            label: edgeLabelFor("i" + k), title: "institution of (from the text's wording, not a statement)",
            smooth: false};
  }
  function edgeText(id) {
    if (id.charAt(0) === "i") return "institution of";
    var r = relations[+id.slice(1)];
    return (r.negated ? "not " : "") + r.predicate;
  }

  var container = $("mynetwork");
  var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
  var options = {
    layout: {randomSeed: 7, improvedLayout: false},
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -80, centralGravity: 0.012, springLength: 130, springConstant: 0.06,
                         avoidOverlap: 0.6},
      stabilization: {enabled: true, iterations: 400, updateInterval: 50, fit: true}
    },
    nodes: {font: {size: NODE_FONT, face: "system-ui, sans-serif", color: "#1d2433", strokeWidth: 4, strokeColor: "#ffffff"}},
    edges: {font: {size: EDGE_FONT, face: "system-ui, sans-serif", color: "#3a4250", strokeWidth: 4, strokeColor: "#ffffff",
                   align: "middle"}, selectionWidth: 2, hoverWidth: 1, arrows: {to: {scaleFactor: 0.6}}},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: false, multiselect: false}
  };
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.network = network;

  var labels = {edgesAll: false, nodesAll: true, hoverEdge: null, selected: null};
  function edgeLabelFor(id) {
    if (labels.edgesAll || labels.hoverEdge === id) return edgeText(id);
    if (labels.selected !== null) {
      var e = edges.get(id);
      if (e && (e.from === labels.selected || e.to === labels.selected)) return edgeText(id);
    }
    return "";
  }
  var rankOf = {};
  function nodeLabelFor(i) {
    if (labels.nodesAll || labels.selected === i || state.pinned.has(i)) return nodesData[i].label;
    return (rankOf[i] !== undefined && rankOf[i] < FEW_LABELS) ? nodesData[i].label : "";
  }
  function refreshLabels() {
    var scale = network.getScale();
    if (!isFinite(scale) || scale <= 0) scale = 1;
    labels.edgesAll = scale >= EDGE_LABELS_AT;
    labels.nodesAll = scale >= ALL_LABELS_AT || nodes.length <= FEW_LABELS;
    // Names stay legible when zoomed out: the font grows in canvas units as the view shrinks.
    var grow = 1 / Math.min(scale, 1);
    network.setOptions({nodes: {font: {size: Math.min(NODE_FONT * grow, 60)}},
                        edges: {font: {size: Math.min(EDGE_FONT * grow, 48)}}});
    var ids = nodes.getIds(), order = ids.slice().sort(function (a, b) { return a - b; });
    rankOf = {};
    order.forEach(function (id, k) { rankOf[id] = k; });
    nodes.update(ids.map(function (id) { return {id: id, label: nodeLabelFor(id)}; }));
    edges.update(edges.getIds().map(function (id) { return {id: id, label: edgeLabelFor(id)}; }));
  }
  var pending = null;
  network.on("zoom", function () {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; refreshLabels(); }, 120);
  });
  network.on("hoverEdge", function (p) { labels.hoverEdge = p.edge; edges.update({id: p.edge, label: edgeLabelFor(p.edge)}); });
  network.on("blurEdge", function (p) { labels.hoverEdge = null; if (edges.get(p.edge)) edges.update({id: p.edge, label: edgeLabelFor(p.edge)}); });

  // Physics runs until the layout is stable, then stops: the drawing holds still.
  // After a search drew a new entity, the view goes to it; otherwise the whole drawing is fitted.
  var ready = false, pendingFocus = null;
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    if (pendingFocus !== null) {
      network.focus(pendingFocus, {scale: Math.max(network.getScale(), 1.0), animation: false});
      pendingFocus = null;
    } else {
      network.fit({animation: false});
    }
    refreshLabels();
    if (!ready) { ready = true; document.body.setAttribute("data-kg-ready", "1"); }
  });

  var current = {nodes: new Set(), edges: new Set()};
  function redraw() {
    var sel = selection();
    var wantEdges = new Set(sel.edges.map(function (i) { return "r" + i; }));
    institutions.forEach(function (pair, k) { if (sel.nodes.has(pair[0]) && sel.nodes.has(pair[1])) wantEdges.add("i" + k); });
    var addNodes = [], removeNodes = [], addEdges = [], removeEdges = [];
    current.edges.forEach(function (id) { if (!wantEdges.has(id)) removeEdges.push(id); });
    current.nodes.forEach(function (i) { if (!sel.nodes.has(i)) removeNodes.push(i); });
    Array.from(sel.nodes).sort(function (a, b) { return a - b; }).forEach(function (i) { if (!current.nodes.has(i)) addNodes.push(visNode(i)); });
    edges.remove(removeEdges);
    nodes.remove(removeNodes);
    nodes.add(addNodes);
    Array.from(wantEdges).forEach(function (id) {
      if (!current.edges.has(id)) addEdges.push(id.charAt(0) === "i" ? visInstitution(+id.slice(1)) : visEdge(+id.slice(1)));
    });
    edges.add(addEdges);
    current = {nodes: sel.nodes, edges: wantEdges};
    if (addNodes.length) {
      network.setOptions({physics: {enabled: true}});
      network.stabilize(current.nodes.size > 1 ? 400 : 1);
    } else {
      refreshLabels();
    }
    showNote(sel);
    $("kg-summary").textContent = plural(data.nodes.length, "entity", "entities") + ", " +
      plural(relations.reduce(function (n, r) { return n + r.statements.length; }, 0), "statement") +
      ", " + plural(data.articles.length, "article");
  }

  function showNote(sel) {
    var note = $("kg-note");
    note.replaceChildren();
    var drawnEdges = sel.edges.length;
    if (sel.truncated) {
      note.className = "kg-truncated";
      note.appendChild(el("span", null, "Showing the " + sel.nodes.size.toLocaleString("en") + " most central of " +
        sel.candidates.toLocaleString("en") + " entities (ranked by statements, then PageRank), " +
        plural(drawnEdges, "relation") + "."));
      var more = el("button", "kg-link", "Show " + Math.min(data.limit, sel.candidates - state.limit).toLocaleString("en") + " more");
      more.id = "kg-show-more";
      more.addEventListener("click", function () { state.limit += data.limit; redraw(); });
      var all = el("button", "kg-link", "Show all");
      all.id = "kg-show-all";
      all.addEventListener("click", function () { state.limit = nodesData.length; redraw(); });
      note.appendChild(more); note.appendChild(all);
    } else {
      note.className = "";
      note.appendChild(el("span", null, "Showing " + plural(sel.nodes.size, "entity", "entities") +
        " and " + plural(drawnEdges, "relation") + "." +
        (sel.isolated ? " " + plural(sel.isolated, "entity", "entities") + " without relations hidden." : "")));
      if (state.limit > data.limit) {
        var fewer = el("button", "kg-link", "Show the " + data.limit + " most central only");
        fewer.id = "kg-show-fewer";
        fewer.addEventListener("click", function () { state.limit = data.limit; redraw(); });
        note.appendChild(fewer);
      }
    }
  }

  // --- filters ---------------------------------------------------------------------------
  function checkbox(parent, name, count, checked, onChange, icon) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); redraw(); });
    label.appendChild(box);
    if (icon) label.appendChild(icon);
    var text = el("span", "kg-name", name);
    label.title = name;
    label.appendChild(text);
    if (count !== null && count !== undefined) label.appendChild(el("span", "kg-count", count.toLocaleString("en")));
    parent.appendChild(label);
    return box;
  }
  function allNone(holder, boxes, set, values) {
    [["all", true], ["none", false]].forEach(function (pair) {
      var button = el("button", "kg-link", pair[0]);
      button.type = "button";
      button.addEventListener("click", function () {
        boxes.forEach(function (box, k) { box.checked = pair[1]; if (pair[1]) set.add(values[k]); else set.delete(values[k]); });
        redraw();
      });
      holder.appendChild(button);
    });
  }
  function buildFilters() {
    var typeCounts = {}, predicateCounts = {}, articleCounts = data.articles.map(function () { return 0; });
    nodesData.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
    relations.forEach(function (r) {
      predicateCounts[r.predicate] = (predicateCounts[r.predicate] || 0) + r.statements.length;
      r.statements.forEach(function (s) { if (s.article !== null && s.article !== undefined) articleCounts[s.article] += 1; });
    });
    var types = $("kg-filter-types");
    data.types.forEach(function (t) {
      var box = checkbox(types, t.name, typeCounts[t.name], true, function (on) { if (on) state.types.add(t.name); else state.types.delete(t.name); },
                         shapeIcon(t.name, 15));
      box.setAttribute("data-type", t.name);
    });
    var toggles = $("kg-filter-toggles");
    [["hideIsolated", "Hide entities without relations"], ["negated", "Negated statements (dashed red)"],
     ["modal", "Intended, possible or demanded (dashed)"], ["background", "Background knowledge (dotted)"]].forEach(function (t) {
      var box = checkbox(toggles, t[1], null, state[t[0]], function (on) { state[t[0]] = on; });
      box.setAttribute("data-toggle", t[0]);
    });
    var predicates = $("kg-filter-predicates"), pBoxes = data.predicates.map(function (p) {
      var box = checkbox(predicates, p, predicateCounts[p], true, function (on) { if (on) state.predicates.add(p); else state.predicates.delete(p); });
      box.setAttribute("data-predicate", p);
      return box;
    });
    allNone($("kg-predicates-all-none"), pBoxes, state.predicates, data.predicates);
    var articles = $("kg-filter-articles"), indexes = data.articles.map(function (a, i) { return i; });
    var aBoxes = data.articles.map(function (a, i) {
      var box = checkbox(articles, a.title + (a.date ? " (" + a.date + ")" : ""), articleCounts[i], true,
                         function (on) { if (on) state.articles.add(i); else state.articles.delete(i); });
      box.setAttribute("data-article", i);
      return box;
    });
    allNone($("kg-articles-all-none"), aBoxes, state.articles, indexes);
  }

  // --- the side panel ----------------------------------------------------------------------
  var panel = $("kg-panel");
  function section(title) { panel.appendChild(el("h3", null, title)); }
  function entityLink(i) {
    var a = el("button", "kg-link kg-entity-link", nodesData[i].label);
    a.type = "button";
    a.addEventListener("click", function () { focusEntity(i); });
    return a;
  }
  function articleText(index) {
    var a = data.articles[index];
    return a ? a.title + (a.date ? " · " + a.date : "") : "";
  }
  function showHelp() {
    panel.replaceChildren();
    panel.appendChild(el("h2", null, "Explore the graph"));
    [
      "Click an entity to see its type, names and every statement it takes part in.",
      "Click a relation (an arrow) to read the sentences it was found in, with the words that state it highlighted.",
      "Find an entity by name or alias in the search box; filter types, relations and articles on the left.",
      "Dashed red: negated. Dashed grey: intended, possible or demanded. Dotted: background knowledge or the institution of a state."
    ].forEach(function (text) { panel.appendChild(el("p", "kg-help", text)); });
  }
  function showEntity(i) {
    var n = nodesData[i];
    panel.replaceChildren();
    panel.setAttribute("data-entity", i);
    panel.removeAttribute("data-relation");
    panel.appendChild(el("h2", "kg-entity-name", n.label));
    var type = el("div", "kg-type");
    type.appendChild(shapeIcon(n.type, 16));
    type.appendChild(el("span", null, n.type + ((typeInfo[n.type] || {}).family && typeInfo[n.type].family !== n.type ? " (" + typeInfo[n.type].family + ")" : "")));
    panel.appendChild(type);
    section("Names");
    var names = el("ul");
    names.appendChild(el("li", null, n.label + " (canonical)"));
    n.aliases.forEach(function (a) { names.appendChild(el("li", null, a)); });
    panel.appendChild(names);
    var links = n.sameAs.map(safeUrl).filter(Boolean);
    if (links.length) {
      section(links.some(function (u) { return /geonames\.org/.test(u); }) ? "GeoNames" : "Same as");
      var list = el("ul");
      links.forEach(function (url) {
        var li = el("li"), a = el("a", null, url);
        a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
        li.appendChild(a); list.appendChild(li);
      });
      panel.appendChild(list);
    }
    if (n.institutionOf !== null && n.institutionOf !== undefined) {
      section("Institution of");
      panel.appendChild(entityLink(n.institutionOf));
    }
    var mine = relationsOf[i];
    section(plural(mine.reduce(function (k, r) { return k + relations[r].statements.length; }, 0), "statement") +
            " in " + plural(mine.length, "relation"));
    if (!mine.length) panel.appendChild(el("p", "kg-muted", "No relation was read for this entity."));
    var list2 = el("ul", "kg-relations");
    mine.slice().sort(function (a, b) {
      return relations[a].predicate.localeCompare(relations[b].predicate) || a - b;
    }).forEach(function (ri) {
      var r = relations[ri], li = el("li"), button = el("button");
      button.type = "button";
      button.setAttribute("data-relation", ri);
      var outgoing = r.from === i;
      button.appendChild(el("span", null, outgoing ? "→ " : "← "));
      if (!outgoing) button.appendChild(el("strong", null, nodesData[r.from].label + " "));
      if (r.negated) button.appendChild(el("span", "kg-neg", "not "));
      button.appendChild(el("span", null, r.predicate + " "));
      if (outgoing) button.appendChild(el("strong", null, nodesData[r.to].label));
      button.appendChild(el("span", "kg-muted", " (" + r.statements.length + (r.background ? ", background" : "") + ")"));
      if (!current.edges.has("r" + ri)) button.appendChild(el("span", "kg-muted", " · not drawn"));
      button.addEventListener("click", function () { selectRelation(ri); });
      li.appendChild(button); list2.appendChild(li);
    });
    panel.appendChild(list2);
    if (n.articles.length) {
      section("Mentioned in");
      var arts = el("ul");
      n.articles.forEach(function (a) { arts.appendChild(el("li", null, articleText(a))); });
      panel.appendChild(arts);
    }
    section("IRI");
    panel.appendChild(el("div", "kg-muted", n.iri));
  }
  function sentenceQuote(st) {
    var quote = el("blockquote");
    var s = st.sentence, m = st.mark;
    if (m && m[0] >= 0 && m[1] <= s.length && m[0] < m[1]) {
      quote.appendChild(document.createTextNode("“" + s.slice(0, m[0])));
      quote.appendChild(el("mark", null, s.slice(m[0], m[1])));
      quote.appendChild(document.createTextNode(s.slice(m[1]) + "”"));
    } else {
      quote.appendChild(document.createTextNode("“" + s + "”"));
    }
    return quote;
  }
  function showRelation(ri) {
    var r = relations[ri];
    panel.replaceChildren();
    panel.setAttribute("data-relation", ri);
    panel.removeAttribute("data-entity");
    var title = el("h2", "kg-relation-title");
    title.appendChild(entityLink(r.from));
    if (r.negated) title.appendChild(el("span", "kg-neg", " not"));
    title.appendChild(el("span", null, " " + r.predicate + " "));
    title.appendChild(entityLink(r.to));
    panel.appendChild(title);
    var shown = r.statements.filter(statementShown);
    panel.appendChild(el("div", "kg-muted", (r.background ? "Background knowledge, not stated in the text. " : "") +
      plural(r.statements.length, "statement") + (shown.length < r.statements.length ? ", " + (r.statements.length - shown.length) + " hidden by the filters" : "")));
    shown.forEach(function (st) {
      var box = el("div", "kg-statement" + (r.negated ? " kg-negated" : "") + (r.background ? " kg-background" : ""));
      if (!r.background && st.sentence) box.appendChild(sentenceQuote(st));
      if (st.article !== null && st.article !== undefined) box.appendChild(el("div", "kg-article", articleText(st.article)));
      var dl = el("dl");
      function row(name, value) { if (value === null || value === undefined || value === "") return; dl.appendChild(el("dt", null, name)); dl.appendChild(el("dd", null, value)); }
      row("polarity", r.negated ? "negative (the text denies it)" : "positive");
      row("modality", st.modality);
      row("attributed to", st.attribution);
      row("time", st.time);
      row("rule", st.rule);
      row("confidence", Number(st.confidence).toFixed(2));
      box.appendChild(dl);
      panel.appendChild(box);
    });
  }
  function showInstitution(k) {
    var pair = institutions[k];
    panel.replaceChildren();
    var title = el("h2");
    title.appendChild(entityLink(pair[0]));
    title.appendChild(el("span", null, " institution of "));
    title.appendChild(entityLink(pair[1]));
    panel.appendChild(title);
    panel.appendChild(el("p", "kg-help", "Read from the entity's name (an institution of a state), not a statement."));
  }

  function focusEntity(i) {
    labels.selected = i;
    if (!current.nodes.has(i)) { state.pinned.add(i); pendingFocus = i; redraw(); }
    network.selectNodes([i]);
    if (pendingFocus === null)
      network.focus(i, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    refreshLabels();
    showEntity(i);
  }
  function selectRelation(ri) {
    var id = "r" + ri;
    if (current.edges.has(id)) network.selectEdges([id]);
    showRelation(ri);
  }

  network.on("click", function (p) {
    if (p.nodes.length) { labels.selected = p.nodes[0]; refreshLabels(); showEntity(p.nodes[0]); return; }
    labels.selected = null;
    if (p.edges.length) {
      var id = String(p.edges[0]);
      refreshLabels();
      if (id.charAt(0) === "r") showRelation(+id.slice(1)); else showInstitution(+id.slice(1));
      return;
    }
    refreshLabels();
    showHelp();
  });

  // --- search ------------------------------------------------------------------------------
  var searchBox = $("kg-search"), results = $("kg-search-results");
  var searchIndex = nodesData.map(function (n) { return {label: fold(n.label), aliases: n.aliases.map(fold)}; });
  var found = [], active = 0;
  function search(text) {
    var q = fold(text.trim());
    if (!q) return [];
    var hits = [];
    searchIndex.forEach(function (entry, i) {
      var where = entry.label.indexOf(q), alias = null;
      if (where < 0) {
        for (var k = 0; k < entry.aliases.length; k++) {
          if (entry.aliases[k].indexOf(q) >= 0) { alias = nodesData[i].aliases[k]; where = entry.aliases[k].indexOf(q) + 1000; break; }
        }
      }
      if (where >= 0) hits.push({node: i, alias: alias, score: (where === 0 ? 0 : where < 1000 ? 1 : where === 1000 ? 2 : 3)});
    });
    hits.sort(function (a, b) { return a.score - b.score || a.node - b.node; });
    return hits.slice(0, 15);
  }
  function showResults() {
    results.replaceChildren();
    if (!searchBox.value.trim()) { results.hidden = true; return; }
    if (!found.length) { results.appendChild(el("li", "kg-empty", "No entity matches")); results.hidden = false; return; }
    found.forEach(function (hit, k) {
      var li = el("li", k === active ? "kg-active" : null), button = el("button");
      li.setAttribute("role", "option");
      button.type = "button";
      button.setAttribute("data-node", hit.node);
      button.appendChild(shapeIcon(nodesData[hit.node].type, 12));
      button.appendChild(el("span", "kg-result-label", " " + nodesData[hit.node].label));
      button.appendChild(el("span", "kg-sub", nodesData[hit.node].type + (hit.alias ? " · also “" + hit.alias + "”" : "")));
      button.addEventListener("click", function () { choose(hit.node); });
      li.appendChild(button); results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(i) {
    results.hidden = true;
    searchBox.value = nodesData[i].label;
    focusEntity(i);
  }
  searchBox.addEventListener("input", function () { found = search(searchBox.value); active = 0; showResults(); });
  searchBox.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (found.length) { active = (active + (e.key === "ArrowDown" ? 1 : found.length - 1)) % found.length; showResults(); }
      e.preventDefault();
    } else if (e.key === "Enter") {
      if (found.length) choose(found[active].node);
      e.preventDefault();
    } else if (e.key === "Escape") {
      results.hidden = true;
    }
  });
  document.addEventListener("click", function (e) {
    if (!$("kg-search-box").contains(e.target)) results.hidden = true;
  });

  // --- start ---------------------------------------------------------------------------------
  buildFilters();
  showHelp();
  redraw();
  if (!current.nodes.size) {
    document.body.setAttribute("data-kg-ready", "1");
    if (!nodesData.length) $("kg-note").textContent = "This graph has no entities.";
  }
  window.kgViewer = {data: data, nodes: nodes, edges: edges, network: network, state: state, redraw: redraw,
                     focusEntity: focusEntity};
})();
