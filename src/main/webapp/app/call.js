// A one-to-one video call signalled over Symple messages: call:init, call:accept, call:offer, call:answer,
// call:candidate and call:hangup. ICE candidates trickle; those that arrive before the remote description is set
// are kept and applied right after it. The RTCPeerConnection takes its configuration (the ICE servers the server
// handed out) when the call starts; a call that cannot connect ends with the reason, e.g. no relay reachable.

const RING_TIMEOUT_MS = 30000;
const CONNECT_TIMEOUT_MS = 30000;

const isTurn = url => /^turns?:/i.test(url);
const urlsOf = server => (Array.isArray(server.urls) ? server.urls : [server.urls])
  .filter(url => typeof url === 'string');

export class VideoCall extends EventTarget {
  /** configuration: a function returning the RTCConfiguration for the next call (its iceServers, its policy). */
  constructor(client, media = { video: true, audio: true }, configuration = () => ({ iceServers: [] })) {
    super();
    this.client = client;
    this.media = media;
    this.configuration = configuration;
    this.idle();
  }

  idle() {
    this.remote = null;       // address of the other peer
    this.pc = null;
    this.localStream = null;
    this.remoteStream = null;
    this.pending = [];        // candidates waiting for the remote description
    this.ringTimer = null;
    this.connectTimer = null;
    this.gathered = new Set(); // types of the local candidates found (host, srflx, relay)
    this.iceErrors = [];       // what the STUN/TURN servers answered when they failed
    this.setState('idle');
  }

