// The page of `genrekit serve`: uploads each chosen or dropped file to POST /api/classify and
// shows its top genres as bars, the certainty in words, the genre of each piece along the song,
// and its mel spectrogram. Served by genrekit itself; it makes no request anywhere else.
const GENRE_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const $ = (id) => document.getElementById(id);
const colours = new Map();
let token = sessionStorage.getItem('genrekit-token') || '';
let queue = Promise.resolve();

/** Plain words for log10(p1 / p2). */
function certaintyWords(c) {
  if (c < 0.1) return 'a close call';
  if (c < 0.3) return 'leaning';
  if (c < 0.7) return 'fairly clear';
  return 'clear';
}

function colourOf(label) {
  if (!colours.has(label)) colours.set(label, GENRE_COLOURS[colours.size % GENRE_COLOURS.length]);
  return colours.get(label);
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const c of children) node.append(c);
  return node;
}

function fmtTime(s) {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** POST one file; resolves with the JSON, reporting upload progress. */
function post(file, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/classify?top=3&timeline=true&spectrogram=true');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { error: { name: 'Error', message: `the server answered ${xhr.status}` } };
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: { error: { name: 'NetworkError', message: 'the server could not be reached' } } });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function showResult(card, r) {
  card.replaceChildren(el('h2', { textContent: r.file }));
  const top = r.genres[0];
  card.append(el('p', { className: 'verdict', textContent: `${top.label}: ${certaintyWords(r.certainty)} (${fmtTime(r.durationSeconds)} long)` }));
  const bars = el('ul', { className: 'bars', ariaLabel: 'Top genres' });
  for (const g of r.genres) {
    const pct = Math.round(g.score * 100);
    bars.append(
      el('li', { className: 'bar' },
        el('span', { textContent: g.label }),
        el('span', { className: 'track', role: 'meter', ariaValueNow: String(pct), ariaValueMin: '0', ariaValueMax: '100', ariaLabel: g.label }, el('span', { className: 'fill', style: `width:${pct}%;display:block` })),
        el('span', { className: 'score', textContent: `${pct} %` })),
    );
  }
  card.append(bars);
  for (const w of r.warnings) card.append(el('p', { className: 'warning', textContent: w }));
  if (r.pieces && r.pieces.length) {
    const line = el('div', { className: 'timeline', role: 'img', ariaLabel: `Genre along the song: ${r.pieces.map((p) => `${fmtTime(p.startSeconds)} ${p.genres[0].label}`).join(', ')}` });
    const seen = new Set();
    for (const p of r.pieces) {
      const g = p.genres[0].label;
      seen.add(g);
      line.append(el('span', { title: `${fmtTime(p.startSeconds)}-${fmtTime(p.endSeconds)}: ${g}`, style: `background:${colourOf(g)}` }));
    }
    card.append(el('h3', { className: 'small', textContent: `Genre of each ${r.model.pieceSeconds} s piece` }), line);
    const legend = el('ul', { className: 'legend' });
    for (const g of seen) legend.append(el('li', {}, el('i', { style: `background:${colourOf(g)}` }), g));
    card.append(legend);
  }
  if (r.spectrogram) card.append(el('img', { className: 'spectrogram', src: r.spectrogram, alt: `Mel spectrogram of ${r.file}` }));
}

async function classifyFile(file) {
  const card = el('li', { className: 'song' }, el('h2', { textContent: file.name }));
  const bar = el('div', { className: 'progress' }, el('div'));
  const note = el('p', { className: 'small', textContent: 'waiting…' });
  card.append(note, bar);
  $('results').prepend(card);
  const started = Date.now();
  let timer;
  const { status, body } = await post(file, (f) => {
    bar.firstChild.style.width = `${Math.round(f * 100)}%`;
    note.textContent = `uploading ${Math.round(f * 100)} %`;
    if (f >= 1 && !timer) {
      bar.classList.add('busy');
      timer = setInterval(() => (note.textContent = `classifying… ${Math.round((Date.now() - started) / 1000)} s`), 500);
      note.textContent = 'classifying…';
    }
  });
  clearInterval(timer);
  if (status === 401) {
    card.remove();
    $('token-form').hidden = false;
    $('status').textContent = 'This server needs an access token.';
    $('token').focus();
    return;
  }
  if (status !== 200) {
    card.replaceChildren(el('h2', { textContent: file.name }), el('p', { className: 'error', role: 'alert', textContent: `Could not classify this file: ${body.error.message}` }));
    return;
  }
  showResult(card, body);
}

function take(files) {
  const list = [...files];
  if (list.length === 0) return;
  $('status').textContent = `${list.length} file${list.length > 1 ? 's' : ''} to classify`;
  for (const f of list) queue = queue.then(() => classifyFile(f));
  queue.then(() => ($('status').textContent = 'Done.'));
}

const drop = $('drop');
drop.addEventListener('click', () => $('files').click());
drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    $('files').click();
  }
});
$('files').addEventListener('change', (e) => take(e.target.files));
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  take(e.dataTransfer.files);
});
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value;
  sessionStorage.setItem('genrekit-token', token);
  $('token-form').hidden = true;
  $('status').textContent = 'Token set: choose the files again.';
  loadModel();
});

async function loadModel() {
  const res = await fetch('/api/models', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (res.status === 401) {
    $('token-form').hidden = false;
    $('model').textContent = 'needs a token';
    return;
  }
  const [m] = await res.json();
  const acc = m.accuracy && m.accuracy.length ? `, ${m.accuracy.map((a) => `${Math.round(a.accuracy * 1000) / 10} % ${a.protocol}`).join(', ')}` : '';
  $('model').textContent = `${m.name} on ${m.recipe}, ${m.labels.length} genres (${m.labels.join(', ')})${acc}`;
}
loadModel();
