package org.symple.server.presence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.symple.server.cluster.Broker;
import org.symple.server.cluster.DirectoryListener;
import org.symple.server.config.ContinuityConfig;
import org.symple.server.config.SympleConfig;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.peers.PeerSink;
import org.symple.server.protocol.ErrorCode;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.protocol.ServerFrames.RoomAck;
import org.symple.server.rooms.RoomIndex;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.DeliveryLine;
import org.symple.server.routing.Router;

/**
 * The presence rules, in one place. Membership: peers arriving and leaving, joining and leaving rooms, on this
 * instance and (as the broker reports them) on the others, and the presence each change causes: every co-member
 * hears of a change exactly once, and a peer gets a snapshot of the peers it can now see. Presence a peer sends:
 * its data canonicalised (identity fields are the sender's own), its extras remembered for snapshots, then routed
 * like a message. Each membership change and the frames it causes are decided under the registry's membership lock,
 * so presence is never duplicated or reordered, and the room policy is applied there too; the frames are sent after
 * the lock is released, in the order decided ({@link #decide}).
 * <p>
 * The registry holds the peers of every instance. Each instance tells only its own peers about a change; changes
 * of its own peers go to the {@link Broker}, and the other instances apply them as a {@link DirectoryListener}.
 * <p>
 * Departures are remembered for the reconnect window, so that a client that comes back (with a new id, as
 * symple-client does) is told of the peers it saw that left meanwhile: {@link RosterRepair} says whom to tell.
 */
@ApplicationScoped
public class PresenceService implements DirectoryListener {

    private final PeerRegistry registry;
    private final Broker broker;
    private final RoomPolicy policy;
    private final Router router;
    private final RosterRepair repair;
    private final DeliveryLine line;

    /** For the container's client proxy. */
    protected PresenceService() {
        registry = null;
        broker = null;
        policy = null;
        router = null;
        repair = null;
        line = null;
    }

    @Inject
    public PresenceService(PeerRegistry registry, Broker broker, RoomPolicy policy, Router router, SympleConfig config) {
        this(registry, broker, policy, router, config.continuity(), System::currentTimeMillis);
    }

    /** With the continuity settings and the wall clock departures are stamped with (epoch milliseconds). */
    public PresenceService(PeerRegistry registry, Broker broker, RoomPolicy policy, Router router,
            ContinuityConfig continuity, LongSupplier clock) {
        this.registry = registry.unproxied().get();
        this.broker = broker;
        this.policy = policy;
        this.router = router;
        this.repair = new RosterRepair(continuity.reconnectWindowMillis(), continuity.reconnectMemory(), clock);
        this.line = router.line();
    }

    /**
     * Registers a peer of this instance in those of {@code rooms} it may be in (never another online user's room),
     * after taking every other user's peer out of its own user room. Queues {@code firstFrame} (the welcome, built
     * from the rooms admitted; may be null, or return null when the caller sends it itself) before anything can be
     * routed to the peer, then the snapshot, then
     * tells its co-members it is online. False when the id is already taken.
     */
    public boolean arrive(Peer peer, Collection<String> rooms, Function<List<String>, String> firstFrame) {
        return decide(() -> {
            if (registry.getOrNull(peer.id()) != null) {
                return false;
            }
            List<String> admitted = RoomPolicy.admitted(peer.user(), rooms, registry::isUser);
            clearUserRoom(peer.user());
            String first = firstFrame == null ? null : firstFrame.apply(admitted);
            if (first != null) {
                peer.sink().deliver(OutgoingFrame.verbatim(first));
            }
            registry.add(peer, admitted);
            Set<String> coMembers = registry.rooms().presenceCoMembers(peer.id());
            sendSnapshot(peer, coMembers);
            announce(peer, true, coMembers);
            broker.peerArrived(peer, admitted);
            tell(peer, repair.onEntry(peer, registry.rooms().seeingRooms(peer.id()), Set.of(), registry));
            return true;
        });
    }

