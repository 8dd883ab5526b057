// A small Symple v4 client: authenticates like symple-client (user, name, token), probes for presence after the
// welcome, answers probes, keeps a roster of peers and which of the shared rooms they were seen in, keeps the ICE
// servers the server hands out (fetching fresh TURN credentials at half their lifetime where the server offers the
// ice-refresh extension), and reconnects with back-off when the server goes away (1001) or the connection drops (1006).
// With the server's resume extension a reconnect comes back as the same peer: the roster, rooms and calls are kept,
// frames sent while away are queued and sent once resumed, and the server replays what it sent meanwhile.

const RECONNECT_CODES = new Set([1001, 1006, 1011, 1012, 1013]);
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10000;
const MAX_RESUME_DELAY_MS = 2000; // while a session can be resumed, retry often enough to be back within its grace

export class SympleClient extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.socket = null;
    this.peer = null;          // our own public peer object, from the welcome
    this.rooms = new Set();    // rooms we are in, our user room included
    this.peers = new Map();    // address (user|id) -> latest presence data of that peer, offline ones included
    this.seenIn = new Map();   // room -> Set of addresses seen in it; offline peers stay, shown as offline
    this.state = 'offline';
    this.wanted = new Set();   // rooms joined on request, joined again after a reconnect
    this.delay = FIRST_DELAY_MS;
    this.timer = null;
    this.status = '';
    this.extensions = new Set(); // protocol extensions the server offered in the welcome
    this.iceServers = [];        // RTCIceServer entries for calls, from the welcome or an ice:servers frame
    this.iceTimer = null;
    this.resume = null;          // {token, seq}: the resume extension's token and the last seq processed
    this.outbox = [];            // frames sent while a resume is under way, sent once it succeeded
  }

  get address() {
    return this.peer ? this.peer.user + '|' + this.peer.id : null;
  }

  connect(user, name, token) {
    this.credentials = { user, name: name || '', token: token || '' };
    this.stopped = false;
    this.open();
  }

  disconnect() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.send({ type: 'close' }); // the session ends at once rather than waiting to be resumed
    if (this.socket) {
      this.socket.close(1000);
    }
    this.forgetSession();
    this.setState('offline');
  }

  /** The session cannot come back: its resume token, its queued frames and its state go. */
  forgetSession() {
    this.resume = null;
    this.outbox = [];
    this.reset();
  }

  open() {
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const auth = { type: 'auth', ...this.credentials, extensions: ['resume'] };
      if (this.resume) {
        auth.resume = this.resume;
      }
      socket.send(JSON.stringify(auth));
    };
    socket.onmessage = event => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (frame && typeof frame === 'object') {
        this.receive(frame);
        if (this.resume && typeof frame.seq === 'number' && frame.seq > this.resume.seq) {
          this.resume.seq = frame.seq;
        }
      }
    };
    socket.onclose = event => {
      if (socket !== this.socket) {
        return;
      }
      const retry = !this.stopped && RECONNECT_CODES.has(event.code);
      const resuming = retry && this.resume !== null;
      if (!resuming) {
        this.forgetSession();
      }
      this.emit('closed', { code: event.code, reason: event.reason, retry });
      if (retry) {
        const wait = this.delay;
        this.delay = Math.min(this.delay * 2, resuming ? MAX_RESUME_DELAY_MS : MAX_DELAY_MS);
        this.setState('reconnecting', { code: event.code, seconds: wait / 1000, resuming });
        this.timer = setTimeout(() => this.open(), wait);
      } else {
        this.setState('offline', { code: event.code, reason: event.reason });
      }
    };
  }

  reset() {
    clearTimeout(this.iceTimer);
    this.extensions = new Set();
    this.peer = null;
    this.rooms.clear();
    this.peers.clear();
    this.seenIn.clear();
  }

  setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, ...detail });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  send(frame) {
    if (this.state === 'online' && this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    if (this.resume && !this.stopped) {
      this.outbox.push(frame); // sent once the session is resumed
      return true;
    }
    return false;
  }

  /** Our presence data: the public peer object plus the status shown to others. */
  me() {
    return this.status ? { ...this.peer, status: this.status } : { ...this.peer };
  }

  receive(frame) {
    switch (frame.type) {
      case 'welcome': return this.welcomed(frame);
      case 'presence': return this.presence(frame);
      case 'message': return this.emit('message', frame);
      case 'join:ok': return this.joined(frame.room);
      case 'leave:ok': return this.left(frame.room);
      case 'error': return this.emit('error', frame);
      case 'event': return this.emit('event', frame);
      case 'ice:servers': return this.useIceServers(frame);
      default: return this.emit('frame', frame);
    }
  }

  welcomed(frame) {
    const resumed = Boolean(frame.resume && frame.resume.resumed === true && this.peer && this.peer.id === frame.peer.id);
    if (!resumed) {
      this.outbox = [];
      this.reset(); // a fresh session: whatever was shown of the old one is not known to be true
    }
    this.resume = frame.resume && frame.resume.token ? { token: frame.resume.token, seq: resumed ? this.resume.seq : 0 } : null;
    this.peer = frame.peer;
    this.delay = FIRST_DELAY_MS;
    this.extensions = new Set(Array.isArray(frame.extensions) ? frame.extensions : []);
    this.useIceServers(frame);
    (frame.rooms || []).forEach(room => this.rooms.add(room));
    this.setState('online', { resumed, reason: frame.resume && frame.resume.reason });
    if (resumed) {
      // the roster and rooms are as they were; the server replays what changed, then what was queued goes out
      const queued = this.outbox;
      this.outbox = [];
      queued.forEach(queuedFrame => this.send(queuedFrame));
      this.emit('rooms');
      this.emit('roster');
      return;
    }
    this.send({ type: 'presence', probe: true, data: this.me() });
    this.rooms.forEach(room => this.probeRoom(room));
    this.wanted.forEach(room => {
      if (!this.rooms.has(room)) {
        this.join(room);
      }
    });
    this.emit('rooms');
  }

  /**
   * Keeps the ICE servers of a welcome or an ice:servers frame. Their TURN credentials live iceServersTtl seconds;
   * with the ice-refresh extension fresh ones are asked for at half that, so a call always starts with at least
   * half the lifetime left (a call keeps the credentials it started with).
   */
  useIceServers(frame) {
    clearTimeout(this.iceTimer);
    this.iceServers = Array.isArray(frame.iceServers) ? frame.iceServers : [];
    const ttl = Number(frame.iceServersTtl) || 0;
    if (ttl > 0 && this.extensions.has('ice-refresh')) {
      this.iceTimer = setTimeout(() => this.send({ type: 'ice:refresh' }), ttl * 500);
    }
    this.emit('ice', { servers: this.iceServers, ttl });
  }

  /** Asks the members of one room who they are; their answers name the room, so rosters are per room. */
  probeRoom(room) {
    if (room !== this.peer.user) {
      this.send({ type: 'presence', probe: true, to: [room], room, data: this.me() });
    }
  }

  presence(frame) {
    const from = frame.from;
    if (!from || !frame.data || from === this.address) {
      return;
    }
    const online = frame.data.online !== false;
    this.peers.set(from, { ...frame.data, online });
    if (frame.room && this.rooms.has(frame.room)) {
      this.seen(frame.room, from, !frame.leaving);
    }
    if (frame.probe && this.peer) {
      const answer = { type: 'presence', to: from, data: this.me() };
      if (frame.room && this.rooms.has(frame.room)) {
        answer.room = frame.room;
      }
      this.send(answer);
    }
    this.emit('roster');
  }

  seen(room, address, present) {
    if (!this.seenIn.has(room)) {
      this.seenIn.set(room, new Set());
    }
    const members = this.seenIn.get(room);
    if (present) {
      // a user who comes back replaces the offline entries of its earlier sessions
      const user = address.split('|')[0];
      [...members].filter(other => other.split('|')[0] === user && !this.peers.get(other).online)
        .forEach(other => members.delete(other));
      members.add(address);
    } else {
      members.delete(address);
    }
  }

  /** Peers known to be in a room, with their latest presence. */
  members(room) {
    return [...(this.seenIn.get(room) || [])].map(address => ({ address, ...this.peers.get(address) }));
  }

  /** Online peers we share a room with but have not seen in any particular room (e.g. other client kinds). */
  unplaced() {
    const placed = new Set();
    this.seenIn.forEach(members => members.forEach(address => placed.add(address)));
    return [...this.peers.entries()]
      .filter(([address, data]) => !placed.has(address) && data.online)
      .map(([address, data]) => ({ address, ...data }));
  }

  join(room) {
    this.wanted.add(room);
    this.send({ type: 'join', room });
  }

  leave(room) {
    this.wanted.delete(room);
    this.send({ type: 'presence', to: [room], room, leaving: true, data: this.me() });
    this.send({ type: 'leave', room });
  }

  joined(room) {
    this.rooms.add(room);
    this.probeRoom(room);
    this.emit('rooms');
    this.emit('roster');
  }

  left(room) {
    this.rooms.delete(room);
    this.seenIn.delete(room);
    this.emit('rooms');
    this.emit('roster');
  }

  /** Sets our status ('' for available, 'away', 'busy') and tells everyone we share a room with. */
  setStatus(status) {
    this.status = status;
    this.send({ type: 'presence', data: this.me() });
  }

  say(room, text) {
    return this.send({ type: 'message', to: room, data: { text } });
  }

  direct(address, text) {
    return this.send({ type: 'message', to: address, data: { text } });
  }

  /** A message of a subtype to one peer (the call signalling). */
  signal(address, subtype, data = {}) {
    return this.send({ type: 'message', subtype, to: address, data });
  }
}