  setState(state, detail = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, remote: this.remote, ...detail } }));
  }

  get busy() {
    return this.state !== 'idle' && this.state !== 'ended';
  }

  /** Rings a peer; the call proceeds when it accepts, and ends if it refuses or does not answer in time. */
  async call(address) {
    if (this.busy) {
      return;
    }
    this.remote = address;
    this.setState('calling');
    try {
      await this.openMedia();
    } catch (e) {
      return this.end('no camera or microphone: ' + e.message, false);
    }
    this.client.signal(address, 'call:init');
    this.ringTimer = setTimeout(() => this.hangup('no answer'), RING_TIMEOUT_MS);
  }

  async accept() {
    if (this.state !== 'ringing') {
      return;
    }
    try {
      await this.openMedia();
    } catch (e) {
      return this.hangup('no camera or microphone');
    }
    this.setState('connecting');
    this.client.signal(this.remote, 'call:accept');
  }

  decline() {
    if (this.state === 'ringing') {
      this.hangup('declined');
    }
  }

  /** Ends the call from this side and tells the other peer. */
  hangup(reason = 'hung up') {
    if (!this.remote) {
      return;
    }
    this.client.signal(this.remote, 'call:hangup', { reason });
    this.end(reason, true);
  }

  end(reason, local) {
    clearTimeout(this.ringTimer);
    clearTimeout(this.connectTimer);
    if (this.pc) {
      this.pc.onicecandidate = null;
      this.pc.onicecandidateerror = null;
      this.pc.ontrack = null;
      this.pc.onconnectionstatechange = null;
      this.pc.oniceconnectionstatechange = null;
      this.pc.close();
    }
    if (this.localStream) {
      this.localStream.getTracks().forEach(track => track.stop());
    }
    const remote = this.remote;
    this.idle();
    this.setState('ended', { reason, local, remote });
  }

  async openMedia() {
    if (!this.localStream) {
      this.localStream = await navigator.mediaDevices.getUserMedia(this.media);
      this.dispatchEvent(new CustomEvent('local', { detail: this.localStream }));
    }
  }

  connection() {
    const configuration = this.configuration();
    const servers = Array.isArray(configuration.iceServers) ? configuration.iceServers : [];
    this.relayOnly = configuration.iceTransportPolicy === 'relay';
    this.turnConfigured = servers.some(server => urlsOf(server).some(isTurn));
    const pc = new RTCPeerConnection(configuration);
    pc.onicecandidate = event => {
      if (event.candidate) {
        this.gathered.add(event.candidate.type);
        this.client.signal(this.remote, 'call:candidate', { candidate: event.candidate.toJSON() });
      } else if (this.gathered.size === 0) {
        this.fail(); // gathering is over and nothing was found: no pair can ever be tried
      }
    };
    pc.onicecandidateerror = event => {
      if (this.iceErrors.length < 3) {
        this.iceErrors.push(`${event.url}: ${event.errorCode} ${event.errorText}`.trim());
      }
    };
    pc.ontrack = event => {
      if (!this.remoteStream) {
        this.remoteStream = event.streams[0] || new MediaStream();
        this.dispatchEvent(new CustomEvent('remote', { detail: this.remoteStream }));
      }
      if (!event.streams[0]) {
        this.remoteStream.addTrack(event.track);
      }
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') {
        clearTimeout(this.connectTimer);
        this.setState('connected');
        this.route(pc).then(route => route && pc === this.pc && this.setState('connected', { route }));
      } else if (pc.connectionState === 'failed') {
        this.fail();
      }
    };
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed') {
        this.fail();
      }
    };
    this.connectTimer = setTimeout(() => this.fail(), CONNECT_TIMEOUT_MS);
    this.localStream.getTracks().forEach(track => pc.addTrack(track, this.localStream));
    this.pc = pc;
    return pc;
  }

  /** Ends a call that cannot connect, saying why, or one whose connection broke. */
  fail() {
    if (this.pc) {
      this.hangup(this.state === 'connected' ? 'connection failed' : this.failure());
    }
  }

  failure() {
    const detail = this.iceErrors.length ? ` (${this.iceErrors.join('; ')})` : '';
    if ((this.relayOnly || this.turnConfigured) && !this.gathered.has('relay')) {
      return 'ICE failed: no relay reachable' + (this.turnConfigured ? detail : ' (no TURN server configured)');
    }
    if (!this.turnConfigured) {
      return 'ICE failed: no direct route to the peer, and no TURN server configured' + detail;
    }
    return 'ICE failed: no route to the peer, not even through the relay' + detail;
  }

  /** How the connected call's media flows: 'relay' (through TURN), 'srflx', 'prflx' or 'host'; null if unknown. */
  async route(pc) {
    try {
      const stats = await pc.getStats();
      let pair = null;
      stats.forEach(report => {
        if (report.type === 'transport' && report.selectedCandidatePairId) {
          pair = stats.get(report.selectedCandidatePairId);
        }
      });
      const local = pair && stats.get(pair.localCandidateId);
      return local ? local.candidateType : null;
    } catch (e) {
      return null;
    }
  }

  async remoteDescription(description) {
    await this.pc.setRemoteDescription(description);
    const waiting = this.pending;
    this.pending = [];
    for (const candidate of waiting) {
      await this.pc.addIceCandidate(candidate);
    }
  }

  /** Handles a call:* message; returns false for messages that are not part of a call. */
  async handle(frame) {
    const subtype = frame.subtype || '';
    if (!subtype.startsWith('call:')) {
      return false;
    }
    const from = frame.from;
    const data = frame.data || {};
    if (subtype === 'call:init') {
      if (this.busy) {
        this.client.signal(from, 'call:hangup', { reason: 'busy' });
      } else {
        this.remote = from;
        this.setState('ringing');
        this.ringTimer = setTimeout(() => this.hangup('not answered'), RING_TIMEOUT_MS);
      }
      return true;
    }
    if (from !== this.remote) {
      return true; // a late frame of an earlier call, or someone else's
    }
    try {
      switch (subtype) {
        case 'call:accept': {
          clearTimeout(this.ringTimer);
          this.setState('connecting');
          const pc = this.connection();
          await pc.setLocalDescription(await pc.createOffer());
          this.client.signal(from, 'call:offer', { sdp: pc.localDescription.toJSON() });
          break;
        }
        case 'call:offer': {
          clearTimeout(this.ringTimer);
          const pc = this.pc || this.connection();
          await this.remoteDescription(data.sdp);
          await pc.setLocalDescription(await pc.createAnswer());
          this.client.signal(from, 'call:answer', { sdp: pc.localDescription.toJSON() });
          break;
        }
        case 'call:answer':
          await this.remoteDescription(data.sdp);
          break;
        case 'call:candidate':
          if (this.pc && this.pc.remoteDescription) {
            await this.pc.addIceCandidate(data.candidate);
          } else {
            this.pending.push(data.candidate);
          }
          break;
        case 'call:hangup':
          this.end(data.reason || 'hung up', false);
          break;
        default:
          break;
      }
    } catch (e) {
      this.hangup('signalling failed: ' + e.message);
    }
    return true;
  }
}