    /**
     * Unregisters a peer of this instance and tells its co-members it is offline (those here unless {@code quietly});
     * the departure is remembered for clients that reconnect.
     */
    public boolean depart(Peer peer, boolean quietly) {
        return decide(() -> {
            Set<String> coMembers = registry.rooms().presenceCoMembers(peer.id());
            Departure departure = departureOf(peer);
            if (!registry.remove(peer)) {
                return false;
            }
            repair.remember(departure);
            repair.forget(peer.id());
            if (!quietly) {
                announce(peer, false, coMembers);
            }
            broker.peerDeparted(departure);
            return true;
        });
    }

    /** The departure of a registered peer leaving now, from the rooms it sees (under the membership lock). */
    private Departure departureOf(Peer peer) {
        return Departure.of(peer, registry.rooms().seeingRooms(peer.id()), repair.now());
    }

    /**
     * The departures to keep across a restart without Redis: those remembered, and every peer still registered, which
     * leaves with the stopping instance (its close may still be on its way through the container when this is read).
     */
    public List<Departure> departuresAtStop() {
        synchronized (registry.membershipLock()) {
            List<Departure> all = new ArrayList<>(repair.remembered());
            registry.peers().forEach(peer -> all.add(departureOf(peer)));
            return all;
        }
    }

    /**
     * A {@code presence} frame a peer sent: its {@code data} canonicalised, its extras remembered (and told to the
     * other instances when they changed), then routed like a message to the recipients its {@code to} names.
     */
    public void publish(Peer sender, JsonObject frame) {
        Set<String> recipients = router.presenceRecipients(sender.id(), frame.get("to"));
        JsonObject data = canonical(sender, frame.get("data"));
        if (sender.rememberPresence(data)) {
            broker.peerUpdated(sender);
        }
        if (!recipients.isEmpty()) {
            JsonObject outgoing = FrameCodec.JSON.createObjectBuilder(frame).add("from", sender.address()).add("data", data).build();
            router.deliverInTurn(recipients, OutgoingFrame.of(outgoing));
        }
    }

    /**
     * Presence data a client sent, rewritten so the identity fields are the sender's own: reserved keys (identity,
     * host, token, rooms) are dropped, then {@code id}, {@code user}, {@code online:true}, {@code name} and
     * {@code type} are the sender's; a {@code data} that is not an object counts as empty.
     */
    static JsonObject canonical(Peer sender, JsonValue data) {
        JsonObjectBuilder json = FrameCodec.JSON.createObjectBuilder();
        if (data != null && data.getValueType() == JsonValue.ValueType.OBJECT) {
            for (Map.Entry<String, JsonValue> field : data.asJsonObject().entrySet()) {
                if (!Peer.RESERVED.contains(field.getKey())) {
                    json.add(field.getKey(), field.getValue());
                }
            }
        }
        return json.add("id", sender.id()).add("user", sender.user()).add("online", true).add("name", sender.name())
                .add("type", sender.type()).build();
    }

    /**
     * A {@code join} frame: when the room policy allows it, adds the peer to the room and answers {@code join:ok},
     * then a snapshot of the room, and the peer's online presence to members it did not share a room with before;
     * otherwise answers the refusal (400, the socket stays open). A missing or empty room is ignored.
     */
    public void join(Peer peer, String room) {
        if (room == null || room.isEmpty()) {
            return;
        }
        decideAndSend(() -> {
            RoomIndex rooms = registry.rooms();
            if (registry.getOrNull(peer.id()) != peer) {
                return PeerSink.NOTHING;
            }
            ErrorCode refusal = policy.joinRefusal(peer.user(), room, rooms.roomsOf(peer.id()), registry::isUser);
            if (refusal != null) {
                peer.sink().deliver(OutgoingFrame.verbatim(FrameCodec.error(refusal)));
                return PeerSink.NOTHING;
            }
            Set<String> before = rooms.presenceCoMembers(peer.id());
            Set<String> roomsBefore = Set.copyOf(rooms.seeingRooms(peer.id()));
            rooms.join(peer.id(), room);
            Runnable sendAnswer = peer.sink().answer(OutgoingFrame.verbatim(FrameCodec.write(RoomAck.joined(room))));
            Set<String> roomMembers = rooms.presenceRecipients(Set.of(room), peer.id());
            sendSnapshot(peer, roomMembers);
            announce(peer, true, minus(roomMembers, before));
            broker.roomsChanged(peer, List.copyOf(rooms.roomsOf(peer.id())));
            if (!roomsBefore.contains(room) && !rooms.isSilent(peer.id(), room)) {
                tell(peer, repair.onEntry(peer, Set.of(room), roomsBefore, registry));
            }
            return sendAnswer;
        });
    }

