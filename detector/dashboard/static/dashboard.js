'use strict';
// The detector dashboard's only script. It reads the embedded columns, pages, sorts and filters them, draws the
// scatter and the document view, and keeps the view in the URL fragment. Report data is untrusted: this file
// never parses HTML (no innerHTML, no insertAdjacentHTML, no document.write); every node is made by h() and
// every piece of data becomes a text node or an attribute value.
// The data is gzip-compressed JSON in base64 (a tenth of the bytes for the HTML parser to get through, and an
// alphabet in which no report can close the script element); DecompressionStream unpacks it without a request.
async function dashboardData() {
  const text = document.getElementById('dashboard-data').textContent.trim();
  const bytes = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text());
}
(async function () {
  const started = performance.now();
  const DATA = await dashboardData();
  const parsed = performance.now();
  const VERDICT_COLOURS = new Map([['pass', '#1b9e77'], ['review', '#e6ab02'], ['reject', '#d62728']]);
  const CATEGORY_COLOURS = new Map(Object.entries(DATA.colours));
  const TEXT_STATES = new Map(Object.entries(DATA.textStates));
  const PAGE_SIZES = [25, 50, 100, 250];
  const SELECT_LIMIT = 300; // a categorical column with more values is filtered by a "contains" box
  const DEFAULT_META_COLUMNS = 6;

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (name === 'className') node.className = value;
        else node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const $ = id => document.getElementById(id);
  const fmtInt = n => n.toLocaleString('en-US');
  const fmtNum = x => (x !== x ? '' : String(Math.round(x * 100) / 100));

  // ---------- columns
  const COLUMNS = DATA.columns.map(c => {
    const col = {key: c.key, label: c.label, kind: c.kind, note: c.note};
    if (c.kind === 'num') {
      col.values = new Float64Array(c.values.length);
      c.values.forEach((x, i) => { col.values[i] = x === null ? NaN : x; });
    } else if (c.kind === 'cat') {
      col.dict = c.dict;
      col.codes = Int32Array.from(c.codes);
      col.counts = new Int32Array(c.dict.length);
      for (const code of col.codes) col.counts[code]++;
      col.index = new Map(c.dict.map((v, i) => [v, i]));
    } else {
      col.values = c.values;
    }
    return col;
  });
  const N = COLUMNS[0].values.length;
  const BY_KEY = new Map(COLUMNS.map(c => [c.key, c]));
  const IDS = BY_KEY.get('id').values;
  const ID_INDEX = new Map();
  IDS.forEach((id, i) => { if (!ID_INDEX.has(id)) ID_INDEX.set(id, i); });
  const RULES = DATA.rules.names;
  const RULE_INDEX = new Map(RULES.map((r, i) => [r, i]));
  const DOC_RULES = DATA.rules.docs;
  const CATEGORIES = [...new Set(DATA.rules.categories)].sort();
  const slugs = new Set();
  function slug(key) {
    let base = key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'column';
    let name = base;
    for (let k = 2; slugs.has(name); k++) name = base + '-' + k;
    slugs.add(name);
    return name;
  }
  COLUMNS.forEach(c => { c.slug = slug(c.key); });
  const metaKeys = COLUMNS.filter(c => c.key.startsWith('meta.')).map(c => c.key);
  const DEFAULT_VISIBLE = new Set(COLUMNS.filter(c => c.key !== 'grade' && (!c.key.startsWith('meta.') ||
    metaKeys.indexOf(c.key) < DEFAULT_META_COLUMNS)).map(c => c.key));

  // ---------- state, and its form in the URL fragment
  const state = {filters: new Map(), sort: null, page: 0, size: 50, doc: null, x: null, y: null,
                 visible: new Set(DEFAULT_VISIBLE)};
  const numericKeys = COLUMNS.filter(c => c.kind === 'num').map(c => c.key);
  const DEFAULT_X = numericKeys.includes('score.readability') ? 'score.readability' : numericKeys[0];
  const DEFAULT_Y = numericKeys.includes('score.mt') ? 'score.mt' : numericKeys[1] || numericKeys[0];
  state.x = DEFAULT_X;
  state.y = DEFAULT_Y;

  // A filter: {type: 'eq' | 'contains' | 'range' | 'rule' | 'category' | 'search', text, ...}; `text` is its
  // canonical form in the fragment, so two filters are equal when their texts are.
  function parseFilter(key, text, contains) {
    if (key === 'rule' || key === 'category') return {type: key, text};
    if (key === 'q') return text ? {type: 'search', text} : null;
    const col = BY_KEY.get(key);
    if (!col) return null;
    if (col.kind === 'num') {
      const m = /^\s*(-?[\d.eE+-]*)\s*\.\.\s*(<?)\s*(-?[\d.eE+-]*)\s*$/.exec(text);
      let lo = -Infinity, hi = Infinity, open = false;
      if (m) {
        if (m[1] !== '') lo = Number(m[1]);
        if (m[3] !== '') { hi = Number(m[3]); open = m[2] === '<'; }
      } else if (text.trim() !== '' && !isNaN(Number(text))) {
        lo = hi = Number(text);
      } else return null;
      if (isNaN(lo) || isNaN(hi) || (lo === -Infinity && hi === Infinity)) return null;
      const canon = (lo === -Infinity ? '' : String(lo)) + '..' + (hi === Infinity ? '' : (open ? '<' : '') + hi);
      return {type: 'range', lo, hi, open, text: canon};
    }
    if (col.kind === 'cat') return contains ? (text ? {type: 'contains', text} : null) : {type: 'eq', text};
    return text ? {type: 'contains', text} : null;
  }
  function filterParam(key, f) {
    return f.type === 'contains' ? 'c.' + key : key === 'q' ? 'q' : 'f.' + key;
  }
  function toParams() {
    const p = new URLSearchParams();
    for (const [key, f] of state.filters) p.append(filterParam(key, f), f.text);
    if (state.sort) { p.set('sort', state.sort.key); if (state.sort.desc) p.set('desc', '1'); }
    if (state.page) p.set('page', String(state.page + 1));
    if (state.size !== 50) p.set('size', String(state.size));
    if (state.doc !== null) {
      p.set('doc', IDS[state.doc]);
      if (ID_INDEX.get(IDS[state.doc]) !== state.doc) p.set('row', String(state.doc + 1));
    }
    if (state.x !== DEFAULT_X || state.y !== DEFAULT_Y) { p.set('x', state.x); p.set('y', state.y); }
    const visible = [...state.visible].sort().join('\n'), standard = [...DEFAULT_VISIBLE].sort().join('\n');
    if (visible !== standard) for (const key of state.visible) p.append('col', key);
    return p;
  }
  function fromParams(p) {
    state.filters = new Map();
    for (const [name, value] of p) {
      let key = null, contains = false;
      if (name.startsWith('f.')) key = name.slice(2);
      else if (name.startsWith('c.')) { key = name.slice(2); contains = true; }
      else if (name === 'q') key = 'q';
      if (key === null) continue;
      const f = parseFilter(key, value, contains);
      if (f) state.filters.set(key, f);
    }
    const sort = p.get('sort');
    state.sort = sort && BY_KEY.has(sort) ? {key: sort, desc: p.get('desc') === '1'} : null;
    state.page = Math.max(0, (parseInt(p.get('page') || '1', 10) || 1) - 1);
    const size = parseInt(p.get('size') || '50', 10);
    state.size = PAGE_SIZES.includes(size) ? size : 50;
    const row = parseInt(p.get('row') || '', 10), doc = p.get('doc');
    state.doc = null;
    state.x = DEFAULT_X;
    state.y = DEFAULT_Y;
    if (doc !== null) {
      if (row >= 1 && row <= N && IDS[row - 1] === doc) state.doc = row - 1;
      else if (ID_INDEX.has(doc)) state.doc = ID_INDEX.get(doc);
    }
    if (numericKeys.includes(p.get('x'))) state.x = p.get('x');
    if (numericKeys.includes(p.get('y'))) state.y = p.get('y');
    const cols = p.getAll('col').filter(k => BY_KEY.has(k));
    state.visible = new Set(cols.length ? cols : DEFAULT_VISIBLE);
    state.visible.add('id');
  }
  let writtenHash = null;
  function writeHash() {
    const text = toParams().toString();
    if (text === writtenHash) return;
    writtenHash = text;
    const url = location.pathname + location.search + (text ? '#' + text : '');
    try { history.replaceState(null, '', url); } catch (e) { location.replace('#' + text); }
  }
  window.addEventListener('hashchange', () => {
    const text = location.hash.replace(/^#/, '');
    if (text === writtenHash) return;
    fromParams(new URLSearchParams(text));
    syncControls();
    update();
  });

  // ---------- sorting and filtering
  let sortCache = {id: null, order: null};
  // Each column's values as ranks (0 = first in ascending order, equal values equal ranks, no value last),
  // computed once per column. A sort is then one native sort of numbers packing rank and row: a comparator
  // sort of 100,000 rows costs ten times more.
  function ranks(col) {
    if (col.ranks) return col.ranks;
    const out = new Int32Array(N);
    if (col.kind === 'cat') {
      out.set(col.codes); // dictionaries are in display order: pass, review, reject; else sorted
      col.rankCount = col.dict.length;
    } else if (col.kind === 'num') {
      const distinct = Float64Array.from(new Set(col.values)).filter(x => x === x).sort();
      for (let i = 0; i < N; i++) {
        const x = col.values[i];
        if (x !== x) { out[i] = distinct.length; continue; }
        let lo = 0, hi = distinct.length - 1;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (distinct[mid] < x) lo = mid + 1; else hi = mid; }
        out[i] = lo;
      }
      col.rankCount = distinct.length;
    } else {
      const distinct = [...new Set(col.values)].sort(), index = new Map(distinct.map((v, k) => [v, k]));
      for (let i = 0; i < N; i++) out[i] = index.get(col.values[i]);
      col.rankCount = distinct.length;
    }
    col.ranks = out;
    return out;
  }
  const ROW_SPACE = 2 ** Math.ceil(Math.log2(N + 1));
  function sortedOrder() {
    const id = state.sort ? state.sort.key + (state.sort.desc ? ':d' : ':a') : '';
    if (sortCache.id === id) return sortCache.order;
    const order = new Int32Array(N);
    const col = state.sort && BY_KEY.get(state.sort.key);
    if (!col) {
      for (let i = 0; i < N; i++) order[i] = i;
    } else {
      const r = ranks(col), top = col.rankCount, desc = state.sort.desc;
      const keys = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        // Descending reverses the ranks but not the rows, so ties stay in report order; no value stays last.
        const rank = desc && r[i] < top ? top - 1 - r[i] : r[i];
        keys[i] = rank * ROW_SPACE + i;
      }
      keys.sort();
      for (let j = 0; j < N; j++) order[j] = keys[j] % ROW_SPACE;
    }
    sortCache = {id, order};
    return order;
  }
  let lowerIds = null;
  function docsWithRules(wanted) {
    const member = new Uint8Array(N);
    for (let i = 0; i < N; i++) {
      const pairs = DOC_RULES[i];
      for (let k = 0; k < pairs.length; k += 2) if (wanted[pairs[k]]) { member[i] = 1; break; }
    }
    return member;
  }
  const memberCache = new Map();
  function test(key, f) {
    if (f.type === 'rule' || f.type === 'category') {
      const cacheKey = f.type + '\n' + f.text;
      if (!memberCache.has(cacheKey)) {
        const wanted = new Uint8Array(RULES.length);
        if (f.type === 'rule') { if (RULE_INDEX.has(f.text)) wanted[RULE_INDEX.get(f.text)] = 1; }
        else DATA.rules.categories.forEach((c, r) => { if (c === f.text) wanted[r] = 1; });
        memberCache.set(cacheKey, docsWithRules(wanted));
      }
      const member = memberCache.get(cacheKey);
      return i => member[i] === 1;
    }
    if (f.type === 'search') {
      if (!lowerIds) lowerIds = IDS.map(s => s.toLowerCase());
      const needle = f.text.toLowerCase();
      return i => lowerIds[i].includes(needle);
    }
    const col = BY_KEY.get(key);
    if (f.type === 'range') {
      const v = col.values, lo = f.lo, hi = f.hi;
      return f.open ? (i => v[i] >= lo && v[i] < hi) : (i => v[i] >= lo && v[i] <= hi);
    }
    if (f.type === 'eq') {
      const codes = col.codes, code = col.index.has(f.text) ? col.index.get(f.text) : -1;
      return i => codes[i] === code;
    }
    const needle = f.text.toLowerCase();
    if (col.kind === 'cat') {
      const ok = Uint8Array.from(col.dict, v => (v.toLowerCase().includes(needle) ? 1 : 0)), codes = col.codes;
      return i => ok[codes[i]] === 1;
    }
    const v = col.values;
    return i => v[i].toLowerCase().includes(needle);
  }
  function filtered(exclude) {
    const order = sortedOrder();
    const tests = [];
    for (const [key, f] of state.filters) if (!exclude || !exclude.has(key)) tests.push(test(key, f));
    const out = new Int32Array(N);
    let n = 0;
    rows: for (let j = 0; j < N; j++) {
      const i = order[j];
      for (let t = 0; t < tests.length; t++) if (!tests[t](i)) continue rows;
      out[n++] = i;
    }
    return out.subarray(0, n);
  }

  // ---------- the filter controls
  const controls = []; // {key, el, kind: 'eq'|'contains'|'min'|'max'|'rule'|'category'|'search'}
  function labelled(text, title, control) {
    return h('label', {title}, text, control);
  }
  function buildFilters() {
    const box = $('filters');
    const parts = [];
    const search = h('input', {type: 'search', id: 'filter-text', placeholder: 'id contains', 'data-key': 'q'});
    controls.push({key: 'q', el: search, kind: 'search'});
    parts.push(labelled('search', 'documents whose id contains this text', search));
    const cats = COLUMNS.filter(c => c.kind === 'cat');
    for (const col of cats) {
      if (col.dict.length <= SELECT_LIMIT) {
        const order = col.key === 'verdict' || col.key === 'text' ? col.dict.map((v, i) => i)
          : col.dict.map((v, i) => i).sort((a, b) => col.counts[b] - col.counts[a] || a - b);
        const select = h('select', {id: 'filter-' + col.slug, 'data-key': col.key},
          h('option', {value: ''}, 'all'),
          order.map(i => h('option', {value: col.dict[i]}, `${col.dict[i] || '(empty)'} (${fmtInt(col.counts[i])})`)));
        controls.push({key: col.key, el: select, kind: 'eq'});
        parts.push(labelled(col.label, col.note, select));
      } else {
        const input = h('input', {type: 'search', id: 'filter-' + col.slug, placeholder: 'contains',
                                  'data-key': col.key});
        controls.push({key: col.key, el: input, kind: 'contains'});
        parts.push(labelled(col.label, col.note + ` (${fmtInt(col.dict.length)} values)`, input));
      }
    }
    const ruleDocs = new Int32Array(RULES.length);
    DOC_RULES.forEach(pairs => { for (let k = 0; k < pairs.length; k += 2) ruleDocs[pairs[k]]++; });
    const ruleOrder = RULES.map((r, i) => i).sort((a, b) => (RULES[a] < RULES[b] ? -1 : 1));
    const rule = h('select', {id: 'filter-rule', 'data-key': 'rule'}, h('option', {value: ''}, 'all'),
      ruleOrder.map(i => h('option', {value: RULES[i]}, `${RULES[i]} (${fmtInt(ruleDocs[i])} docs)`)));
    controls.push({key: 'rule', el: rule, kind: 'rule'});
    parts.push(labelled('rule', 'documents with at least one finding of this rule', rule));
    const category = h('select', {id: 'filter-category', 'data-key': 'category'}, h('option', {value: ''}, 'all'),
      CATEGORIES.map(c => h('option', {value: c}, c || '(none)')));
    controls.push({key: 'category', el: category, kind: 'category'});
    parts.push(labelled('category', 'documents with at least one finding of this category', category));
    for (const col of COLUMNS.filter(c => c.kind === 'num')) {
      const lo = h('input', {type: 'text', inputmode: 'decimal', className: 'range', id: 'min-' + col.slug,
                             placeholder: 'min', 'data-key': col.key, 'aria-label': col.label + ' at least'});
      const hi = h('input', {type: 'text', inputmode: 'decimal', className: 'range', id: 'max-' + col.slug,
                             placeholder: 'max', 'data-key': col.key,
                             'aria-label': col.label + ' at most (<x: below x)'});
      controls.push({key: col.key, el: lo, kind: 'min'}, {key: col.key, el: hi, kind: 'max'});
      parts.push(h('label', {title: col.note + '; max "<x" means below x'}, col.label, h('span', null, lo, ' – ', hi)));
    }
    box.replaceChildren(...parts);
    for (const c of controls) {
      c.el.addEventListener(c.el.tagName === 'SELECT' ? 'change' : 'input', () => readControl(c));
    }
  }
  function readControl(c) {
    const value = c.el.value;
    if (c.kind === 'min' || c.kind === 'max') {
      const pair = controls.filter(o => o.key === c.key);
      const lo = pair[0].el.value.trim(), hi = pair[1].el.value.trim();
      const f = lo === '' && hi === '' ? null : parseFilter(c.key, lo + '..' + hi);
      c.el.setAttribute('aria-invalid', String((lo !== '' || hi !== '') && f === null));
      if (f) state.filters.set(c.key, f); else state.filters.delete(c.key);
    } else {
      const f = value === '' ? null : parseFilter(c.key, value, c.kind === 'contains');
      if (f) state.filters.set(c.key, f); else state.filters.delete(c.key);
    }
    state.page = 0;
    update();
  }
  function syncControls() {
    for (const c of controls) {
      const f = state.filters.get(c.key);
      let value = '';
      if (f && (c.kind === 'min' || c.kind === 'max')) {
        if (f.type === 'range') {
          if (c.kind === 'min') value = f.lo === -Infinity ? '' : String(f.lo);
          else value = f.hi === Infinity ? '' : (f.open ? '<' : '') + f.hi;
        }
      } else if (f) {
        value = f.text;
        if (c.el.tagName === 'SELECT' && ![...c.el.options].some(o => o.value === value)) {
          c.el.append(h('option', {value}, value + ' (0)'));
        }
      }
      if (c.el.value !== value) c.el.value = value;
      c.el.parentElement.classList.toggle('active-filter', Boolean(f));
    }
  }

  // ---------- the table
  function visibleColumns() {
    return COLUMNS.filter(c => state.visible.has(c.key));
  }
  // A cell's text, class and title; cells are reused from page to page and only what differs is written, so a
  // filter change costs the browser the changed text, not a new table.
  function fillCell(td, col, i) {
    let text, cls, title = '';
    if (col.kind === 'num') {
      text = fmtNum(col.values[i]);
      cls = 'num';
    } else if (col.kind === 'cat') {
      text = col.dict[col.codes[i]];
      if (col.key === 'verdict') cls = 'v-' + text.replace(/[^a-z]/g, '');
      else if (col.key === 'text') { cls = 't-' + text.replace(/[^a-z]+/g, '-'); title = TEXT_STATES.get(text) || ''; }
      else { cls = 'cell'; title = text; }
    } else {
      text = col.values[i];
      cls = 'cell';
      title = text;
    }
    if (td.textContent !== text) td.textContent = text;
    if (td.className !== cls) td.className = cls;
    if (td.title !== title) td.title = title;
  }
  // Column widths fixed once from the data (in ch), for `table-layout: fixed`: the browser then lays out a page
  // of rows without measuring every cell, and columns do not jump from page to page.
  function widthOf(col) {
    if (col.width) return col.width;
    let longest = col.label.length + 2;
    if (col.kind === 'num') longest = Math.max(longest, 7);
    else {
      const values = col.kind === 'cat' ? col.dict : col.values;
      const step = Math.max(1, Math.floor(values.length / 2000));
      for (let k = 0; k < values.length; k += step) longest = Math.max(longest, values[k].length + 2);
    }
    col.width = Math.min(col.kind === 'id' ? 44 : 26, longest);
    return col.width;
  }
  function renderTable(rows) {
    const cols = visibleColumns();
    const table = $('docs'), layout = cols.map(c => c.key).join('\n');
    if (table.dataset.layout !== layout) {
      table.dataset.layout = layout;
      let colgroup = table.querySelector('colgroup');
      if (!colgroup) { colgroup = h('colgroup'); table.prepend(colgroup); }
      colgroup.replaceChildren(...cols.map(col => { const c = h('col'); c.style.width = widthOf(col) + 'ch'; return c; }));
      table.style.width = cols.reduce((sum, col) => sum + widthOf(col) + 2, 0) + 'ch';
    }
    const headKey = layout + '\n' + (state.sort ? state.sort.key + ':' + state.sort.desc : '');
    if (table.dataset.head !== headKey) {
      table.dataset.head = headKey;
      table.tHead.replaceChildren(h('tr', null, cols.map(col => {
        const sorted = state.sort && state.sort.key === col.key;
        return h('th', {'data-key': col.key, title: col.note + ' (click to sort)', tabindex: 0,
                        'aria-sort': sorted ? (state.sort.desc ? 'descending' : 'ascending') : null}, col.label);
      })));
    }
    const body = table.tBodies[0];
    if (body.dataset.layout !== layout) { body.dataset.layout = layout; body.replaceChildren(); }
    const start = state.page * state.size, count = Math.max(0, Math.min(rows.length - start, state.size));
    while (body.rows.length > count) body.lastElementChild.remove();
    while (body.rows.length < count) body.append(h('tr', {tabindex: 0}, cols.map(() => h('td'))));
    for (let k = 0; k < count; k++) {
      const i = rows[start + k], tr = body.rows[k];
      if (tr.dataset.row !== String(i)) tr.dataset.row = String(i);
      tr.classList.toggle('current', i === state.doc);
      for (let c = 0; c < cols.length; c++) fillCell(tr.cells[c], cols[c], i);
    }
  }
  function renderPager(rows) {
    const pages = Math.max(1, Math.ceil(rows.length / state.size));
    const page = h('input', {type: 'number', id: 'page-number', min: 1, max: pages, value: state.page + 1,
                             'aria-label': 'page'});
    page.addEventListener('change', () => goPage((parseInt(page.value, 10) || 1) - 1));
    const size = h('select', {id: 'page-size', 'aria-label': 'rows per page'},
                   PAGE_SIZES.map(s => h('option', {value: s, selected: s === state.size}, s + ' rows')));
    size.addEventListener('change', () => { state.size = Number(size.value); state.page = 0; update(); });
    const button = (id, text, target, disabled) => {
      const b = h('button', {type: 'button', id, disabled}, text);
      b.addEventListener('click', () => goPage(target));
      return b;
    };
    $('pager').replaceChildren(button('page-first', '« first', 0, state.page === 0),
      button('page-prev', '‹ previous', state.page - 1, state.page === 0), 'page ', page,
      h('span', {id: 'page-count'}, ` of ${fmtInt(pages)}`),
      button('page-next', 'next ›', state.page + 1, state.page >= pages - 1),
      button('page-last', 'last »', pages - 1, state.page >= pages - 1), size);
  }
  function goPage(page) {
    state.page = Math.max(0, page);
    update();
    $('docs').scrollIntoView({block: 'nearest'});
  }
  function renderSummary(rows) {
    $('shown').textContent = String(rows.length);
    $('total').textContent = fmtInt(N);
    const verdict = BY_KEY.get('verdict'), overall = BY_KEY.get('overall').values;
    const counts = new Int32Array(verdict.dict.length);
    let sum = 0, n = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      counts[verdict.codes[i]]++;
      if (overall[i] === overall[i]) { sum += overall[i]; n++; }
    }
    const shares = verdict.dict.map((v, k) => `${v} ${rows.length ? (100 * counts[k] / rows.length).toFixed(1) : 0}%`);
    $('filtered-summary').textContent = `${fmtInt(rows.length)} of ${fmtInt(N)} documents: ${shares.join(', ')}` +
      (n ? `; mean overall ${(sum / n).toFixed(1)}` : '');
  }
  function filterLabel(key, f) {
    if (key === 'q') return `id contains "${f.text}"`;
    if (key === 'rule' || key === 'category') return `${key} ${f.text}`;
    const col = BY_KEY.get(key);
    if (f.type === 'range') {
      const lo = f.lo === -Infinity ? '' : f.lo + ' ≤ ', hi = f.hi === Infinity ? '' : (f.open ? ' < ' : ' ≤ ') + f.hi;
      return lo + col.label + hi;
    }
    return f.type === 'contains' ? `${col.label} contains "${f.text}"` : `${col.label} = ${f.text}`;
  }
  function renderChips(rows) {
    const chips = [...state.filters].map(([key, f]) => {
      const chip = h('button', {type: 'button', className: 'chip', title: 'remove this filter'}, filterLabel(key, f), ' ×');
      chip.addEventListener('click', () => { state.filters.delete(key); state.page = 0; syncControls(); update(); });
      return chip;
    });
    $('status-count').textContent = `${fmtInt(rows.length)} of ${fmtInt(N)} documents`;
    $('status-filters').replaceChildren(...chips);
  }

  // ---------- chart marks that filter ([data-set] in the static sections)
  const marks = [...document.querySelectorAll('[data-set]')].map(el => {
    const pairs = [];
    for (const [name, value] of new URLSearchParams(el.dataset.set)) {
      const key = name.startsWith('f.') ? name.slice(2) : name.startsWith('c.') ? name.slice(2) : null;
      const f = key === null ? null : parseFilter(key, value, name.startsWith('c.'));
      if (f) pairs.push([key, f]);
    }
    return {el, pairs};
  });
  const markByElement = new Map(marks.map(m => [m.el, m]));
  function isActive(mark) {
    return mark.pairs.length > 0 && mark.pairs.every(([key, f]) => {
      const have = state.filters.get(key);
      return have && have.text === f.text && have.type === f.type;
    });
  }
  function applyMark(mark) {
    if (isActive(mark)) for (const [key] of mark.pairs) state.filters.delete(key);
    else for (const [key, f] of mark.pairs) state.filters.set(key, f);
    state.page = 0;
    syncControls();
    update();
  }
  function renderActiveMarks() {
    for (const mark of marks) mark.el.classList.toggle('active', isActive(mark));
  }

  // ---------- the scatter
  const extents = new Map();
  function extent(key) {
    if (key === 'overall' || key.startsWith('score.')) return [0, 100];
    if (!extents.has(key)) {
      const v = BY_KEY.get(key).values;
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < N; i++) if (v[i] === v[i]) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i]; }
      if (lo === Infinity) { lo = 0; hi = 1; }
      if (lo === hi) { lo -= 1; hi += 1; }
      extents.set(key, [lo, hi]);
    }
    return extents.get(key);
  }
  const canvas = $('scatter-canvas');
  const plot = {left: 52, right: 14, top: 12, bottom: 44};
  let plotted = new Int32Array(0);
  // The canvas's size on screen, read only when the window changes: reading it after each table update would
  // force a layout of the whole page.
  let canvasSize = null;
  window.addEventListener('resize', () => { canvasSize = null; scatterRows = null; drawScatter(); });
  function scales() {
    if (!canvasSize) canvasSize = [canvas.clientWidth || 560, canvas.clientHeight || 420];
    const [w, hgt] = canvasSize;
    const [x0, x1] = extent(state.x), [y0, y1] = extent(state.y);
    const px = v => plot.left + (v - x0) / (x1 - x0) * (w - plot.left - plot.right);
    const py = v => hgt - plot.bottom - (v - y0) / (y1 - y0) * (hgt - plot.top - plot.bottom);
    const vx = p => x0 + (p - plot.left) / (w - plot.left - plot.right) * (x1 - x0);
    const vy = p => y0 + (hgt - plot.bottom - p) / (hgt - plot.top - plot.bottom) * (y1 - y0);
    return {w, hgt, x0, x1, y0, y1, px, py, vx, vy};
  }
  function rgb(hex) {
    const n = parseInt(hex.slice(1), 16);
    return [n >> 16, n >> 8 & 0xff, n & 0xff];
  }
  let scatterOnScreen = !('IntersectionObserver' in window), scatterDirty = true, scatterRows = null;
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(entries => {
      scatterOnScreen = entries[entries.length - 1].isIntersecting;
      if (scatterOnScreen && scatterDirty) drawScatter();
    }).observe(canvas);
  }
  // Called on every change; draws only when the scatter is on screen (else when it comes into view).
  function scheduleScatter(rows) {
    const own = state.filters.has(state.x) || state.filters.has(state.y);
    scatterRows = own ? null : rows; // the scatter shows what the other filters keep
    scatterDirty = true;
    if (scatterOnScreen) drawScatter();
  }
  function drawScatter() {
    scatterDirty = false;
    const ctx = canvas.getContext('2d');
    const s = scales();
    const ratio = window.devicePixelRatio || 1;
    const cw = Math.round(s.w * ratio), ch = Math.round(s.hgt * ratio);
    if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
    const rows = scatterRows || filtered(new Set([state.x, state.y]));
    const xv = BY_KEY.get(state.x).values, yv = BY_KEY.get(state.y).values;
    const verdict = BY_KEY.get('verdict');
    const colours = verdict.dict.map(v => rgb(VERDICT_COLOURS.get(v) || '#999999'));
    // Points straight into pixels (a fillRect per point costs most of a filter at 100,000 documents), each
    // blended over what is there, so that a crowd reads darker than a lone point. Verdicts are drawn in
    // dictionary order (pass, review, reject): the rarer, worse ones end on top.
    const image = ctx.createImageData(cw, ch), data = image.data;
    const half = Math.max(1, Math.round(1.5 * ratio)) - 1;
    const kept = new Int32Array(rows.length);
    let n = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j];
      if (xv[i] === xv[i] && yv[i] === yv[i]) kept[n++] = i;
    }
    plotted = kept.subarray(0, n);
    const alpha = n > 20000 ? 0.25 : n > 2000 ? 0.4 : 0.7;
    for (let code = 0; code < verdict.dict.length; code++) {
      const [r, g, b] = colours[code];
      for (let j = 0; j < n; j++) {
        const i = plotted[j];
        if (verdict.codes[i] !== code) continue;
        const cx = Math.round(s.px(xv[i]) * ratio), cy = Math.round(s.py(yv[i]) * ratio);
        for (let y = Math.max(0, cy - half); y <= Math.min(ch - 1, cy + half); y++) {
          for (let x = Math.max(0, cx - half); x <= Math.min(cw - 1, cx + half); x++) {
            const k = (y * cw + x) * 4, a = data[k + 3] / 255, out = alpha + a * (1 - alpha);
            data[k] = (r * alpha + data[k] * a * (1 - alpha)) / out;
            data[k + 1] = (g * alpha + data[k + 1] * a * (1 - alpha)) / out;
            data[k + 2] = (b * alpha + data[k + 2] * a * (1 - alpha)) / out;
            data[k + 3] = out * 255;
          }
        }
      }
    }
    ctx.putImageData(image, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = '#888';
    ctx.fillStyle = '#333';
    ctx.strokeRect(plot.left, plot.top, s.w - plot.left - plot.right, s.hgt - plot.top - plot.bottom);
    for (let k = 0; k <= 5; k++) {
      const xt = s.x0 + (s.x1 - s.x0) * k / 5, yt = s.y0 + (s.y1 - s.y0) * k / 5;
      ctx.textAlign = 'center';
      ctx.fillText(fmtNum(xt), s.px(xt), s.hgt - plot.bottom + 14);
      ctx.textAlign = 'right';
      ctx.fillText(fmtNum(yt), plot.left - 4, s.py(yt) + 4);
    }
    ctx.textAlign = 'center';
    ctx.fillText(BY_KEY.get(state.x).label, plot.left + (s.w - plot.left - plot.right) / 2, s.hgt - 8);
    ctx.save();
    ctx.translate(12, plot.top + (s.hgt - plot.top - plot.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(BY_KEY.get(state.y).label, 0, 0);
    ctx.restore();
    const fx = state.filters.get(state.x), fy = state.filters.get(state.y);
    if ((fx && fx.type === 'range') || (fy && fy.type === 'range')) {
      const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
      const x0 = fx ? clamp(fx.lo, s.x0, s.x1) : s.x0, x1 = fx ? clamp(fx.hi, s.x0, s.x1) : s.x1;
      const y0 = fy ? clamp(fy.lo, s.y0, s.y1) : s.y0, y1 = fy ? clamp(fy.hi, s.y0, s.y1) : s.y1;
      ctx.strokeStyle = '#000';
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(s.px(x0), s.py(y1), s.px(x1) - s.px(x0), s.py(y0) - s.py(y1));
      ctx.setLineDash([]);
    }
    $('scatter-count').textContent = `${fmtInt(n)} documents plotted` +
      (rows.length > n ? `; ${fmtInt(rows.length - n)} lack one of the two values` : '');
  }
  function pointerAt(event) {
    const r = canvas.getBoundingClientRect();
    return [event.clientX - r.left, event.clientY - r.top];
  }
  let dragFrom = null;
  canvas.addEventListener('mousedown', e => { dragFrom = pointerAt(e); });
  canvas.addEventListener('mouseup', e => {
    if (!dragFrom) return;
    const [ax, ay] = dragFrom, [bx, by] = pointerAt(e);
    dragFrom = null;
    const s = scales();
    const round = v => Math.round(v * 100) / 100;
    let xr, yr;
    if (Math.abs(ax - bx) < 4 && Math.abs(ay - by) < 4) {
      // A click: the points under the pointer (within 4 px), as the smallest ranges that hold them all.
      const xv = BY_KEY.get(state.x).values, yv = BY_KEY.get(state.y).values;
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (const i of plotted) {
        if (Math.abs(s.px(xv[i]) - bx) <= 4 && Math.abs(s.py(yv[i]) - by) <= 4) {
          x0 = Math.min(x0, xv[i]); x1 = Math.max(x1, xv[i]); y0 = Math.min(y0, yv[i]); y1 = Math.max(y1, yv[i]);
        }
      }
      if (x0 === Infinity) return;
      xr = [x0, x1]; yr = [y0, y1];
    } else {
      xr = [round(s.vx(Math.min(ax, bx))), round(s.vx(Math.max(ax, bx)))];
      yr = [round(s.vy(Math.max(ay, by))), round(s.vy(Math.min(ay, by)))];
    }
    state.filters.set(state.x, parseFilter(state.x, xr[0] + '..' + xr[1]));
    state.filters.set(state.y, parseFilter(state.y, yr[0] + '..' + yr[1]));
    state.page = 0;
    syncControls();
    update();
  });
  function buildScatterControls() {
    for (const [id, axis] of [['scatter-x', 'x'], ['scatter-y', 'y']]) {
      const select = $(id);
      select.replaceChildren(...numericKeys.map(k => h('option', {value: k, selected: state[axis] === k},
                                                       BY_KEY.get(k).label)));
      select.addEventListener('change', () => { state[axis] = select.value; update(); });
    }
  }

  // ---------- the document view
  const panel = $('panel');
  let currentRows = new Int32Array(0);
  function colourOf(category) {
    return CATEGORY_COLOURS.get(category) || '#999999';
  }
  function openDoc(i) {
    state.doc = i;
    update();
    $('panel-close').focus({preventScroll: true});
  }
  function closeDoc() {
    const previous = state.doc;
    state.doc = null;
    update();
    const row = document.querySelector(`#docs tr[data-row="${previous}"]`);
    if (row) row.focus({preventScroll: true});
  }
  function step(delta) {
    if (state.doc === null) return;
    const position = currentRows.indexOf(state.doc);
    const next = currentRows[position === -1 ? 0 : position + delta];
    if (next === undefined) return;
    state.page = Math.floor(currentRows.indexOf(next) / state.size);
    openDoc(next);
  }
  function facts(i) {
    const rows = [];
    for (const col of COLUMNS) {
      if (col.key === 'id') continue;
      const value = col.kind === 'num' ? fmtNum(col.values[i]) : col.dict[col.codes[i]];
      if (value === '' && col.key.startsWith('meta.')) continue;
      rows.push(h('tr', null, h('th', {title: col.note}, col.label), h('td', null, value)));
    }
    const src = DATA.sources, line = src.lines[i];
    rows.push(h('tr', null, h('th', null, 'source'), h('td', null, src.files[src.codes[i]] + (line === null ? '' : ':' + line))));
    const errors = DATA.errors[i];
    if (errors) rows.push(h('tr', null, h('th', null, 'errors'), h('td', null, errors.join('; '))));
    return h('table', null, h('tbody', null, rows));
  }
  function renderPanel() {
    const i = state.doc;
    if (i === null) return;
    panel.hidden = false;
    document.body.classList.add('panel-open');
    $('panel-title').textContent = IDS[i];
    $('panel-facts').replaceChildren(facts(i));
    const textState = BY_KEY.get('text').dict[BY_KEY.get('text').codes[i]];
    const d = DATA.details[i];
    let explanation = TEXT_STATES.get(textState) || textState;
    if (textState === 'not embedded') explanation += ` This page embeds ${fmtInt(DATA.detailLimit)} at most.`;
    if (d && d.length !== null && d.length > DATA.textLimit) explanation += ` The document has ${fmtInt(d.length)} characters.`;
    $('panel-state').textContent = explanation;
    const counts = new Map();
    if (d) d.findings.forEach(f => { const c = DATA.rules.categories[f[2]]; counts.set(c, (counts.get(c) || 0) + 1); });
    else { const pairs = DOC_RULES[i]; for (let k = 0; k < pairs.length; k += 2) { const c = DATA.rules.categories[pairs[k]]; counts.set(c, (counts.get(c) || 0) + pairs[k + 1]); } }
    $('legend').replaceChildren(...[...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, n]) => {
      const swatch = h('span', {className: 'swatch-box'});
      swatch.style.backgroundColor = colourOf(c) + '88';
      return h('span', {'data-category': c}, swatch, `${c || '(none)'} ${fmtInt(n)}`);
    }));
    if (d && d.text !== null) renderText($('doc'), d); else $('doc').replaceChildren();
    renderFindings(i, d);
    document.querySelectorAll('#docs tr.current').forEach(tr => tr.classList.remove('current'));
    const row = document.querySelector(`#docs tr[data-row="${i}"]`);
    if (row) row.classList.add('current');
  }
  function findingTip(f) {
    const fix = f[5] === null ? '' : (f[5] === '' ? ' Fix: delete.' : ' Fix: replace with “' + f[5] + '”.');
    return `${RULES[f[2]]} (${DATA.severities[f[3]]}): ${DATA.messages[f[4]]}${fix}`;
  }
  function renderText(box, d) {
    const text = d.text, length = text.length, findings = d.findings;
    const spans = [];
    findings.forEach((f, k) => { if (f[0] !== null && f[1] !== null && f[0] < f[1] && f[1] <= length) spans.push(k); });
    const cuts = [...new Set([0, length, ...spans.flatMap(k => [findings[k][0], findings[k][1]])])].sort((a, b) => a - b);
    const startsAt = new Map();
    for (const k of spans) {
      const s = findings[k][0];
      if (!startsAt.has(s)) startsAt.set(s, []);
      startsAt.get(s).push(k);
    }
    const out = document.createDocumentFragment();
    let active = [];
    for (let c = 0; c < cuts.length - 1; c++) {
      const a = cuts[c], b = cuts[c + 1];
      active = active.filter(k => findings[k][1] > a);
      if (startsAt.has(a)) active.push(...startsAt.get(a));
      const piece = text.slice(a, b);
      if (!active.length) { out.append(piece); continue; }
      const top = findings[active[active.length - 1]];
      const mark = h('mark', {tabindex: 0, 'data-f': active.join(' '), 'data-rule': RULES[top[2]]}, piece);
      mark.style.backgroundColor = colourOf(DATA.rules.categories[top[2]]) + '66';
      out.append(mark);
    }
    box.replaceChildren(out);
  }
  function renderFindings(i, d) {
    const list = $('panel-findings');
    if (d) {
      list.replaceChildren(...d.findings.map((f, k) => {
        const where = f[0] === null ? 'document' : `${f[0]}-${f[1]}`;
        return h('li', {'data-f': k, 'data-quote': f[6], tabindex: 0},
          h('b', null, RULES[f[2]]), ` ${DATA.severities[f[3]]} (${where}) `, f[6] ? h('q', null, f[6]) : null, ' ',
          findingTip(f).replace(/^\S+ \([^)]*\): /, ''));
      }));
    } else {
      const pairs = DOC_RULES[i], items = [];
      for (let k = 0; k < pairs.length; k += 2) items.push(h('li', null, h('b', null, RULES[pairs[k]]), ` × ${pairs[k + 1]}`));
      list.replaceChildren(...items);
    }
  }
  function showFinding(k) {
    const mark = [...document.querySelectorAll('#doc mark')].find(m => m.dataset.f.split(' ').includes(String(k)));
    if (!mark) return;
    mark.scrollIntoView({block: 'center'});
    mark.focus({preventScroll: true});
    mark.classList.add('flash');
    setTimeout(() => mark.classList.remove('flash'), 900);
  }
  const tip = $('tip');
  function showTip(event) {
    const mark = event.target.closest && event.target.closest('#doc mark');
    if (!mark || state.doc === null) { tip.hidden = true; return; }
    const d = DATA.details[state.doc];
    tip.textContent = mark.dataset.f.split(' ').map(k => findingTip(d.findings[Number(k)])).join('\n');
    const r = mark.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(r.left, window.innerWidth - 420)) + 'px';
    tip.style.top = (r.bottom + 4) + 'px';
    tip.hidden = false;
  }

  // ---------- export
  function csvCell(value, text) {
    let s = String(value);
    if (text && /^[=+\-@\t\r]/.test(s)) s = "'" + s; // a spreadsheet would run it as a formula
    return text ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function exportCSV() {
    const rows = filtered();
    const lines = [COLUMNS.map(c => csvCell(c.label, true)).concat('"source"').join(',')];
    const src = DATA.sources;
    for (const i of rows) {
      const cells = COLUMNS.map(c => (c.kind === 'num' ? fmtNum(c.values[i]) : csvCell(c.kind === 'cat' ? c.dict[c.codes[i]] : c.values[i], true)));
      cells.push(csvCell(src.files[src.codes[i]] + (src.lines[i] === null ? '' : ':' + src.lines[i]), true));
      lines.push(cells.join(','));
    }
    download('documents.csv', lines.join('\r\n') + '\r\n', 'text/csv');
  }
  function exportIds() {
    download('documents.jsonl', [...filtered()].map(i => JSON.stringify({id: IDS[i]}) + '\n').join(''),
             'application/x-ndjson');
  }
  function download(name, content, type) {
    const url = URL.createObjectURL(new Blob([content], {type: type + ';charset=utf-8'}));
    const link = h('a', {href: url, download: name, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  }

  // ---------- column picker, static tables, trend
  function buildColumnPicker() {
    $('column-list').replaceChildren(...COLUMNS.filter(c => c.key !== 'id').map(c => {
      const box = h('input', {type: 'checkbox', 'data-key': c.key, checked: state.visible.has(c.key)});
      box.addEventListener('change', () => {
        if (box.checked) state.visible.add(c.key); else state.visible.delete(c.key);
        update();
      });
      return h('label', {title: c.note}, box, ' ' + c.label);
    }));
  }
  function syncColumnPicker() {
    document.querySelectorAll('#column-list input').forEach(b => { b.checked = state.visible.has(b.dataset.key); });
  }
  function sortStatic(th) {
    const table = th.closest('table'), index = [...th.parentElement.children].indexOf(th);
    const desc = th.getAttribute('aria-sort') === 'ascending';
    th.parentElement.querySelectorAll('th').forEach(o => o.removeAttribute('aria-sort'));
    th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    const numeric = th.dataset.sort === 'num', body = table.tBodies[0];
    const value = tr => tr.children[index].dataset.v;
    const rows = [...body.rows].sort((a, b) => {
      let x = value(a), y = value(b);
      if (numeric) { x = x === '' ? Infinity : Number(x); y = y === '' ? Infinity : Number(y); }
      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
    });
    body.replaceChildren(...rows);
  }
  $('trend-slice').addEventListener('change', e => {
    document.querySelectorAll('#trend figure.chart').forEach(f => { f.hidden = f.id !== e.target.value; });
  });

  // ---------- events
  document.addEventListener('click', e => {
    const target = e.target;
    if (!(target instanceof Element)) return;
    const mark = target.closest('[data-set]');
    if (mark && markByElement.has(mark)) { applyMark(markByElement.get(mark)); return; }
    const th = target.closest('#docs th[data-key]');
    if (th) {
      const key = th.dataset.key;
      state.sort = state.sort && state.sort.key === key ? {key, desc: !state.sort.desc} : {key, desc: false};
      state.page = 0;
      update();
      return;
    }
    const sortable = target.closest('table.sortable th[data-sort]');
    if (sortable) { sortStatic(sortable); return; }
    const row = target.closest('#docs tbody tr[data-row]');
    if (row) { openDoc(Number(row.dataset.row)); return; }
    const item = target.closest('#panel-findings li[data-f]');
    if (item) { showFinding(Number(item.dataset.f)); return; }
    const jump = target.closest('a[data-jump]');
    if (jump) { e.preventDefault(); $(jump.dataset.jump).scrollIntoView({block: 'start'}); }
  });
  document.addEventListener('keydown', e => {
    const typing = e.target instanceof Element && e.target.matches('input, select, textarea');
    if (e.key === 'Escape' && !panel.hidden) { closeDoc(); return; }
    if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof Element && !typing) {
      const mark = e.target.closest('[data-set]');
      const row = e.target.closest('#docs tbody tr[data-row]');
      const th = e.target.closest('#docs th[data-key]');
      const item = e.target.closest('#panel-findings li[data-f]');
      // SVG elements have no click(): a synthetic click reaches the same handler for chart marks too.
      if (mark || row || th || item) { e.preventDefault(); e.target.dispatchEvent(new MouseEvent('click', {bubbles: true})); return; }
    }
    if (!typing && !panel.hidden && (e.key === 'j' || e.key === 'k')) step(e.key === 'j' ? 1 : -1);
  });
  $('panel-close').addEventListener('click', closeDoc);
  $('panel-next').addEventListener('click', () => step(1));
  $('panel-prev').addEventListener('click', () => step(-1));
  $('clear-filters').addEventListener('click', () => { state.filters.clear(); state.page = 0; syncControls(); update(); });
  $('export-csv').addEventListener('click', exportCSV);
  $('export-ids').addEventListener('click', exportIds);
  ['mouseover', 'focusin'].forEach(type => document.addEventListener(type, showTip));

  // ---------- one update for every change
  let shownDoc = null;
  function update() {
    const t = performance.now();
    const rows = filtered();
    currentRows = rows;
    const pages = Math.max(1, Math.ceil(rows.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    renderTable(rows);
    renderPager(rows);
    renderSummary(rows);
    renderChips(rows);
    renderActiveMarks();
    syncColumnPicker();
    scheduleScatter(rows);
    if (state.doc !== shownDoc) {
      shownDoc = state.doc;
      if (state.doc === null) { panel.hidden = true; document.body.classList.remove('panel-open'); } else renderPanel();
    }
    writeHash();
    timings.lastUpdateMs = performance.now() - t;
  }
  const timings = {parseMs: parsed - started, lastUpdateMs: 0, readyMs: 0};
  window.dashboardTimings = timings;
  fromParams(new URLSearchParams(location.hash.replace(/^#/, '')));
  buildFilters();
  buildScatterControls();
  buildColumnPicker();
  syncControls();
  update();
  timings.readyMs = performance.now() - started;
  document.documentElement.dataset.ready = 'true';
})().catch(error => {
  document.getElementById('shown').textContent = '0';
  document.getElementById('filtered-summary').textContent = 'The dashboard could not start: ' + error;
  throw error;
});
