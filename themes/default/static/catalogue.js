/* ocop-site: offline filters and Vietnamese search for the catalogue home page.
 *
 * Reads window.ocopCatalogueData (catalogue-data.js, loaded with a plain
 * <script src> so it works from file://) and takes over [data-catalogue]:
 * facet filters (values of one facet: OR; facets: AND) with counts, search
 * that ignores case, diacritics and Unicode normal form, sorting, "show more",
 * and the state in the URL hash (#district=kien-thuy,luc-nam&stars=4&q=mat+ong).
 * Text reaches the page only through DOM APIs (textContent, setAttribute).
 */
(() => {
  'use strict';

  /* The folding rule, twin of ocop_site.vntext.fold: tests/fold_cases.json holds both to it. */
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  /* The view in a URL hash (#district=kien-thuy,luc-nam&stars=4&q=mat+ong) as [key, value]
     pairs, values decoded; brochure.js reads the same hash with it. */
  const hashPairs = (hash) => {
    const pairs = [];
    for (const part of hash.replace(/^#/, '').split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      try { pairs.push([part.slice(0, eq), decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))]); } catch (e) { /* malformed: skipped */ }
    }
    return pairs;
  };
  /* Search matches words: a text becomes " word word … " (anything but letters, marks and
     digits separates words). A query word typed without marks (tra) matches the words it
     begins, folded: tra, trà, trấn, trải. Typed with marks (trà), it matches the words
     that fold as it does (Trà, tra: " tra "), and the words it begins as typed, ignoring
     the tones it has not typed yet (trà: tràn; mâ: mật), but not trấn or trải. */
  const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;
  const TONE = /[\u0300\u0301\u0303\u0309\u0323]/;
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const words = (text) => ` ${text.replace(SEPARATORS, ' ')} `;
  const untoned = (s) => s.normalize('NFD').replace(TONES, '').normalize('NFC');
  /* A text's forms, from its words (lower case, NFC, one space between): as written (t),
     folded (f), and without tones (u, made when first needed). */
  const wordForms = (spaced) => {
    const t = ` ${spaced} `;
    return { t, f: fold(t), u: '' };
  };
  /* The query's words: f folded (" tra", or " tra " when typed with marks); m as typed
     when that differs from f (" trà", " mâ"), looked for in form k of the text. */
  const tokenize = (q) => q.normalize('NFC').toLowerCase().split(SEPARATORS).filter((t) => fold(t)).map((t) => {
    const f = fold(t);
    const marked = /[\u0300-\u036f]/.test(t.normalize('NFD'));
    const k = TONE.test(t.normalize('NFD')) ? 't' : 'u';
    return { f: ` ${f}${marked ? ' ' : ''}`, m: f === t ? '' : ` ${k === 't' ? t : untoned(t)}`, k };
  });
  const found = (x, t) => x.f.indexOf(t.f) >= 0
    || (t.m !== '' && (t.k === 't' ? x.t : x.u || (x.u = untoned(x.t))).indexOf(t.m) >= 0);
  /* Whether every word of the query matches a word of the text (tests/search_cases.json). */
  const matches = (query, text) => {
    const x = wordForms(words(text.normalize('NFC').toLowerCase()).trim());
    return tokenize(query).every((t) => found(x, t));
  };
  const api = window.ocopCatalogue = { fold, hashPairs, matches };

  const root = document.querySelector('[data-catalogue]');
  const data = window.ocopCatalogueData;
  const form = root && root.querySelector('[data-controls]');
  const list = root && root.querySelector('.cards');
  if (!data || !form || !list) return;

  const $ = (selector) => root.querySelector(selector);
  const strings = JSON.parse($('[data-strings]').textContent);
  const base = root.getAttribute('data-root') || '';
  const PAGE = data.page_size || 60;
  const TIER = [0, 2, 2, 3, 2]; // search fields: name, producer, commune, summary, district
  const SORTS = ['name', 'stars', 'area'];
  const col = {};
  data.fields.forEach((field, i) => { col[field] = i; });
  const FACETS = ['province', 'district', 'group', 'stars'].filter((f) => form.querySelector(`input[name="${f}"]`));
  const inputs = {};
  for (const f of FACETS) inputs[f] = Array.from(form.querySelectorAll(`input[name="${f}"]`));

  const products = data.products.map((a, i) => {
    const d = data.districts[a[col.district]];
    const g = data.groups[a[col.group]];
    const province = data.provinces[d.province];
    if (d.words == null) d.words = words(d.name.normalize('NFC').toLowerCase()).trim();
    return {
      i, d, g, di: a[col.district], slug: a[col.slug], name: a[col.name], stars: a[col.stars],
      text: `${a[col.search] || ''}|${d.words}`, all: null, fields: null, lang: a[col.name_lang] || '', cover: a[col.cover] ? Object.assign({}, data.cover_defaults, a[col.cover]) : null, r: 0,
      v: { province: province ? province.key : '', district: d.key, group: g.key, stars: String(a[col.stars]) },
    };
  });
  /* Facet values as numbers, for the update loop: p.x[j] is the index of the product's
     value among the options of FACETS[j] (-1: none), counts[j] the option counts. */
  const counts = FACETS.map((f) => new Int32Array(inputs[f].length));
  const positions = FACETS.map((f) => new Map(inputs[f].map((input, k) => [input.value, k])));
  for (const p of products) p.x = FACETS.map((f, j) => (positions[j].has(p.v[f]) ? positions[j].get(p.v[f]) : -1));
  const by = (key) => products.slice().sort((a, b) => key(a) - key(b) || a.i - b.i);
  const orders = { name: products, stars: by((p) => -p.stars), area: by((p) => p.di) };

  /* Search: every word of the query must match a word of a field (each field is
     " word word … ", so a match cannot span two). A word rates by its best field:
     0 name, 1 name but typed with marks (mật) that the name's word has not (Mặt),
     2 producer, commune or district, 3 summary; lowest total first. */
  /* The search forms of a product, made once: in idle time after loading, or at the first search. */
  const prepare = (p) => p.all || (p.all = wordForms(p.text.split('|').join(' ')));
  const rank = (p, tokens) => {
    const all = prepare(p);
    for (const t of tokens) if (!found(all, t)) return -1;
    if (!p.fields) p.fields = p.text.split('|').map(wordForms);
    let total = 0;
    for (const t of tokens) {
      let best = 9;
      for (let j = 0; j < p.fields.length; j++) {
        const form = p.fields[j];
        if (!found(form, t)) continue;
        const r = j === 0 && t.m !== '' && form[t.k].indexOf(t.m) < 0 ? 1 : TIER[j];
        if (r < best) best = r;
      }
      total += best;
    }
    return total;
  };

  /* Cards: the same markup as partials/card.html. */
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const url = (path) => base + path;
  /* A srcset from the output root, or a pattern ("images/ab12-{w}.webp") and the cover's widths. */
  const srcset = (s, c) => (s.indexOf('{w}') < 0
    ? s.split(',').map((x) => x.trim()).filter(Boolean).map(url).join(', ')
    : c.w.map((w) => `${url(s.split('{w}').join(w))} ${w}w`).join(', '));
  /* The cover as partials/picture.html writes it (WebP <source>, sized <img>), or the group's placeholder. */
  const picture = (p, eager) => {
    const c = p.cover;
    const img = el('img');
    img.setAttribute('src', url(c ? c.src : p.g.placeholder));
    if (c) {
      img.setAttribute('srcset', srcset(c.srcset || '', c));
      img.setAttribute('sizes', c.sizes || '');
      if (c.width) img.setAttribute('width', c.width);
      if (c.height) img.setAttribute('height', c.height);
    }
    img.setAttribute('alt', '');
    if (!eager) img.setAttribute('loading', 'lazy');
    img.setAttribute('decoding', 'async');
    if (!c) return img;
    const pic = el('picture');
    if (c.webp) {
      const source = pic.appendChild(el('source'));
      source.setAttribute('type', 'image/webp');
      source.setAttribute('srcset', srcset(c.webp, c));
      source.setAttribute('sizes', img.getAttribute('sizes'));
    }
    pic.appendChild(img);
    return pic;
  };
  const card = (p, eager) => {
    const li = el('li', 'card');
    li.dataset.product = p.slug;
    li.dataset.district = p.d.key;
    li.dataset.group = p.g.key;
    li.dataset.stars = p.stars;
    const media = li.appendChild(el('div', 'card-media'));
    media.appendChild(picture(p, eager));
    if (p.cover && p.cover.illustration) media.appendChild(el('span', 'card-label', data.illustration));
    const body = li.appendChild(el('div', 'card-body'));
    const link = el('a', null, p.name);
    link.setAttribute('href', url(data.product_path.split('{slug}').join(p.slug)));
    if (p.lang) link.setAttribute('lang', p.lang);
    body.appendChild(el('h3', 'card-title')).appendChild(link);
    const stars = body.appendChild(el('p', `stars stars-${p.stars}`));
    stars.appendChild(el('span', null, '★'.repeat(p.stars) + '☆'.repeat(5 - p.stars))).setAttribute('aria-hidden', 'true');
    stars.appendChild(el('span', 'visually-hidden', strings.stars_label[p.stars] || ''));
    const sep = el('span', 'sep', '·');
    sep.setAttribute('aria-hidden', 'true');
    body.appendChild(el('p', 'card-meta')).append(el('span', null, p.g.name), ' ', sep, ' ', el('span', null, p.d.name));
    return li;
  };
  const cards = new Map();
  for (const li of list.querySelectorAll('[data-product]')) cards.set(li.getAttribute('data-product'), li);
  const cardFor = (p, k) => {
    let li = cards.get(p.slug);
    if (!li) cards.set(p.slug, li = card(p, k < 4));
    return li;
  };

  /* State and the URL hash. */
  const fresh = (sort) => ({ q: '', sort: sort || 'name', province: new Set(), district: new Set(), group: new Set(), stars: new Set() });
  const serialize = (s) => {
    const parts = [];
    for (const f of FACETS) {
      const keys = inputs[f].map((i) => i.value).filter((k) => s[f].has(k));
      if (keys.length) parts.push(`${f}=${keys.join(',')}`);
    }
    if (s.q.trim()) parts.push(`q=${encodeURIComponent(s.q.trim())}`);
    if (s.sort !== 'name') parts.push(`sort=${s.sort}`);
    return parts.join('&');
  };
  const parse = (hash) => {
    const s = fresh();
    for (const [key, value] of hashPairs(hash)) {
      if (key === 'q') s.q = value;
      else if (key === 'sort' && SORTS.includes(value)) s.sort = value;
      else if (FACETS.includes(key)) {
        for (const v of value.split(',')) if (inputs[key].some((i) => i.value === v)) s[key].add(v);
      }
    }
    return s;
  };
  let state = fresh();
  let typing = false;
  const writeHash = (fromTyping) => {
    const hash = serialize(state);
    if (hash !== location.hash.replace(/^#/, '')) {
      const target = hash ? `#${hash}` : location.pathname + location.search;
      history[fromTyping && typing ? 'replaceState' : 'pushState'](null, '', target);
    }
    typing = fromTyping;
  };

  /* Updating the page. */
  const q = form.elements.q;
  const sort = form.elements.sort;
  const nameOption = sort.querySelector('option[value="name"]');
  const nameLabel = nameOption.textContent;
  const heading = $('[data-heading]');
  const resultCount = $('[data-result-count]');
  const emptyBox = $('[data-empty]');
  const moreBox = $('[data-show-more]');
  const clearButton = form.querySelector('[data-clear]');
  const chipRow = $('[data-chips]');
  const chipList = chipRow.firstElementChild;
  const resultsButton = $('[data-show-results]');
  const countOf = new Map();
  for (const f of FACETS) for (const i of inputs[f]) countOf.set(i, i.closest('label').querySelector('[data-count]'));
  const numbers = new Intl.NumberFormat(data.lang); // 10.000 in vi, as the server's Babel writes it
  const num = (n) => numbers.format(n);
  const format = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? (typeof values[k] === 'number' ? num(values[k]) : values[k]) : m));
  const setText = (node, text) => { if (node.textContent !== String(text)) node.textContent = text; };
  const show = (node, visible) => { if (node.hidden === visible) node.hidden = !visible; };
  /* The language links (and the brochure's) carry the view: filter keys are the same in every language. */
  const langLinks = Array.from(document.querySelectorAll('a[hreflang], a[data-carry-view]'), (a) => [a, a.getAttribute('href')]);
  const carryView = (hash) => { for (const [a, href] of langLinks) a.setAttribute('href', hash ? `${href}#${hash}` : href); };
  let hits = [];
  let shown = 0;

  const more = () => {
    const first = shown;
    const end = Math.min(hits.length, shown + PAGE);
    const frag = document.createDocumentFragment();
    for (let k = first; k < end; k++) frag.appendChild(cardFor(hits[k], k));
    list.appendChild(frag);
    shown = end;
    show(moreBox, shown < hits.length);
    return first;
  };

  const update = () => {
    const t0 = performance.now();
    const tokens = tokenize(state.q);
    const chosen = FACETS.map((f) => inputs[f].map((input) => state[f].has(input.value)));
    const active = FACETS.map((f, j) => j).filter((j) => state[FACETS[j]].size);
    for (const c of counts) c.fill(0);
    hits = [];
    // One pass: a product failing no facet is a hit and counts for every facet;
    // failing exactly one, it counts for that facet's options only.
    for (const p of orders[state.sort]) {
      let r = 0;
      if (tokens.length && (r = rank(p, tokens)) < 0) continue;
      let miss = -1;
      let misses = 0;
      for (const j of active) {
        if (chosen[j][p.x[j]]) continue;
        miss = j;
        if (++misses > 1) break;
      }
      if (misses === 1 && p.x[miss] >= 0) counts[miss][p.x[miss]]++;
      if (misses) continue;
      for (let j = 0; j < counts.length; j++) if (p.x[j] >= 0) counts[j][p.x[j]]++;
      p.r = r;
      hits.push(p);
    }
    if (tokens.length && state.sort === 'name') hits.sort((a, b) => a.r - b.r);
    const filtered = tokens.length > 0 || active.length > 0;
    FACETS.forEach((f, j) => inputs[f].forEach((input, k) => {
      setText(countOf.get(input), num(counts[j][k]));
      const zero = counts[j][k] === 0 && !input.checked; // would give nothing: not offered
      input.parentNode.classList.toggle('is-zero', zero);
      if (input.disabled !== zero) input.disabled = zero;
    }));
    chips();
    setText(resultsButton, hits.length === 1 ? strings.show_results_one : format(strings.show_results, { count: hits.length }));
    setText(nameOption, tokens.length ? nameOption.getAttribute('data-relevance') : nameLabel);
    setText(heading, filtered ? strings.results : strings.all_products);
    const total = products.length;
    setText(resultCount, filtered ? format(strings.results_count, { count: hits.length, total })
      : total === 1 ? strings.products_count_one : format(strings.products_count, { count: total }));
    clearButton.disabled = !filtered;
    show(emptyBox, hits.length === 0);
    show(list, hits.length > 0);
    const end = Math.min(hits.length, PAGE);
    let same = list.children.length === end;
    for (let k = 0; same && k < end; k++) same = list.children[k] === cards.get(hits[k].slug);
    if (same) {
      shown = end;
      show(moreBox, shown < hits.length);
    } else {
      list.replaceChildren();
      shown = 0;
      more();
    }
    carryView(serialize(state));
    api.lastUpdate = performance.now() - t0;
  };

  /* The active filters as removable chips beside the results, in the form's order:
     a button each, named "Remove filter: Kiến Thụy" (strings.remove_filter). */
  const [chipBefore, chipAfter] = strings.remove_filter.split('{name}');
  let chipKey = '';
  const chips = () => {
    const on = [];
    for (const f of FACETS) for (const input of inputs[f]) if (input.checked) on.push(input);
    const key = on.map((i) => `${i.name}=${i.value}`).join('&');
    if (key === chipKey) return;
    chipKey = key;
    chipList.replaceChildren(...on.map((input) => {
      const button = el('button', 'chip');
      button.type = 'button';
      button.dataset.facet = input.name;
      button.dataset.value = input.value;
      const name = input.parentNode.querySelector('[data-name]').textContent;
      button.append(el('span', 'visually-hidden', chipBefore), name, el('span', 'visually-hidden', chipAfter));
      button.appendChild(el('span', 'chip-x', '×')).setAttribute('aria-hidden', 'true');
      return el('li').appendChild(button).parentNode;
    }));
    show(chipRow, on.length > 0);
  };
  chipList.addEventListener('click', (e) => {
    const button = e.target.closest('button');
    if (!button) return;
    const all = Array.from(chipList.querySelectorAll('button'));
    const at = all.indexOf(button);
    state[button.dataset.facet].delete(button.dataset.value);
    sync();
    writeHash(false);
    update();
    // focus the chip that took its place, else the one before, else the search box
    const next = chipList.querySelectorAll('button');
    (next[Math.min(at, next.length - 1)] || q).focus();
  });
  resultsButton.addEventListener('click', () => {
    heading.parentNode.scrollIntoView();
    heading.parentNode.focus();
  });

  const sync = () => {
    for (const f of FACETS) for (const i of inputs[f]) i.checked = state[f].has(i.value);
    if (q.value !== state.q) q.value = state.q;
    sort.value = state.sort;
  };
  const onHash = () => {
    const next = parse(location.hash);
    if (serialize(next) === serialize(state)) return;
    state = next;
    typing = false;
    sync();
    update();
  };

  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('change', (e) => {
    const input = e.target;
    if (input === sort) state.sort = sort.value;
    else if (FACETS.includes(input.name)) state[input.name][input.checked ? 'add' : 'delete'](input.value);
    else return;
    writeHash(false);
    update();
  });
  q.addEventListener('input', () => {
    state.q = q.value;
    writeHash(true);
    update();
  });
  for (const button of root.querySelectorAll('[data-clear]')) {
    button.addEventListener('click', () => {
      state = fresh(state.sort);
      sync();
      writeHash(false);
      update();
      q.focus();
    });
  }
  moreBox.querySelector('button').addEventListener('click', () => {
    const item = list.children[more()];
    const link = item && item.querySelector('a');
    if (link) link.focus();
  });
  addEventListener('hashchange', onHash);
  addEventListener('popstate', onHash);

  form.hidden = false;
  const filters = $('[data-filters]');
  const initial = parse(location.hash);
  /* Folded on phones (as the page first paints) unless the view filters something. */
  if (filters && (!matchMedia('(max-width: 40rem)').matches || FACETS.some((f) => initial[f].size))) filters.open = true;
  for (const node of document.querySelectorAll('[data-browse], [data-first-page], [data-pager]')) node.hidden = true;
  root.classList.add('is-enhanced');
  state = initial;
  sync();
  update();
  let ready = 0;
  const warm = (deadline) => {
    while (ready < products.length && deadline.timeRemaining() > 2) prepare(products[ready++]);
    if (ready < products.length) requestIdleCallback(warm);
  };
  if (window.requestIdleCallback) requestIdleCallback(warm);
  Object.assign(api, { update, card: (slug, eager) => card(products.find((p) => p.slug === slug), eager) });
})();
