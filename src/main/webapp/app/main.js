// The page: signs in, lists rooms and who is in them, chats per room and per peer, and places video calls.
import { SympleClient } from './symple.js';
import { VideoCall } from './call.js';

const $ = id => document.getElementById(id);
const socketUrl = () => {
  const url = new URL('.', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.href;
};

const query = new URLSearchParams(location.search);
// ?relay=true: calls use the TURN relay only (iceTransportPolicy "relay"), to try a TURN setup
const relayOnly = query.get('relay') === 'true';
const client = new SympleClient(socketUrl());
const call = new VideoCall(client, { video: true, audio: true },
  () => ({ iceServers: client.iceServers, ...(relayOnly ? { iceTransportPolicy: 'relay' } : {}) }));
const conversations = new Map(); // 'room:NAME' or 'peer:ADDRESS' -> list of chat lines
const unread = new Map();        // the same keys -> lines received while another conversation was shown
let selected = null;
let firstRoom = '';

const nameOf = address => {
  const data = client.peers.get(address);
  return data ? data.name || data.user : address.split('|')[0];
};

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = !text;
}

function lines(key) {
  if (!conversations.has(key)) {
    conversations.set(key, []);
  }
  return conversations.get(key);
}

function addLine(key, line) {
  lines(key).push(line);
  if (key === selected) {
    renderChat();
  } else {
    unread.set(key, (unread.get(key) || 0) + 1);
    renderRooms();
    renderRoster();
  }
}

function select(key) {
  selected = key;
  unread.delete(key);
  renderRooms();
  renderRoster();
  renderChat();
}

const withUnread = (text, key) => (unread.get(key) ? `${text} (${unread.get(key)})` : text);

function renderChat() {
  const chat = $('chat');
  chat.replaceChildren();
  const [kind, target] = selected ? [selected.slice(0, selected.indexOf(':')), selected.slice(selected.indexOf(':') + 1)] : [];
  $('conversation-title').textContent = !client.peer ? 'Not connected'
    : kind === 'room' ? 'Room ' + target : kind === 'peer' ? 'Direct messages with ' + nameOf(target) : 'Pick a room';
  for (const line of selected ? lines(selected) : []) {
    const item = document.createElement('li');
    item.className = line.mine ? 'line mine' : line.notice ? 'line notice' : 'line';
    item.dataset.from = line.from || '';
    if (line.from) {
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = line.mine ? 'me' : nameOf(line.from);
      item.append(from);
    }
    item.append(document.createTextNode(line.text));
    chat.append(item);
  }
  chat.scrollTop = chat.scrollHeight;
  const usable = !!(client.peer && selected);
  $('text').disabled = !usable;
  $('say').querySelector('button').disabled = !usable;
}

function renderRooms() {
  const list = $('rooms');
  list.replaceChildren();
  const own = client.peer ? client.peer.user : null;
  for (const room of [...client.rooms].filter(room => room !== own).sort()) {
    const item = document.createElement('li');
    item.dataset.room = room;
    item.classList.toggle('selected', selected === 'room:' + room);
    const label = document.createElement('span');
    label.textContent = withUnread('# ' + room, 'room:' + room);
    label.onclick = () => select('room:' + room);
    const leave = document.createElement('button');
    leave.className = 'quiet';
    leave.title = 'Leave ' + room;
    leave.textContent = '×';
    leave.onclick = () => client.leave(room);
    item.append(label, leave);
    list.append(item);
  }
}

function peerItem(peer) {
  const item = document.createElement('li');
  item.className = 'peer';
  item.dataset.address = peer.address;
  item.dataset.user = peer.user || '';
  item.dataset.online = String(peer.online !== false);
  item.dataset.status = peer.status || '';
  item.classList.toggle('selected', selected === 'peer:' + peer.address);
  const dot = document.createElement('span');
  dot.className = 'dot';
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = withUnread(peer.name || peer.user, 'peer:' + peer.address);
  who.title = 'Direct messages';
  who.onclick = () => select('peer:' + peer.address);
  const status = document.createElement('span');
  status.className = 'status';
  status.textContent = peer.online === false ? 'offline' : peer.status || 'online';
  item.append(dot, who, status);
  if (peer.online !== false) {
    const ring = document.createElement('button');
    ring.className = 'quiet call';
    ring.title = 'Video call';
    ring.textContent = 'call';
    ring.disabled = call.busy;
    ring.onclick = () => call.call(peer.address);
    item.append(ring);
  }
  return item;
}

function renderRoster() {
  const room = selected && selected.startsWith('room:') ? selected.slice(5) : null;
  $('roster-title').textContent = room ? 'In ' + room : 'People';
  const members = room ? client.members(room) : [];
  $('roster').replaceChildren(...members.sort((a, b) => (a.name || a.user).localeCompare(b.name || b.user)).map(peerItem));
  const others = client.unplaced();
  $('others-title').hidden = others.length === 0;
  $('others').replaceChildren(...others.map(peerItem));
}

function conversationOf(frame) {
  const targets = Array.isArray(frame.to) ? frame.to : [frame.to];
  const room = targets.find(target => typeof target === 'string' && client.rooms.has(target) && target !== client.peer.user);
  return room ? 'room:' + room : 'peer:' + frame.from;
}

