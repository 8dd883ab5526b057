package org.symple.server.peers;

/**
 * The sink of a peer whose session can be resumed after a lost connection (the {@code resume} extension): in a
 * cluster, frames for such a peer are numbered and kept by the cluster before they reach it.
 */
public interface ResumableSink extends PeerSink {
}