    /**
     * A {@code leave} frame: when allowed, removes the peer from the room and answers {@code leave:ok}, then offline
     * presence to peers it no longer shares a room with; otherwise answers the refusal. A missing room is ignored.
     */
    public void leave(Peer peer, String room) {
        if (room == null || room.isEmpty()) {
            return;
        }
        decideAndSend(() -> {
            RoomIndex rooms = registry.rooms();
            if (registry.getOrNull(peer.id()) != peer) {
                return PeerSink.NOTHING;
            }
            ErrorCode refusal = policy.leaveRefusal(peer.user(), room);
            if (refusal != null) {
                peer.sink().deliver(OutgoingFrame.verbatim(FrameCodec.error(refusal)));
                return PeerSink.NOTHING;
            }
            Set<String> before = rooms.presenceCoMembers(peer.id());
            rooms.leave(peer.id(), room);
            Runnable sendAnswer = peer.sink().answer(OutgoingFrame.verbatim(FrameCodec.write(RoomAck.left(room))));
            announce(peer, false, minus(before, rooms.presenceCoMembers(peer.id())));
            broker.roomsChanged(peer, List.copyOf(rooms.roomsOf(peer.id())));
            return sendAnswer;
        });
    }

    /**
     * Tells the local co-members; a peer known already has its rooms brought up to date, and its co-members here
     * hear it again only when the record carries a state they have not seen (an update lost in an outage). The peer
     * is a silent member where its instance made it one ({@code silent}; null: decided here).
     */
    @Override
    public void remoteArrived(Peer peer, Collection<String> rooms, Set<String> silent) {
        decide(() -> {
            Peer known = registry.getOrNull(peer.id());
            if (known != null) {
                if (known.isLocal()) {
                    return; // never let another instance replace a peer of this one
                }
                if (!known.node().equals(peer.node()) && registry.replace(known, peer)) {
                    peer.rememberPresence(known.toJson(true)); // resumed on another instance: the same peer, moved
                    known = peer;
                }
                changeRoomsRemote(known, rooms, silent);
                if (known.rememberPresence(peer.toJson(true))) {
                    // a record written again after an outage: a presence update sent meanwhile was lost, so the
                    // co-members here hear the peer's current state once
                    announce(known, true, registry.rooms().presenceCoMembers(known.id()));
                }
                return;
            }
            clearUserRoom(peer.user());
            registry.add(peer, RoomPolicy.admitted(peer.user(), rooms, registry::isUser), silent);
            announce(peer, true, registry.rooms().presenceCoMembers(peer.id()));
        });
    }

    /**
     * A resumable peer of this instance was resumed on another instance: it is that instance's peer from now on, in
     * {@code rooms}. Nobody hears of the move itself (the peer stays online); a change of rooms is told as usual.
     */
    public void movedAway(Peer remote, Collection<String> rooms) {
        decide(() -> {
            Peer known = registry.getOrNull(remote.id());
            if (known == null || !known.isLocal() || !registry.replace(known, remote)) {
                return;
            }
            remote.rememberPresence(known.toJson(true));
            changeRoomsRemote(remote, rooms, null); // where it was seeing or silent here, it stays so
        });
    }

