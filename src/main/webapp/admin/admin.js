// The live admin view: polls the instance's figures, shows them as numbers and draws the last few minutes of
// the main ones as small charts. Read-only.

const POLL_MS = 2000;
const SAMPLES = 90;

const GAUGES = [
  ['connections', 'connections'],
  ['peers', 'peers'],
  ['rooms', 'rooms'],
  ['queuedBytes', 'queued bytes'],
  ['framesInRate', 'frames in / s'],
  ['framesOutRate', 'frames out / s'],
  ['closedSlow', 'slow readers closed'],
  ['resumableSessions', 'resumable sessions'],
  ['resumeParkedPeers', 'parked (connection lost)'],
  ['resumeBufferedBytes', 'bytes kept for replay'],
  ['uptimeSeconds', 'uptime (s)'],
];
const CHARTS = [
  ['connections', 'connections'],
  ['framesInRate', 'frames in / s'],
  ['framesOutRate', 'frames out / s'],
  ['queuedBytes', 'queued bytes'],
];
const REASONS = [
  ['connectionsRefused', 'refused: at capacity or stopping'],
  ['queueOverflows', 'closed: send queue overflow'],
  ['sendTimeouts', 'closed: send timeout'],
  ['pingTimeouts', 'closed: missed pongs'],
  ['authTimeouts', 'closed: no authentication in time'],
  ['rateLimited', 'closed: rate limit'],
  ['oversize', 'closed: frame too large'],
  ['framesCoalesced', 'presence frames coalesced'],
  ['resumes', 'sessions resumed'],
  ['resumeRefusals', 'resumes refused'],
  ['resumeExpired', 'parked sessions expired'],
  ['resumeFramesReplayed', 'frames replayed'],
  ['resumeFramesDropped', 'frames dropped from resume buffers'],
];

const $ = id => document.getElementById(id);
const history = new Map(CHARTS.map(([key]) => [key, []]));
let previous = null;

function cell(text, numeric) {
  const td = document.createElement('td');
  td.textContent = text;
  if (numeric) {
    td.className = 'n';
  }
  return td;
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

function layout() {
  $('gauges').replaceChildren(...GAUGES.map(([key, label]) => {
    const card = document.createElement('div');
    card.className = 'card';
    card.innerHTML = `<div class="value" id="${key}" data-metric="${key}">–</div><div class="label">${label}</div>`;
    return card;
  }));
  $('charts').replaceChildren(...CHARTS.map(([key, label]) => {
    const chart = document.createElement('div');
    chart.className = 'chart';
    chart.innerHTML = `<span class="label">${label}</span><span class="now" id="chart-${key}-now"></span>`
      + `<svg viewBox="0 0 ${SAMPLES - 1} 100" preserveAspectRatio="none"><polyline id="chart-${key}"/></svg>`;
    return chart;
  }));
}

function rate(stats, key, seconds) {
  if (!previous || seconds <= 0) {
    return 0;
  }
  return Math.max(0, (stats[key] - previous[key]) / seconds);
}

function draw(key) {
  const values = history.get(key);
  const top = Math.max(1, ...values);
  const offset = SAMPLES - values.length;
  $('chart-' + key).setAttribute('points',
    values.map((value, i) => `${offset + i},${(100 - (value / top) * 96 - 2).toFixed(1)}`).join(' '));
  $('chart-' + key + '-now').textContent = format(values[values.length - 1]) + ' (max ' + format(top) + ')';
}

function format(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function show(stats) {
  const seconds = previous ? (stats.time - previous.time) / 1000 : 0;
  stats.framesInRate = rate(stats, 'framesIn', seconds);
  stats.framesOutRate = rate(stats, 'framesOut', seconds);
  previous = stats;
  $('status').dataset.state = stats.status;
  $('status').textContent = stats.status;
  $('updated').textContent = 'updated ' + new Date(stats.time).toLocaleTimeString();
  GAUGES.forEach(([key]) => { $(key).textContent = format(stats[key]); });
  CHARTS.forEach(([key]) => {
    const values = history.get(key);
    values.push(stats[key]);
    if (values.length > SAMPLES) {
      values.shift();
    }
    draw(key);
  });
  $('refusals').tBodies[0].replaceChildren(...REASONS.map(([key, label]) => row(cell(label), cell(stats[key], true))));
  $('redis').textContent = !stats.redis.configured ? 'not configured (single instance)'
    : stats.redis.available ? 'connected' : 'unavailable: reconnecting';
  $('instances').tBodies[0].replaceChildren(...stats.instances.map(i => row(cell(i.node), cell(i.peers, true))));
  $('names').hidden = !stats.namesShown;
  if (stats.namesShown) {
    $('room-names').tBodies[0].replaceChildren(...stats.roomNames.map(r => row(cell(r.name), cell(r.members, true))));
    $('peer-names').tBodies[0].replaceChildren(...stats.peerList.map(p =>
      row(cell(p.user), cell(p.name), cell(p.node), cell(p.rooms, true))));
  }
}

async function poll() {
  try {
    const response = await fetch('stats', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status + (response.status === 403 ? ': this user lacks the symple-admin role' : ''));
    }
    show(await response.json());
    $('error').hidden = true;
  } catch (e) {
    $('status').dataset.state = 'error';
    $('status').textContent = 'unreachable';
    $('error').textContent = 'Cannot read the figures: ' + e.message;
    $('error').hidden = false;
  }
  setTimeout(poll, POLL_MS);
}

layout();
poll();
