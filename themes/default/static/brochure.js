/* ocop-site: the brochure prints only the products a catalogue filter hash chooses.
 *
 * brochure/index.html#district=kien-thuy&stars=4,5 (the home page's filter hash,
 * read with catalogue.js's hashPairs): values of one facet are alternatives, facets
 * all apply, q= keeps the products whose words contain every searched word (folded
 * as the catalogue folds them). Entries, contents lines and headings left empty are
 * hidden, so they neither show nor print. Without JavaScript every product shows.
 *
 * A large catalogue's brochure is a page per area, listed by brochure/index.html: a hash
 * there naming one area opens that area's page with the same hash; otherwise each area's
 * link carries the hash on.
 */
(() => {
  'use strict';

  const api = window.ocopCatalogue;
  if (api && document.querySelector('[data-print-index]')) {
    const links = Array.from(document.querySelectorAll('a[data-area]'));
    const areas = api.hashPairs(location.hash).filter(([key]) => key === 'district')
      .flatMap(([, value]) => value.split(','));
    const only = areas.length === 1 ? links.find((a) => a.getAttribute('data-area') === areas[0]) : null;
    if (only) location.replace(only.href + location.hash);
    else if (location.hash) for (const a of links) a.setAttribute('href', a.getAttribute('href') + location.hash);
    return;
  }
  const root = document.querySelector('[data-brochure]');
  if (!api || !root) return;
  const FACETS = ['province', 'district', 'group', 'stars'];
  const entries = Array.from(root.querySelectorAll('.entry'), (entry) => {
    const area = entry.closest('[data-province]');
    return {
      entry,
      v: { province: area.getAttribute('data-province'), district: entry.getAttribute('data-district'),
           group: entry.getAttribute('data-group'), stars: entry.getAttribute('data-stars') },
      key: entry.getAttribute('data-search') || '',
    };
  });
  const status = root.querySelector('[data-filtered]');
  const numbers = new Intl.NumberFormat(root.getAttribute('data-lang') || undefined);
  const show = (node, visible) => { if (node) node.hidden = !visible; };

  const apply = () => {
    const chosen = {};
    let words = [];
    for (const [key, value] of api.hashPairs(location.hash)) {
      if (key === 'q') words = api.fold(value).split(/\s+/).filter(Boolean);
      else if (FACETS.includes(key)) {
        /* as the catalogue does: values it does not know are ignored */
        const known = value.split(',').filter((v) => entries.some((e) => e.v[key] === v));
        if (known.length) chosen[key] = new Set([...(chosen[key] || []), ...known]);
      }
    }
    const facets = Object.keys(chosen);
    let count = 0;
    for (const e of entries) {
      const keep = facets.every((f) => chosen[f].has(e.v[f])) && words.every((w) => e.key.includes(w));
      show(e.entry, keep);
      if (keep) count++;
    }
    for (const section of root.querySelectorAll('.brochure-group')) {
      const left = section.querySelectorAll('.entry:not([hidden])').length;
      show(section, left > 0);
      const line = root.querySelector(`[data-section="${section.id}"]`);
      show(line, left > 0);
      if (line) line.querySelector('[data-count]').textContent = numbers.format(left);
    }
    for (const area of root.querySelectorAll('.brochure-area')) {
      const visible = area.querySelector('.brochure-group:not([hidden])') !== null;
      show(area, visible);
      show(root.querySelector(`[data-area="${area.id}"]`), visible);
    }
    const filtered = facets.length > 0 || words.length > 0;
    show(status, filtered);
    if (filtered) {
      status.querySelector('span').textContent = status.getAttribute('data-text')
        .replace('{count}', numbers.format(count)).replace('{total}', numbers.format(entries.length));
    }
  };
  addEventListener('hashchange', apply);
  apply();
})();