    /**
     * A resumable peer of another instance was resumed here: it becomes this instance's peer, quietly (it was online
     * and stays so), and the other instances learn where it is now. False when it is not known as another
     * instance's peer (it must arrive instead).
     */
    public boolean adopt(Peer local) {
        return decide(() -> {
            Peer known = registry.getOrNull(local.id());
            if (known == null || known.isLocal() || !registry.replace(known, local)) {
                return false;
            }
            local.rememberPresence(known.toJson(true));
            broker.peerArrived(local, List.copyOf(registry.rooms().roomsOf(local.id())));
            return true;
        });
    }

    /**
     * Tells the local co-members and remembers the departure; a departure of a peer this instance did not know (it
     * was cut off, or started since) reaches the local peers whose clients may still show that peer.
     */
    @Override
    public void remoteDeparted(String id, Departure departure) {
        decide(() -> {
            Peer peer = registry.getOrNull(id);
            if (peer == null) {
                if (departure != null) {
                    learned(List.of(departure));
                }
                return;
            }
            if (peer.isLocal()) {
                return;
            }
            Set<String> coMembers = registry.rooms().presenceCoMembers(id);
            Departure gone = departure != null ? departure : Departure.of(peer, registry.rooms().seeingRooms(id), repair.now());
            registry.remove(peer);
            repair.remember(gone);
            announce(peer, false, coMembers);
        });
    }

    @Override
    public void departuresLearned(List<Departure> departures) {
        decide(() -> {
            learned(departures);
        });
    }

