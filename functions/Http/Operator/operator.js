// The operator page (docs/operator-page.md). Everything it shows comes from the app's API, called with the tenant's API
// key as the Authorization header the API takes; the key lives in sessionStorage (this tab only), never in a URL.
// No libraries: the chart is SVG built here, so the page works offline.
'use strict';

(() => {
  const storageKey = 'creditfunctions.operator';
  const apiBase = new URL('.', window.location.href); // the page is /api/operator: the API is beside it
  const boardLabels = { failed: 'failed', parked: 'parked', late: 'late', pending: 'pending', synced: 'synced', voided: 'voided' };
  const svgNs = 'http://www.w3.org/2000/svg';
  const watchEveryMs = 1000;
  const watchForMs = 60000;

  let session = null;
  let board = 'failed';
  let cursor = null;
  let timelineId = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function formatTime(value) {
    if (!value) {
      return '';
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }

  function formatSeconds(seconds) {
    if (seconds === null || seconds === undefined) {
      return 'n/a';
    }
    if (seconds < 10) {
      return seconds.toFixed(1) + ' s';
    }
    if (seconds < 120) {
      return Math.round(seconds) + ' s';
    }
    if (seconds < 7200) {
      return (seconds / 60).toFixed(seconds < 600 ? 1 : 0) + ' min';
    }
    return (seconds / 3600).toFixed(1) + ' h';
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, method) {
    let response;
    try {
      response = await fetch(new URL(path, apiBase), {
        method: method || 'GET',
        headers: { Authorization: 'Bearer ' + session.key, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'Could not reach the service. Check your connection and try again.');
    }
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (!response.ok) {
      const detail = body && (body.detail || body.title);
      throw new ApiError(response.status, detail || 'The service answered ' + response.status + '.');
    }
    return body;
  }

  const tenantPath = () => 'tenants/' + encodeURIComponent(session.tenant) + '/';
  const documentPath = (id) => tenantPath() + 'credit-notes/' + encodeURIComponent(id);

  function notify(message, isError) {
    const notice = $('notice');
    notice.textContent = message;
    notice.classList.toggle('error', Boolean(isError));
  }

  // A refused key ends the session: the page never keeps working on a key the API no longer takes.
  function handle(error, context) {
    if (error instanceof ApiError && error.status === 401) {
      signOut('Your API key was refused. Sign in again.');
      return;
    }
    notify(context + ': ' + error.message, true);
  }

  // ---- sign in / out ----------------------------------------------------------------------------------------------

  async function signIn(tenant, key) {
    session = { tenant, key };
    let connections;
    try {
      connections = await api(tenantPath() + 'connections');
    } catch (error) {
      session = null;
      if (error.status === 401 || error.status === 404) {
        sessionStorage.removeItem(storageKey); // a key kept from earlier that no longer works is forgotten
      }
      $('sign-in').hidden = false;
      $('sign-in-error').textContent = error.status === 401 || error.status === 404
        ? 'Sign-in refused: that tenant id and API key do not match.'
        : error.message;
      $('api-key').focus();
      return;
    }
    sessionStorage.setItem(storageKey, JSON.stringify(session));
    $('sign-in-form').reset();
    $('sign-in-error').textContent = '';
    enterConsole(connections);
  }

  function signOut(message) {
    session = null;
    sessionStorage.removeItem(storageKey);
    $('console').hidden = true;
    $('who').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    $('tenant').focus();
  }

  function enterConsole(connections) {
    $('sign-in').hidden = true;
    $('console').hidden = false;
    $('who').hidden = false;
    $('who-tenant').textContent = session.tenant;
    notify('');
    renderConnections(connections.items);
    timelineId = null;
    $('timeline-section').hidden = true;
    selectBoard(board, false);
    loadLatency();
    $('main').focus();
  }

  // ---- connections ------------------------------------------------------------------------------------------------

  function renderConnections(items) {
    const list = $('connections');
    list.replaceChildren();
    if (!items.length) {
      list.append(el('li', null, 'This tenant has no ledger connections.'));
      return;
    }
    for (const connection of items) {
      const button = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Reconnect ' + connection.connectionId }, 'Reconnect');
      button.addEventListener('click', () => reconnect(connection.connectionId, button));
      list.append(el('li', null, el('strong', null, connection.connectionId), ' (' + connection.ledger + ')', button));
    }
  }

  async function reconnect(connectionId, button) {
    button.disabled = true;
    notify('Reconnecting ' + connectionId + '…');
    try {
      const result = await api(tenantPath() + 'connections/' + encodeURIComponent(connectionId) + '/reconnect', 'POST');
      const resumed = result.resumed === 1 ? '1 parked document resumed' : result.resumed + ' parked documents resumed';
      notify(connectionId + ' works again: ' + resumed + '.');
      for (const row of document.querySelectorAll('#documents tbody tr')) {
        if (row.dataset.parkedOn && row.dataset.parkedOn.split(' ').includes(connectionId)) {
          watch(row.dataset.id);
        }
      }
    } catch (error) {
      handle(error, connectionId + ' still does not work');
    } finally {
      button.disabled = false;
    }
  }

  // ---- boards -----------------------------------------------------------------------------------------------------

  function tabs() {
    return Array.from(document.querySelectorAll('#boards [role=tab]'));
  }

  function selectBoard(name, focus) {
    board = name;
    for (const tab of tabs()) {
      const selected = tab.dataset.board === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) {
        $('board-panel').setAttribute('aria-labelledby', tab.id);
        if (focus) {
          tab.focus();
        }
      }
    }
    cursor = null;
    $('documents').querySelector('tbody').replaceChildren();
    loadBoard();
  }

  async function loadBoard() {
    const label = boardLabels[board];
    const status = $('board-status');
    const table = $('documents');
    const more = $('more');
    status.textContent = 'Loading ' + label + ' documents…';
    more.hidden = true;
    const shown = board;
    let page;
    try {
      page = await api(tenantPath() + 'credit-notes?board=' + encodeURIComponent(board) + '&pageSize=50'
        + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    } catch (error) {
      if (shown === board) {
        status.textContent = 'Could not load the ' + label + ' documents.';
        handle(error, 'Loading ' + label + ' documents failed');
      }
      return;
    }
    if (shown !== board) {
      return; // another tab was chosen meanwhile
    }
    const body = table.querySelector('tbody');
    for (const item of page.items) {
      body.append(row(item));
    }
    const count = body.rows.length;
    table.hidden = count === 0;
    $('documents-caption').textContent = 'Documents ' + label;
    status.textContent = count === 0
      ? 'No ' + label + ' documents.'
      : count + (count === 1 ? ' ' + label + ' document' : ' ' + label + ' documents') + (page.nextCursor ? ' shown; more below.' : '.');
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }

  function stateBadge(item) {
    const wrapper = el('span', { class: 'state' }, el('span', { class: 'badge ' + item.state }, item.state));
    if (item.late) {
      wrapper.append(' ', el('span', { class: 'badge late' }, 'late'));
    }
    return wrapper;
  }

  function ledgersCell(item) {
    const cell = el('td');
    for (const ledger of item.ledgers) {
      const line = el('div', null, el('strong', null, ledger.connectionId), ' (' + ledger.ledger + '): ' + ledger.state
        + (ledger.needsReconnecting ? ', needs reconnecting' : '')
        + ', ' + ledger.attempts + (ledger.attempts === 1 ? ' attempt' : ' attempts'));
      if (ledger.ledgerDocumentId) {
        line.append(el('small', null, 'Ledger id ' + ledger.ledgerDocumentId + (ledger.syncedAt ? ', synced ' + formatTime(ledger.syncedAt) : '')));
      }
      if (ledger.lastError && ledger.state !== 'synced') {
        line.append(el('small', null, 'Last error: ' + ledger.lastError));
      }
      if (ledger.nextAttemptAt) {
        line.append(el('small', null, 'Next attempt ' + formatTime(ledger.nextAttemptAt)));
      }
      cell.append(line);
    }
    return cell;
  }

  function row(item) {
    const parkedOn = item.ledgers.filter((l) => l.needsReconnecting).map((l) => l.connectionId);
    const tr = el('tr', { 'data-id': item.id, 'data-attempts': attempts(item), 'data-parked-on': parkedOn.join(' ') || null });
    const actions = el('div', { class: 'actions' });
    const timeline = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Timeline of ' + item.id }, 'Timeline');
    timeline.addEventListener('click', () => showTimeline(item.id));
    actions.append(timeline);
    if (item.state === 'failed') {
      const retry = el('button', { type: 'button', 'aria-label': 'Retry ' + item.id }, 'Retry');
      retry.addEventListener('click', () => retryDocument(item.id, retry));
      actions.append(retry);
    }
    tr.append(
      el('th', { scope: 'row' }, item.id),
      el('td', null, String(item.version)),
      el('td', null, stateBadge(item)),
      ledgersCell(item),
      el('td', null, el('time', { datetime: item.acceptedAt }, formatTime(item.acceptedAt))),
      el('td', null, actions));
    return tr;
  }

  function attempts(item) {
    return item.ledgers.reduce((sum, l) => sum + l.attempts, 0);
  }

  function findRow(id) {
    return Array.from(document.querySelectorAll('#documents tbody tr')).find((r) => r.dataset.id === id) || null;
  }

  function updateRow(item) {
    const existing = findRow(item.id);
    if (existing) {
      const replacement = row(item);
      existing.replaceWith(replacement);
    }
  }

  // ---- retry and watching a document ------------------------------------------------------------------------------

  async function retryDocument(id, button) {
    button.disabled = true;
    notify('Sending a retry for ' + id + '…');
    try {
      await api(documentPath(id) + '/retry', 'POST');
      notify('Retry sent for ' + id + '; watching its state.');
      watch(id);
    } catch (error) {
      button.disabled = false;
      handle(error, 'Retry of ' + id + ' refused');
    }
  }

  // Follows a document after an action until it settles (synced, voided, or failed again after trying), updating its
  // row, the open timeline and the notice. Polls the status API: the same view any client has.
  async function watch(id) {
    const until = Date.now() + watchForMs;
    const shown = findRow(id);
    const before = shown ? Number(shown.dataset.attempts) : Number.NaN;
    let moved = false;
    while (Date.now() < until && session) {
      await new Promise((resolve) => setTimeout(resolve, watchEveryMs));
      let item;
      try {
        item = await api(documentPath(id));
      } catch (error) {
        handle(error, 'Watching ' + id + ' failed');
        return;
      }
      updateRow(item);
      if (timelineId === id) {
        showTimeline(id, true);
      }
      if (item.state === 'synced' || item.state === 'voided') {
        notify(id + ' is now ' + item.state + '.');
        loadLatency();
        return;
      }
      if (item.state !== 'failed') {
        moved = true;
      } else if (moved || attempts(item) > before) {
        const failed = item.ledgers.find((l) => l.lastError);
        notify(id + ' failed again' + (failed ? ': ' + failed.lastError : '.'), true);
        return;
      }
    }
    if (session) {
      notify(id + ' has not settled yet; open its timeline or refresh to see where it is.');
    }
  }

  // ---- timeline ---------------------------------------------------------------------------------------------------

  async function showTimeline(id, quiet) {
    timelineId = id;
    const section = $('timeline-section');
    const list = $('timeline');
    const status = $('timeline-status');
    section.hidden = false;
    $('timeline-title').textContent = 'Timeline of ' + id;
    if (!quiet) {
      status.textContent = 'Loading the timeline of ' + id + '…';
      list.replaceChildren();
      $('timeline-title').focus();
    }
    let timeline;
    try {
      timeline = await api(documentPath(id) + '/timeline');
    } catch (error) {
      status.textContent = 'Could not load the timeline of ' + id + '.';
      handle(error, 'Loading the timeline of ' + id + ' failed');
      return;
    }
    if (timelineId !== id) {
      return;
    }
    list.replaceChildren(...timeline.entries.map((entry) => el('li', { class: 'tone-' + entry.tone },
      el('time', { datetime: entry.at }, formatTime(entry.at)),
      entry.connectionId ? el('span', { class: 'connection' }, entry.connectionId + ': ') : null,
      entry.summary,
      entry.detail ? el('span', { class: 'detail' }, entry.detail) : null)));
    status.textContent = timeline.entries.length === 0
      ? 'Nothing recorded for ' + id + ' yet: its first progress is on its way, or it was accepted before timelines were kept.'
      : timeline.entries.length + ' entries, newest first.';
  }

  // ---- latency chart ----------------------------------------------------------------------------------------------

  async function loadLatency() {
    const summary = $('latency-summary');
    const chart = $('latency-chart');
    let latency;
    try {
      latency = await api(tenantPath() + 'sync-latency');
    } catch (error) {
      summary.textContent = 'Could not load the sync latency.';
      chart.replaceChildren();
      handle(error, 'Loading the sync latency failed');
      return;
    }
    if (latency.count === 0) {
      summary.textContent = 'No documents synced in the last 24 hours.';
      chart.replaceChildren();
      return;
    }
    summary.textContent = latency.count + (latency.count === 1 ? ' ledger sync' : ' ledger syncs')
      + ': median ' + formatSeconds(latency.p50Seconds) + ', 95th percentile ' + formatSeconds(latency.p95Seconds)
      + ', slowest ' + formatSeconds(latency.maxSeconds) + '.' + (latency.truncated ? ' (First 5,000 documents only.)' : '');
    chart.replaceChildren(drawChart(latency));
  }

  function niceCeiling(value) {
    if (value <= 0) {
      return 1;
    }
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value);
    return step * magnitude;
  }

  function drawChart(latency) {
    const width = 720;
    const height = 240;
    const left = 64;
    const right = 16;
    const top = 12;
    const bottom = 36;
    const from = new Date(latency.from).getTime();
    const until = new Date(latency.until).getTime();
    const yMax = niceCeiling(latency.maxSeconds);
    const x = (t) => left + ((t - from) / (until - from)) * (width - left - right);
    const y = (s) => top + (1 - s / yMax) * (height - top - bottom);

    const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'latency-title latency-summary', focusable: 'false' });
    for (let i = 0; i <= 4; i++) {
      const seconds = (yMax * i) / 4;
      root.append(svg('line', { class: i === 0 ? 'chart-axis' : 'chart-grid', x1: left, x2: width - right, y1: y(seconds), y2: y(seconds) }));
      root.append(svg('text', { class: 'chart-label', x: left - 8, y: y(seconds) + 4, 'text-anchor': 'end' }, formatSeconds(seconds)));
    }
    const sixHours = 6 * 3600 * 1000;
    for (let t = Math.ceil(from / sixHours) * sixHours; t <= until; t += sixHours) {
      root.append(svg('line', { class: 'chart-grid', x1: x(t), x2: x(t), y1: top, y2: height - bottom }));
      root.append(svg('text', { class: 'chart-label', x: x(t), y: height - bottom + 16, 'text-anchor': 'middle' },
        new Date(t).toISOString().slice(11, 16) + ' UTC'));
    }
    root.append(svg('line', { class: 'chart-axis', x1: left, x2: left, y1: top, y2: height - bottom }));
    root.append(svg('text', { class: 'chart-label', x: width - right, y: height - 4, 'text-anchor': 'end' }, 'time synced (last 24 h)'));
    for (const point of latency.points) {
      const circle = svg('circle', {
        class: 'chart-point ' + point.ledger,
        cx: x(new Date(point.syncedAt).getTime()).toFixed(1),
        cy: y(point.seconds).toFixed(1),
        r: 4,
      });
      circle.append(svg('title', null, point.creditNoteId + ' on ' + point.connectionId + ': ' + formatSeconds(point.seconds)
        + ', synced ' + formatTime(point.syncedAt)));
      root.append(circle);
    }
    const ledgers = Array.from(new Set(latency.points.map((p) => p.ledger)));
    const wrapper = el('figure', { class: 'chart' });
    wrapper.append(root);
    wrapper.append(el('ul', { class: 'legend', 'aria-label': 'Ledgers' }, ...ledgers.map((l) => el('li', null, el('span', { class: l }), l))));
    return wrapper;
  }

  // ---- wiring -----------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const tenant = $('tenant').value.trim();
      const key = $('api-key').value;
      if (!tenant || !key) {
        $('sign-in-error').textContent = 'Enter both the tenant id and the API key.';
        (tenant ? $('api-key') : $('tenant')).focus();
        return;
      }
      signIn(tenant, key);
    });
    $('sign-out').addEventListener('click', () => signOut('Signed out.'));
    $('refresh').addEventListener('click', () => {
      notify('');
      selectBoard(board, false);
      loadLatency();
      if (timelineId) {
        showTimeline(timelineId, true);
      }
    });
    $('more').addEventListener('click', loadBoard);
    for (const tab of tabs()) {
      tab.addEventListener('click', () => selectBoard(tab.dataset.board, true));
      tab.addEventListener('keydown', (event) => {
        const all = tabs();
        const at = all.indexOf(tab);
        const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
        if (next !== undefined) {
          event.preventDefault();
          selectBoard(all[(next + all.length) % all.length].dataset.board, true);
        }
      });
    }

    const stored = sessionStorage.getItem(storageKey);
    if (stored) {
      try {
        const saved = JSON.parse(stored);
        signIn(saved.tenant, saved.key);
        return;
      } catch {
        sessionStorage.removeItem(storageKey);
      }
    }
    $('tenant').focus();
  });
})();
