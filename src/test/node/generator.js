'use strict';
// The load benchmark's second generator: ws clients on one Node.js event loop that behave like browsers running
// symple-client v4. Every frame is JSON-parsed, messages are 100-byte JSON objects, a sender keeps a window of
// messages outstanding counted by deliveries, and every presence probe is answered with a presence addressed to the
// prober. Run by NodeGenerator.java: one scenario per process, its specification as JSON in argv[2]; the result is
// one line "RESULT {json}" on standard output. Server CPU comes from /proc/<serverPid>/stat, as in the Java generator.

const fs = require('fs');
const WebSocket = require('ws');

const spec = JSON.parse(process.argv[2]);
// 0: the Java generator's shape, {"type":"message","to":…,"data":{"s":n}}, no id, no padding
const MESSAGE_BYTES = spec.messageBytes === undefined ? 100 : spec.messageBytes;

function serverCpuNanos () {
  const stat = fs.readFileSync('/proc/' + spec.serverPid + '/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 1e9 / spec.clockTicks;
}

function serverSystemNanos () {
  const stat = fs.readFileSync('/proc/' + spec.serverPid + '/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) * 1e9 / spec.clockTicks;
}

/** Context switches of the server's threads so far (how often they slept or were put off the CPU). */
function serverSwitches () {
  let total = 0;
  for (const task of fs.readdirSync('/proc/' + spec.serverPid + '/task')) {
    try {
      const status = fs.readFileSync('/proc/' + spec.serverPid + '/task/' + task + '/status', 'utf8');
      for (const m of status.matchAll(/ctxt_switches:\s+(\d+)/g)) total += Number(m[1]);
    } catch (e) {
      // a thread that ended meanwhile
    }
  }
  return total;
}

function now () {
  return Number(process.hrtime.bigint());
}

function meter () {
  const cpu = process.cpuUsage();
  return { server: serverCpuNanos(), system: serverSystemNanos(), switches: serverSwitches(), generator: (cpu.user + cpu.system) * 1000, wall: now() };
}

function since (start) {
  const end = meter();
  return {
    server: end.server - start.server,
    system: end.system - start.system,
    switches: end.switches - start.switches,
    generator: end.generator - start.generator,
    wall: end.wall - start.wall
  };
}

function percentileMs (values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
}

function costs (result, phase, operations, frames) {
  result.operations = operations;
  result.seconds = phase.wall / 1e9;
  result.opsPerSecond = operations / (phase.wall / 1e9);
  result.serverCpuPerOpUs = operations === 0 ? null : phase.server / 1e3 / operations;
  result.serverCpuPercent = 100 * phase.server / phase.wall;
  result.serverSystemPercentOfCpu = phase.server === 0 ? null : 100 * phase.system / phase.server;
  result.serverSwitchesPerOp = operations === 0 ? null : phase.switches / operations;
  result.generatorCpuPerFrameUs = frames === 0 ? null : phase.generator / 1e3 / frames;
}

/** A message of exactly MESSAGE_BYTES bytes to `to`, carrying sequence `s` in its data. */
function message (to, s) {
  if (MESSAGE_BYTES === 0) return JSON.stringify({ type: 'message', to, data: { s } });
  const head = JSON.stringify({ type: 'message', to, id: 'm' + s, data: { s, p: '' } });
  return head.slice(0, -3) + 'x'.repeat(Math.max(0, MESSAGE_BYTES - head.length)) + '"}}';
}

/** Resolves when `condition()` holds, polled every 5 ms; rejects after `seconds`. */
function until (condition, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out after ' + seconds + ' s: ' + what()));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

/**
 * One browser tab: connects, authenticates as u<index><tag> (in `rooms`), answers probes, and hands every parsed frame
 * after the welcome to `onFrame(peer, msg, nanos)`.
 */
class Peer {
  constructor (index, rooms, counters, onFrame) {
    this.index = index;
    this.user = 'u' + index + spec.tag; // the run's tag: no user of an earlier run comes back
    this.counters = counters;
    this.onFrame = onFrame;
    this.started = now();
    this.welcomed = 0;
    this.presences = 0;
    // on the ceiling endpoint, a peer's first room is its group
    const url = spec.ceiling ? spec.url + (rooms ? rooms[0] : 'c') : spec.url;
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on('open', () => {
      const auth = { type: 'auth', user: this.user, name: this.user };
      if (rooms) auth.rooms = rooms;
      this.ws.send(JSON.stringify(auth));
    });
    this.ws.on('message', (data) => this.received(data));
    this.ws.on('error', () => {});
    this.ws.on('close', () => {
      if (!this.welcomed) counters.failed++;
      this.closed = true;
    });
  }

  received (data) {
    const nanos = now();
    const msg = JSON.parse(data);
    this.counters.frames++;
    if (msg.type === 'welcome' && !this.welcomed) {
      this.welcomed = nanos;
      this.peer = msg.peer;
      this.address = this.user + '|' + msg.peer.id;
      this.counters.welcomed++;
      if (this.onWelcome) this.onWelcome(this);
      return;
    }
    if (msg.type === 'presence') {
      this.counters.presences++;
      this.presences++;
      if (msg.probe && msg.from && msg.from !== this.address) {
        this.send({ type: 'presence', to: msg.from, data: { id: this.peer.id, user: this.user, name: this.user, online: true } });
      }
    }
    this.onFrame(this, msg, nanos);
  }

  send (frame) {
    if (!this.closed) this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close () {
    this.ws.terminate();
  }
}

function counters () {
  return { frames: 0, presences: 0, welcomed: 0, failed: 0 };
}

/** Opens `count` peers, `concurrency` handshakes at a time; resolves when each has its welcome. */
function crowd (first, count, rooms, c, onFrame, concurrency) {
  const peers = [];
  let next = 0;
  const open = () => {
    if (next >= count) return;
    const index = first + next++;
    const peer = new Peer(index, rooms(index), c, onFrame);
    peer.onWelcome = open;
    peer.ws.on('close', () => { if (!peer.welcomed) open(); });
    peers.push(peer);
  };
  for (let k = 0; k < Math.min(concurrency, count); k++) open();
  return until(() => c.welcomed + c.failed >= count, spec.timeout, () => c.welcomed + ' of ' + count + ' welcomed')
    .then(() => {
      if (c.failed > 0) throw new Error(c.failed + ' of ' + count + ' refused or dropped');
      return peers;
    });
}

/** Waits until every peer of `peers` counted at least `each` presence frames (our server's room set-up). */
function presenceSettled (peers, each) {
  if (!spec.presenceOnJoin) return Promise.resolve();
  return until(() => peers.every(p => p.presences >= each), spec.timeout * 4,
    () => peers.filter(p => p.presences >= each).length + ' of ' + peers.length + ' heard the room');
}

/**
 * Windowed delivery check shared by fan-out and direct: per receiver, every sequence once and in order. The window
 * counts deliveries: a sender may have `window` messages outstanding, a message counting as delivered by the share
 * of its receivers that got it (spec.windowBy "complete": only once every receiver has it, as the Java generator).
 */
class Stream {
  constructor (receivers, total, warmUp, send) {
    this.receivers = receivers;
    this.total = total;
    this.warmUp = warmUp;
    this.send = send;
    this.sent = 0;
    this.sentNanos = new Float64Array(total);
    this.delivered = 0;
    this.perMessage = new Int32Array(total);
    this.complete = 0;
    this.last = new Int32Array(receivers).fill(-1);
    this.latencies = [];
    this.lost = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
  }

  outstanding () {
    const done = spec.windowBy === 'complete' ? this.complete : Math.floor(this.delivered / this.receivers);
    return this.sent - done;
  }

  fill () {
    while (this.sent < this.total && this.outstanding() < spec.window) {
      const s = this.sent++;
      this.sentNanos[s] = now();
      this.send(s);
    }
  }

  arrived (r, s, nanos) {
    if (typeof s !== 'number' || s < 0 || s >= this.total) return;
    if (s <= this.last[r]) {
      if (s === this.last[r]) this.duplicates++; else this.outOfOrder++;
      return;
    }
    if (s !== this.last[r] + 1) this.outOfOrder++;
    this.last[r] = s;
    this.delivered++;
    if (s >= this.warmUp) this.latencies.push(nanos - this.sentNanos[s]);
    if (++this.perMessage[s] === this.receivers) this.complete++;
    this.fill();
  }
}

async function measureStream (result, stream, expected, peersToClose) {
  stream.fill();
  await until(() => stream.complete >= stream.warmUp, spec.timeout, () => stream.complete + ' warm-up messages complete');
  const start = meter();
  const deliveredBefore = stream.delivered;
  const framesBefore = result.c.frames;
  let done = true;
  try {
    await until(() => stream.delivered >= expected, spec.timeout, () => stream.delivered + ' of ' + expected + ' delivered');
  } catch (e) {
    done = false;
    result.note = e.message;
  }
  const phase = since(start);
  const count = stream.delivered - deliveredBefore;
  costs(result, phase, count, result.c.frames - framesBefore);
  result.p50Ms = percentileMs(stream.latencies, 0.5);
  result.p99Ms = percentileMs(stream.latencies, 0.99);
  result.lost = expected - stream.delivered;
  result.duplicates = stream.duplicates;
  result.outOfOrder = stream.outOfOrder;
  result.complete = done;
  peersToClose.forEach(p => p.close());
  return result;
}

async function fanout () {
  const { receivers, messages } = spec;
  const warmUp = Math.max(spec.window * 5, Math.floor(messages / 5));
  const total = warmUp + messages;
  const c = counters();
  let stream;
  const room = await crowd(1, receivers, () => ['fan'], c, (peer, msg, nanos) => {
    if (msg.type === 'message') stream.arrived(peer.index - 1, msg.data && msg.data.s, nanos);
  }, 100);
  const [sender] = await crowd(0, 1, () => ['fan'], counters(), () => {}, 1);
  await presenceSettled(room, receivers);
  const to = spec.plainTo ? 'fan' : ['fan'];
  stream = new Stream(receivers, total, warmUp, (s) => sender.send(message(to, s)));
  const result = { receivers, messages, window: spec.window, c };
  return measureStream(result, stream, receivers * total, room.concat([sender]));
}

async function direct () {
  const { pairs, messages } = spec;
  const warmUp = Math.max(spec.window * 5, Math.floor(messages / 5));
  const total = warmUp + messages;
  const c = counters();
  const streams = [];
  const peers = await crowd(0, 2 * pairs, (i) => ['p' + Math.floor(i / 2)], c, (peer, msg, nanos) => {
    if (msg.type === 'message' && peer.index % 2 === 1) streams[(peer.index - 1) / 2].arrived(0, msg.data && msg.data.s, nanos);
  }, 100);
  await presenceSettled(peers, 1);
  // one stream per pair; a combined view measures them as one
  const all = { delivered: 0, complete: 0, duplicates: 0, outOfOrder: 0, latencies: [], warmUp: warmUp * pairs };
  for (let p = 0; p < pairs; p++) {
    const to = peers[2 * p + 1].address;
    const stream = new Stream(1, total, warmUp, (s) => peers[2 * p].send(message(to, s)));
    stream.latencies = all.latencies;
    const arrived = stream.arrived.bind(stream);
    stream.arrived = (r, s, nanos) => {
      const before = stream.delivered;
      const dup = stream.duplicates;
      const ooo = stream.outOfOrder;
      arrived(r, s, nanos);
      all.delivered += stream.delivered - before;
      all.complete = all.delivered;
      all.duplicates += stream.duplicates - dup;
      all.outOfOrder += stream.outOfOrder - ooo;
    };
    streams.push(stream);
  }
  all.fill = () => streams.forEach(s => s.fill());
  const result = { pairs, messages, window: spec.window, c };
  return measureStream(result, all, pairs * total, peers);
}

async function connect () {
  const { count, concurrency } = spec;
  const warm = await crowd(1000000, Math.min(200, count), () => null, counters(), () => {}, concurrency);
  warm.forEach(p => p.close());
  const c = counters();
  const start = meter();
  const framesBefore = c.frames;
  let peers = [];
  const result = { connections: count, concurrency, c, complete: true };
  try {
    peers = await crowd(0, count, () => null, c, () => {}, concurrency);
  } catch (e) {
    result.complete = false;
    result.note = e.message;
  }
  const phase = since(start);
  costs(result, phase, c.welcomed, c.frames - framesBefore);
  const times = peers.filter(p => p.welcomed).map(p => p.welcomed - p.started);
  result.p50Ms = percentileMs(times, 0.5);
  result.p99Ms = percentileMs(times, 0.99);
  result.lost = count - c.welcomed;
  peers.forEach(p => p.close());
  return result;
}

/**
 * A join storm as symple-client v4 pages make it: `count` authenticated peers join one room at once; after its
 * join:ok each probes the room, and each answers every probe. A peer is settled when it has its join:ok and has heard
 * a presence (the server's, a probe or an answer) from every other peer.
 */
async function joinstorm () {
  const { count } = spec;
  const c = counters();
  const known = Array.from({ length: count }, () => new Set());
  const knownCount = new Int32Array(count);
  const joinOk = new Float64Array(count);
  const settled = new Float64Array(count);
  let settledCount = 0;
  let t0 = 0;
  const check = (i, nanos) => {
    if (!settled[i] && joinOk[i] && knownCount[i] === count - 1) {
      settled[i] = nanos - t0;
      settledCount++;
    }
  };
  const peers = await crowd(0, count, () => null, c, (peer, msg, nanos) => {
    const i = peer.index;
    if (msg.type === 'join:ok') {
      joinOk[i] = nanos - t0;
      peer.send({ type: 'presence', probe: true, to: ['storm'], room: 'storm', data: { id: peer.peer.id, user: peer.user, name: peer.user, online: true } });
    } else if (msg.type === 'presence' && typeof msg.from === 'string') {
      const j = parseInt(msg.from.slice(1), 10); // u<index><tag>|<id>
      if (j >= 0 && j < count && j !== i && !known[i].has(j)) {
        known[i].add(j);
        knownCount[i]++;
      }
    } else {
      return;
    }
    check(i, nanos);
  }, 100);
  const presencesBefore = c.presences;
  const start = meter();
  t0 = now();
  peers.forEach(p => p.send({ type: 'join', room: 'storm' }));
  const result = { peers: count, c, complete: true };
  try {
    await until(() => settledCount >= count, spec.timeout * 4, () => settledCount + ' of ' + count + ' peers settled');
  } catch (e) {
    result.complete = false;
    result.note = e.message;
  }
  const phase = since(start);
  const pairs = count * (count - 1);
  costs(result, phase, pairs, c.frames);
  // the storm's whole cost: until no presence frame (a late probe or answer) arrived for a second
  let last = -1;
  let lastChange = now();
  await until(() => {
    if (c.presences !== last) {
      last = c.presences;
      lastChange = now();
      return false;
    }
    return now() - lastChange > 1e9;
  }, spec.timeout * 4, () => 'presence never settled').catch(() => {});
  result.serverCpuSeconds = since(start).server / 1e9;
  const times = Array.from(settled).filter(t => t > 0);
  result.p50Ms = percentileMs(times, 0.5);
  result.p99Ms = percentileMs(times, 0.99);
  result.lastCompleteMs = times.length ? Math.max(...times) / 1e6 : null;
  const oks = Array.from(joinOk).filter(t => t > 0);
  result.joinOkP50Ms = percentileMs(oks, 0.5);
  result.joinOkP99Ms = percentileMs(oks, 0.99);
  result.presenceFrames = c.presences - presencesBefore;
  result.lost = pairs - knownCount.reduce((a, b) => a + b, 0);
  peers.forEach(p => p.close());
  return result;
}

const scenarios = { fanout, direct, connect, joinstorm };

scenarios[spec.kind]().then((result) => {
  result.generatorFrames = result.c.frames;
  delete result.c;
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
  process.exit(0);
}, (e) => {
  process.stdout.write('RESULT ' + JSON.stringify({ complete: false, note: 'failed: ' + e.message }) + '\n');
  process.exit(0);
});