    /** Remembers departures nobody here heard of live, and tells the local peers whose clients may still show them. */
    private void learned(List<Departure> departures) {
        List<Departure> fresh = new ArrayList<>();
        for (Departure departure : departures) {
            if (registry.getOrNull(departure.id()) == null && repair.remember(departure)) {
                fresh.add(departure);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        for (Peer peer : registry.peers()) {
            if (peer.isLocal()) {
                tell(peer, repair.onLearning(peer, registry.rooms().seeingRooms(peer.id()), fresh, registry));
            }
        }
    }

    /** Sends a peer the offline presence of each departure. */
    private void tell(Peer peer, List<Departure> departures) {
        if (departures.isEmpty()) {
            return;
        }
        List<OutgoingFrame> frames = new ArrayList<>(departures.size());
        for (Departure departure : departures) {
            frames.add(OutgoingFrame.presence(departure.user() + "|" + departure.id(), departure.frame()));
        }
        sendInTurn(peer, frames);
    }

    /** Online and offline presence to the local peers who gained or lost it. */
    @Override
    public void remoteRoomsChanged(String id, Collection<String> rooms, Set<String> silent) {
        decide(() -> {
            Peer peer = registry.getOrNull(id);
            if (peer != null && !peer.isLocal()) {
                changeRoomsRemote(peer, rooms, silent);
            }
        });
    }

    /** Remembered for snapshots and the offline notice. */
    @Override
    public void remoteUpdated(String id, JsonObject json) {
        Peer peer = registry.getOrNull(id);
        if (peer != null && !peer.isLocal()) {
            peer.rememberPresence(json);
        }
    }

    /**
     * Another instance's peer now has these rooms, less those the room policy keeps it out of here, silent where its
     * instance made it so ({@code silent}; null: decided here for rooms it enters). Taking that instance's decision,
     * also for a room it is in already (two instances that admitted seeing members at once, or while cut off from
     * each other), makes every instance agree on who sees whom.
     */
    private void changeRoomsRemote(Peer peer, Collection<String> rooms, Set<String> silent) {
        List<String> admitted = RoomPolicy.admitted(peer.user(), rooms, registry::isUser);
        RoomIndex index = registry.rooms();
        Set<String> before = index.presenceCoMembers(peer.id());
        for (String room : Set.copyOf(index.roomsOf(peer.id()))) {
            if (!admitted.contains(room)) {
                index.leave(peer.id(), room);
            }
        }
        for (String room : admitted) {
            if (silent == null) {
                index.join(peer.id(), room);
            } else {
                index.place(peer.id(), room, silent.contains(room));
            }
        }
        Set<String> after = index.presenceCoMembers(peer.id());
        announce(peer, false, minus(before, after));
        announce(peer, true, minus(after, before));
    }

    /**
     * Takes every peer of another user out of {@code user}'s room (they entered while {@code user} was offline), with
     * the presence any leave causes; an evicted peer of this instance also hears of the peers it no longer sees.
     * Peers of other instances are taken out of the replica here as their own instance does the same for them.
     */
    private void clearUserRoom(String user) {
        RoomIndex index = registry.rooms();
        for (String id : RoomPolicy.intruders(index, user, registry::userOf)) {
            Peer member = registry.getOrNull(id);
            if (member == null) {
                continue;
            }
            Set<String> before = index.presenceCoMembers(id);
            index.leave(id, user);
            Set<String> lost = minus(before, index.presenceCoMembers(id));
            announce(member, false, lost);
            if (member.isLocal()) {
                List<OutgoingFrame> frames = new ArrayList<>();
                for (String other : lost) {
                    Peer gone = registry.getOrNull(other);
                    if (gone != null) {
                        frames.add(gone.presenceFrame(false));
                    }
                }
                sendInTurn(member, frames);
                broker.roomsChanged(member, List.copyOf(index.roomsOf(id)));
            }
        }
    }

    /** The members of {@code a} that are not in {@code b}. */
    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> difference = new HashSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    /** Sends the peer the online presence of the peers it can see now, as they are now. */
    private void sendSnapshot(Peer peer, Set<String> visible) {
        List<OutgoingFrame> frames = new ArrayList<>(visible.size());
        for (String id : visible) {
            Peer other = registry.getOrNull(id);
            if (other != null) {
                frames.add(other.presenceFrame(true));
            }
        }
        sendInTurn(peer, frames);
    }

    /** Sends the peer's presence to those of the recipients connected here; other instances tell their own. */
    private void announce(Peer peer, boolean online, Set<String> recipients) {
        if (!recipients.isEmpty()) {
            OutgoingFrame frame = peer.presenceFrame(online);
            // an array while it waits: in a join storm the line holds the recipients of hundreds of joins at once,
            // and a set of them costs about ten times the memory, which every young collection then copies
            List<String> ids = Arrays.asList(recipients.toArray(new String[0]));
            line.add(() -> router.deliverLocally(ids, frame));
        }
    }

    /** Frames decided for one peer, sent in the line (see {@link #decide}). */
    private void sendInTurn(Peer peer, List<OutgoingFrame> frames) {
        if (!frames.isEmpty()) {
            line.add(() -> frames.forEach(peer.sink()::deliver));
        }
    }

    /**
     * Makes a membership change under the membership lock, where it decides its presence frames and adds them to the
     * router's {@link DeliveryLine}; the frames are sent after the lock is released, in the order decided. So the
     * lock is held to decide, never to write, and a join answered under it is not kept behind earlier joins' frames.
     */
    private void decide(Runnable change) {
        decideAndSend(() -> {
            change.run();
            return PeerSink.NOTHING;
        });
    }

    /** {@link #decide(Runnable)} for a change that says whether it happened. */
    private boolean decide(BooleanSupplier change) {
        boolean[] happened = {false};
        decide(() -> {
            happened[0] = change.getAsBoolean();
        });
        return happened[0];
    }

    /**
     * {@link #decide(Runnable)} for a change that answers the peer under the lock ({@link PeerSink#answer}) and returns
     * that answer's send, which runs as soon as the lock is released, before the line is drained.
     */
    private void decideAndSend(Supplier<Runnable> change) {
        Runnable send = PeerSink.NOTHING;
        try {
            synchronized (registry.membershipLock()) {
                send = change.get();
            }
        } finally {
            try {
                send.run();
            } finally {
                line.drain();
            }
        }
    }
}