client.addEventListener('state', ({ detail }) => {
  const state = $('state');
  state.dataset.state = detail.state;
  state.textContent = detail.state === 'reconnecting'
    ? `reconnecting in ${detail.seconds} s (closed ${detail.code})`
    : detail.state === 'offline' && detail.code ? `offline (closed ${detail.code}${detail.reason ? ': ' + detail.reason : ''})`
    : detail.state;
  const online = detail.state === 'online';
  $('signin').hidden = detail.state !== 'offline';
  $('me').hidden = detail.state === 'offline';
  if (online) {
    $('me-name').textContent = client.peer.name || client.peer.user;
    showError('');
    if (firstRoom) {
      client.join(firstRoom);
      firstRoom = '';
    }
  }
  // a call survives a reconnect that resumes the session; it ends when the session is lost
  const sessionLost = detail.state === 'offline' || (detail.state === 'reconnecting' && !detail.resuming)
    || (detail.state === 'online' && detail.resumed === false);
  if (sessionLost && call.busy) {
    call.end('connection lost', true);
  }
  renderRooms();
  renderRoster();
  renderChat();
});

client.addEventListener('rooms', () => {
  if (!selected || (selected.startsWith('room:') && !client.rooms.has(selected.slice(5)))) {
    const room = [...client.rooms].find(room => room !== client.peer.user);
    selected = room ? 'room:' + room : null;
  }
  renderRooms();
  renderRoster();
  renderChat();
});

client.addEventListener('roster', () => {
  if (call.remote && client.peers.get(call.remote) && client.peers.get(call.remote).online === false) {
    call.end('peer went offline', false);
  }
  renderRoster();
});

client.addEventListener('message', async ({ detail: frame }) => {
  if (await call.handle(frame)) {
    return;
  }
  const text = frame.data && typeof frame.data.text === 'string' ? frame.data.text : null;
  if (text !== null && frame.from) {
    addLine(conversationOf(frame), { from: frame.from, text });
  }
});

client.addEventListener('error', ({ detail: frame }) => {
  showError(`Error ${frame.status}: ${frame.message}`);
});

// the ICE servers calls will use, on the connection state: a tooltip, and the TURN credential's expiry (unix seconds)
client.addEventListener('ice', ({ detail }) => {
  const urls = detail.servers.flatMap(server => (Array.isArray(server.urls) ? server.urls : [server.urls]));
  const turn = detail.servers.find(server => server.username);
  const until = turn ? Number(String(turn.username).split(':')[0]) : 0;
  $('state').dataset.iceUntil = until ? String(until) : '';
  const valid = until ? `; TURN credentials valid until ${new Date(until * 1000).toLocaleString()}` : '';
  $('state').title = !urls.length ? 'No STUN or TURN server: calls connect only where the browsers reach each other'
    : `Calls use ${urls.join(', ')}${valid}${relayOnly ? '; relay only' : ''}`;
});

client.addEventListener('event', ({ detail: frame }) => {
  if (frame.name === 'shutdown' && selected) {
    addLine(selected, { notice: true, text: frame.message || 'Server shutting down' });
  }
});

call.addEventListener('state', ({ detail }) => {
  $('call').hidden = detail.state === 'idle' && !$('call').dataset.ended;
  $('call-state').dataset.state = detail.state;
  $('call-state').dataset.route = detail.route || '';
  $('call-state').textContent = detail.state === 'ended' ? 'ended: ' + detail.reason
    : detail.route ? `${detail.state} (${detail.route === 'relay' ? 'relayed through TURN' : 'direct'})` : detail.state;
  $('call-peer').textContent = detail.remote ? 'with ' + nameOf(detail.remote) : '';
  $('accept').hidden = detail.state !== 'ringing';
  $('decline').hidden = detail.state !== 'ringing';
  $('hangup').hidden = !['calling', 'connecting', 'connected'].includes(detail.state);
  if (detail.state === 'ended') {
    $('call').dataset.ended = 'true';
    $('call').hidden = false;
    $('remote-video').srcObject = null;
    $('local-video').srcObject = null;
  }
  renderRoster();
});
call.addEventListener('local', ({ detail: stream }) => { $('local-video').srcObject = stream; });
call.addEventListener('remote', ({ detail: stream }) => { $('remote-video').srcObject = stream; });
$('accept').onclick = () => call.accept();
$('decline').onclick = () => call.decline();
$('hangup').onclick = () => call.hangup();

$('signin').onsubmit = event => {
  event.preventDefault();
  firstRoom = $('first-room').value.trim();
  client.connect($('user').value.trim(), $('name').value.trim(), $('token').value);
};
$('disconnect').onclick = () => client.disconnect();
$('status').onchange = () => client.setStatus($('status').value);
$('join').onsubmit = event => {
  event.preventDefault();
  const room = $('join-room').value.trim();
  if (room) {
    showError('');
    client.join(room);
    $('join-room').value = '';
  }
};
$('say').onsubmit = event => {
  event.preventDefault();
  const text = $('text').value;
  if (!text || !selected) {
    return;
  }
  const target = selected.slice(selected.indexOf(':') + 1);
  const sent = selected.startsWith('room:') ? client.say(target, text) : client.direct(target, text);
  if (sent) {
    addLine(selected, { from: client.address, mine: true, text });
    $('text').value = '';
  }
};

// ?user=NAME&room=ROOM(&token=T&name=N) connects at once
if (query.get('user')) {
  $('user').value = query.get('user');
  $('name').value = query.get('name') || '';
  $('token').value = query.get('token') || '';
  $('first-room').value = query.get('room') || '';
  firstRoom = $('first-room').value;
  client.connect($('user').value, $('name').value, $('token').value);
}
renderChat();
