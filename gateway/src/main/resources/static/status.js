// The status page: polls /api/v1/status every 5 s and fills the tables (text only, never HTML from the answer).
(() => {
  const $ = (id) => document.getElementById(id);

  const age = (ms) => {
    if (ms === null || ms === undefined) return '–';
    const s = Math.round(ms / 1000);
    if (s < 120) return `${s} s`;
    if (s < 7200) return `${Math.round(s / 60)} min`;
    if (s < 172800) return `${Math.round(s / 3600)} h`;
    return `${Math.round(s / 86400)} d`;
  };

  const cell = (text, cls) => {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '–' : String(text);
    if (cls) td.className = cls;
    return td;
  };

  const fill = (id, rows) => {
    const body = $(id).querySelector('tbody');
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement('tr');
      tr.append(...cells);
      return tr;
    }));
  };

  const fresh = (stale) => cell(stale ? 'stale' : 'fresh', stale ? 'warn' : 'ok');

  const render = (s) => {
    const overall = $('overall');
    overall.textContent = s.status;
    overall.dataset.status = s.status;
    $('generated').textContent = `as of ${new Date(s.generatedAt).toLocaleTimeString()}`;
    fill('services', Object.entries(s.services || {}).map(([name, v]) => {
      const st = cell(v.status);
      st.dataset.status = v.status;
      return [cell(name), st, cell(v.error || '')];
    }));
    fill('sources', Object.entries(s.sources || {}).map(([name, v]) => [
      cell(name), cell(v.mode), cell(v.polledHere ? v.state : `${v.state} (polled by another instance)`),
      cell(age(v.lastGoodAgeMs), 'num'), cell(age(v.maxAgeMs), 'num'), fresh(v.stale), cell(v.detail || '')]));
    const data = s.data || {};
    const stale = new Set(data.stale || []);
    fill('symbols', Object.entries(data.symbolAgesMs || {}).map(([symbol, ms]) => [
      cell(symbol), cell(age(ms), 'num'), fresh(stale.has(symbol))]));
    $('summary-age').textContent = data.summaryAgeMs === undefined
      ? 'Market summary: none yet'
      : `Market summary: ${age(data.summaryAgeMs)} old${stale.has('summary') ? ' (stale)' : ''}`;
    fill('archive', Object.entries(s.archive || {}).map(([stream, v]) => [
      cell(stream), cell(v.unarchived, 'num'), cell(v.pending, 'num'), cell(v.length, 'num'),
      cell(age(v.oldestPendingAgeSeconds === undefined ? null : v.oldestPendingAgeSeconds * 1000), "num")]));
    const q = (s.groups || {}).query || {};
    const dl = s.deadLetters || {};
    $('groups').textContent = `Query group: lag ${q.lag ?? '–'}, pending ${q.pending ?? '–'}. `
      + `Dead letters: backup ${dl.backup ?? '–'}, query ${dl.query ?? '–'}.`;
    $('push').textContent = `WebSocket connections: ${(s.push || {}).connections ?? '–'}`;
  };

  const refresh = async () => {
    try {
      const res = await fetch('/api/v1/status', { headers: { Accept: 'application/json' } });
      render(await res.json());
    } catch (e) {
      $('overall').textContent = 'gateway unreachable';
      $('overall').dataset.status = 'DOWN';
    }
  };

  refresh();
  setInterval(refresh, 5000);
})();
