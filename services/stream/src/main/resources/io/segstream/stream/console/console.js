// segstream web console: polls /console/api/overview every two seconds and draws it with ECharts; the customer
// lookup asks the query API. Errors are counted on <body data-errors> so a browser test can read them.
(function () {
  'use strict';
  const body = document.body;
  let errors = 0;
  function countError() { errors += 1; body.dataset.errors = String(errors); }
  window.addEventListener('error', countError);
  window.addEventListener('unhandledrejection', countError);
  const consoleError = console.error.bind(console);
  console.error = function (...args) { countError(); consoleError(...args); };

  const charts = {};
  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    }
    return charts[id];
  }
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));

  function points(id, n) { body.dataset['points' + id] = String(n); }
  function fmt(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) { return '–'; }
    return Number(v).toLocaleString('en', { maximumFractionDigits: digits === undefined ? 1 : digits });
  }
  // ECharts renders tooltips as HTML: every name in one goes through this.
  function escapeHtml(v) {
    return String(v).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }
  // The API token travels in the URL fragment, which the browser never sends to a server or writes to its logs.
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem('segstream.token', fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem('segstream.token');
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function table(headers, rows) {
    const t = el('table');
    const head = el('tr');
    headers.forEach(h => head.appendChild(el('th', { scope: 'col' }, h)));
    t.appendChild(el('thead')).appendChild(head);
    const tb = t.appendChild(el('tbody'));
    rows.forEach(r => {
      const tr = el('tr');
      r.forEach((c, i) => tr.appendChild(el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, c)));
      tb.appendChild(tr);
    });
    return t;
  }

  function drawSizes(sizes) {
    const series = sizes.series.map(s => ({
      name: s.name, type: 'line', stack: 'size', areaStyle: {}, showSymbol: false,
      data: s.values.map((v, i) => [sizes.times[i], v])
    }));
    chart('sizes').setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'customers' }, series: series
    }, { replaceMerge: ['series'] });
    points('Sizes', series.reduce((n, s) => n + s.data.length, 0));
  }

  function drawTransitions(id, label, t) {
    const data = [];
    let max = 1;
    t.from.forEach((f, y) => t.to.forEach((to, x) => {
      const n = t.counts[y][x];
      if (n > 0) { data.push([x, y, n]); max = Math.max(max, n); }
    }));
    chart(id).setOption({
      animation: false, tooltip: { formatter: p => escapeHtml(t.from[p.value[1]]) + ' → ' + escapeHtml(t.to[p.value[0]]) + ': '
        + escapeHtml(p.value[2]) },
      grid: { left: 110, right: 20, top: 10, bottom: 70 },
      xAxis: { type: 'category', data: t.to, axisLabel: { rotate: 30 } },
      yAxis: { type: 'category', data: t.from },
      visualMap: { min: 0, max: max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
        itemHeight: 80, show: data.length > 0 },
      series: [{ type: 'heatmap', data: data, label: { show: true } }]
    }, { replaceMerge: ['series'] });
    points(label, data.length);
  }

  function drawPsi(psi) {
    const names = Object.keys(psi.features);
    const values = names.map(n => psi.features[n]);
    if (psi.segments !== null) { names.push('segment shares'); values.push(psi.segments); }
    chart('psi').setOption({
      animation: false, tooltip: {}, grid: { left: 110, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value' }, yAxis: { type: 'category', data: names },
      series: [{ type: 'bar', data: values.map(v => Number(v.toFixed(4))),
        markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0.1 }, { xAxis: 0.25 }] } }]
    });
    points('Psi', values.length);
  }

  function drawModels(models, rejected) {
    chart('models').setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 50, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: models.map(m => 'v' + m.version) },
      yAxis: [{ type: 'value', name: 'silhouette', min: 0, max: 1 }, { type: 'value', name: 'k', minInterval: 1 }],
      series: [
        { name: 'silhouette', type: 'line', data: models.map(m => Number(m.silhouette.toFixed(4))) },
        { name: 'k', type: 'bar', yAxisIndex: 1, data: models.map(m => m.k), barMaxWidth: 24 }]
    });
    points('Models', models.length);
    document.getElementById('refusals').textContent = 'Models refused by this instance: ' + rejected + '.';
  }

  function drawProfiles(segments) {
    const box = document.getElementById('profiles');
    box.replaceChildren();
    if (segments.length === 0) { box.textContent = 'No model yet.'; return; }
    const features = Object.keys(segments[0].profile);
    box.appendChild(table(['segment'].concat(features),
      segments.map(s => [s.id + ' ' + s.name].concat(features.map(f => fmt(s.profile[f], 1))))));
    points('Profiles', segments.length);
  }

  async function refresh() {
    try {
      const response = await fetch('/console/api/overview', { cache: 'no-store' });
      if (!response.ok) { throw new Error('overview ' + response.status); }
      const o = await response.json();
      const model = o.model ? 'model v' + o.model.version + ', k = ' + o.model.k + ', silhouette '
        + fmt(o.model.silhouette, 3) : 'no model yet';
      document.getElementById('status').textContent = 'Stream time ' + (o.streamTime || '–') + ' · ' + model;
      drawSizes(o.sizes);
      drawTransitions('transitions', 'Transitions', o.transitions);
      drawTransitions('model-transitions', 'ModelTransitions', o.modelTransitions);
      document.getElementById('rescore').textContent = o.rescoreProgress < 1
        ? 'Re-scoring with the newest model: ' + fmt(100 * o.rescoreProgress, 1) + '% of customers reached.' : '';
      document.getElementById('psi-model').textContent = o.psi.modelVersion === null
        ? 'No model has scored every customer yet.' : 'Model v' + o.psi.modelVersion + ', all its customers.';
      drawPsi(o.psi);
      drawModels(o.models, o.rejectedModels);
      drawProfiles(o.segments);
      body.dataset.status = 'ok';
    } catch (e) {
      document.getElementById('status').textContent = 'Cannot reach the stream instance (' + e.message + '); retrying.';
      body.dataset.status = 'unreachable';
    }
  }

  async function lookup(id) {
    const out = document.getElementById('customer-result');
    out.replaceChildren(el('p', {}, 'Looking up ' + id + '…'));
    delete out.dataset.segmentId;
    const response = await fetch('/customers/' + encodeURIComponent(id),
      { cache: 'no-store', headers: token ? { Authorization: 'Bearer ' + token } : {} });
    const c = await response.json();
    out.replaceChildren();
    if (!response.ok) {
      out.appendChild(el('p', { class: 'error' }, c.error || ('HTTP ' + response.status)));
      out.dataset.status = String(response.status);
      return;
    }
    const seg = c.segment;
    out.appendChild(el('p', {}, 'Customer ' + c.customerId + ': '
      + (seg ? seg.segmentName + ' (segment ' + seg.segmentId + ', model v' + seg.modelVersion + ')' : 'not yet segmented')
      + ' · features as of ' + c.asOf + ' · served by ' + c.servedBy));
    const f = c.features;
    const rows = [['recency (days)', fmt(f.recencyDays, 0)], ['frequency', fmt(f.frequency, 0)],
      ['monetary', fmt(f.monetary, 2)], ['length (days)', fmt(f.lengthDays, 0)],
      ['average spend', fmt(f.avgSpend, 2)], ['unique products', fmt(f.uniqueProducts, 0)],
      ['invoices, 6 months', fmt(f.frequency6m, 0)], ['monetary, 6 months', fmt(f.monetary6m, 2)]];
    if (c.lifetime) {
      rows.push(['P(alive)', fmt(c.lifetime.pAlive, 3)],
        ['expected purchases, ' + c.lifetime.outlookDays + ' days', fmt(c.lifetime.expectedPurchases, 2)],
        ['value, ' + c.lifetime.horizonMonths + ' months', fmt(c.lifetime.lifetimeValue, 2)]);
    }
    out.appendChild(table(['feature', 'value'], rows));
    out.appendChild(el('h3', {}, 'Last changes'));
    if (c.changes.length === 0) {
      out.appendChild(el('p', {}, 'No segment change yet.'));
    } else {
      const list = el('ol');
      c.changes.forEach(ch => {
        const li = el('li', {}, ch.eventTime + ' · ' + ch.cause + ': ' + (ch.fromSegmentName || '–') + ' → '
          + ch.toSegmentName + ' (model v' + ch.modelVersion + ')');
        if (ch.why) { li.appendChild(el('div', { class: 'why' }, ch.why)); }
        list.appendChild(li);
      });
      out.appendChild(list);
      out.dataset.lastChangeTime = c.changes[0].eventTime;
      out.dataset.lastChangeCause = c.changes[0].cause;
    }
    out.dataset.segmentId = seg ? String(seg.segmentId) : '';
    out.dataset.status = '200';
  }

  document.getElementById('lookup').addEventListener('submit', event => {
    event.preventDefault();
    const id = document.getElementById('customer').value.trim();
    if (id) { lookup(id); }
  });
  const wanted = new URLSearchParams(location.search).get('customer');
  if (wanted) { document.getElementById('customer').value = wanted; lookup(wanted); }
  refresh();
  setInterval(refresh, 2000);
}());
