// The HTML report's script, inlined into the page: draws the SVG charts and the sortable, filterable
// findings table from the embedded JSON. Plain ES2017 for any current browser; no libraries, no network.
// It is a string (the project compiles without DOM types); html.browser.test.ts runs it in Chromium.
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('keyhole-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    (kids || []).forEach(function (c) { if (c !== null && c !== undefined) e.append(c); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

  // Charts: a horizontal bar per label, or one column per month.
  function drawBars(box, chart) {
    var rowH = 22, labelW = 170, width = 520, barW = width - labelW - 50;
    var max = Math.max.apply(null, chart.bars.map(function (b) { return b.value; }).concat([1]));
    var g = svg('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + (chart.bars.length * rowH + 6), role: 'img', 'aria-label': chart.title });
    chart.bars.forEach(function (b, i) {
      var y = i * rowH + 3, w = Math.max(2, Math.round(barW * b.value / max));
      var label = svg('text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end' }, clip(b.label, 28));
      label.append(svg('title', {}, b.label));
      g.append(label);
      var bar = svg('rect', { class: 'bar', x: labelW, y: y, width: w, height: rowH - 6, rx: 2 });
      bar.append(svg('title', {}, b.label + ': ' + b.value));
      g.append(bar);
      g.append(svg('text', { x: labelW + w + 5, y: y + 14 }, String(b.value)));
    });
    box.append(g);
  }
  function drawTime(box, chart) {
    var width = 520, height = 200, left = 30, bottom = 34, top = 10;
    var n = chart.bars.length, plotW = width - left - 10, plotH = height - bottom - top;
    var max = Math.max.apply(null, chart.bars.map(function (b) { return b.value; }).concat([1]));
    var step = plotW / n, every = Math.max(1, Math.ceil(n / 8));
    var g = svg('svg', { class: 'chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': chart.title });
    g.append(svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: width - 10, y2: top + plotH }));
    g.append(svg('text', { x: left - 4, y: top + 8, 'text-anchor': 'end' }, String(max)));
    g.append(svg('text', { x: left - 4, y: top + plotH, 'text-anchor': 'end' }, '0'));
    chart.bars.forEach(function (b, i) {
      var h = Math.round(plotH * b.value / max), x = left + i * step;
      if (b.value > 0) {
        var bar = svg('rect', { class: 'bar', x: (x + step * 0.1).toFixed(1), y: top + plotH - h, width: Math.max(1, step * 0.8).toFixed(1), height: h });
        bar.append(svg('title', {}, b.label + ': ' + b.value));
        g.append(bar);
      }
      if (i % every === 0) g.append(svg('text', { x: (x + step / 2).toFixed(1), y: height - bottom + 16, 'text-anchor': 'middle' }, b.label));
    });
    box.append(g);
  }
  data.charts.forEach(function (chart) {
    var box = document.getElementById(chart.id);
    if (!box) return;
    if (chart.bars.length === 0) { box.append(el('p', { class: 'empty' }, ['Nothing to show.'])); return; }
    (chart.kind === 'time' ? drawTime : drawBars)(box, chart);
  });

  // The findings table.
  var tbody = document.getElementById('findings-body');
  var count = document.getElementById('findings-count');
  var filterBox = document.getElementById('filter-text');
  var sevBox = document.getElementById('filter-severity');
  var state = { key: 'rank', dir: 1, text: '', severity: '', open: {} };
  var KEYS = {
    rank: function (f) { return f.rank; },
    severity: function (f) { return SEVERITIES.indexOf(f.severity); },
    rule: function (f) { return f.ruleName.toLowerCase(); },
    provider: function (f) { return f.provider.toLowerCase(); },
    secret: function (f) { return f.secret.toLowerCase(); },
    locations: function (f) { return f.locations.length; },
    places: function (f) { return f.places.join(' '); },
    first: function (f) { return f.firstTime === undefined ? Infinity : f.firstTime; }
  };

  function haystack(f) {
    return [f.ruleName, f.ruleId, f.provider, f.category, f.secret, f.severity, f.validation, f.first || '']
      .concat(f.places, f.sources, f.locations.map(function (l) { return l.where + ' ' + l.context; }))
      .join('\n').toLowerCase();
  }
  data.findings.forEach(function (f) { f.hay = haystack(f); });

  function placeTags(places) {
    return places.map(function (p) { return el('span', { class: 'place' }, [p]); });
  }
  function locationItem(l) {
    var meta = [l.place];
    if (l.encoding) meta.push('encoded: ' + l.encoding);
    if (l.refs) meta.push('refs: ' + l.refs);
    if (l.detail) meta.push(l.detail);
    var kids = [el('div', {}, [el('code', {}, [l.where])]), el('div', { class: 'meta' }, [meta.join(' · ')])];
    if (l.context) kids.push(el('pre', {}, [l.context]));
    if (l.commit) {
      kids.push(el('div', { class: 'meta' }, ['commit ' + l.commit.id.slice(0, 10) + ' by ' + l.commit.author + ' <' + l.commit.email + '> on ' +
        l.commit.date + (l.commit.summary ? ': ' + l.commit.summary : '')]));
    }
    if (l.issue) kids.push(el('div', { class: 'meta' }, ['by ' + (l.issue.author || 'unknown') + (l.issue.date ? ' on ' + l.issue.date : '')]));
    return el('li', {}, kids);
  }
  function docsLink(url) {
    if (!/^https?:\/\//i.test(url)) return el('code', {}, [url]);
    return el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, [url]);
  }
  function details(f) {
    var left = el('div', {}, [
      el('h3', {}, ['Locations (' + f.locations.length + ')']),
      el('ul', { class: 'locs' }, f.locations.map(locationItem))
    ]);
    var right = el('div', {}, [
      el('h3', {}, ['Secret']), el('pre', {}, [f.secret]),
      el('h3', {}, ['Validation']), el('p', {}, [f.validation || 'not checked']),
      el('h3', {}, ['First exposed']), el('p', {}, [f.first || 'no dated location']),
      el('h3', {}, ['Rotation']), f.rotation ? el('pre', {}, [f.rotation]) : el('p', { class: 'empty' }, ['No rotation steps for this rule; revoke it at the issuer.']),
      f.docs ? el('p', {}, ['Docs: ', docsLink(f.docs)]) : null,
      el('p', { class: 'meta' }, ['Rule ' + f.ruleId + ' · category ' + f.category + ' · id ' + f.id])
    ]);
    return el('div', { class: 'detail-grid' }, [left, right]);
  }
  function rows(f) {
    var open = !!state.open[f.id];
    var detailId = 'detail-' + f.id;
    var button = el('button', { type: 'button', class: 'expander', 'aria-expanded': String(open), 'aria-controls': detailId, 'aria-label': 'Details of ' + f.ruleName }, [open ? '▾' : '▸']);
    button.addEventListener('click', function () { state.open[f.id] = !state.open[f.id]; render(); });
    var row = el('tr', { class: 'finding-row', 'data-id': f.id }, [
      el('td', {}, [button]),
      el('td', { class: 'num' }, [String(f.rank)]),
      el('td', {}, [el('span', { class: 'sev sev-' + f.severity }, [f.severity])]),
      el('td', {}, [f.ruleName]),
      el('td', {}, [f.provider]),
      el('td', { class: 'secret mono' }, [clip(f.secret.split('\n')[0], 60)]),
      el('td', { class: 'num' }, [String(f.locations.length)]),
      el('td', {}, placeTags(f.places)),
      el('td', {}, [f.first ? f.first.slice(0, 10) : '—'])
    ]);
    var detail = el('tr', { class: 'detail', id: detailId }, [el('td', { colspan: '9' }, open ? [details(f)] : [])]);
    detail.hidden = !open;
    return [row, detail];
  }
  function render() {
    var text = state.text.toLowerCase();
    var key = KEYS[state.key];
    var shown = data.findings.filter(function (f) {
      return (!state.severity || f.severity === state.severity) && (!text || f.hay.indexOf(text) >= 0);
    });
    shown.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : a.rank - b.rank) * (x === y ? 1 : state.dir);
    });
    tbody.replaceChildren.apply(tbody, shown.reduce(function (acc, f) { return acc.concat(rows(f)); }, []));
    count.textContent = 'Showing ' + shown.length + ' of ' + data.findings.length + ' findings.';
    document.querySelectorAll('#findings th[data-key]').forEach(function (th) {
      if (th.getAttribute('data-key') === state.key) th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }
  document.querySelectorAll('#findings th[data-key] button').forEach(function (b) {
    b.addEventListener('click', function () {
      var key = b.parentElement.getAttribute('data-key');
      state.dir = state.key === key ? -state.dir : 1;
      state.key = key;
      render();
    });
  });
  filterBox.addEventListener('input', function () { state.text = filterBox.value; render(); });
  sevBox.addEventListener('change', function () { state.severity = sevBox.value; render(); });
  render();
  document.body.setAttribute('data-ready', 'true');
})();
`;
