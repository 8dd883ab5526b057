package org.symple.server.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Tokens: the peer id, then 256 random bits; kept as a hash, compared as hashes. */
class ResumeTokenTest {

    @Test
    void aTokenNamesItsPeerAndCarries256RandomBits() {
        ResumeToken.Issued issued = ResumeToken.issue("AAAAAAAAAAAAAAAAAAAAAA");
        assertEquals("AAAAAAAAAAAAAAAAAAAAAA", ResumeToken.peerIdOf(issued.token()));
        String secret = issued.token().substring(issued.token().lastIndexOf('.') + 1);
        assertEquals(32, Base64.getUrlDecoder().decode(secret).length);
        assertNotEquals(issued.token(), ResumeToken.issue("AAAAAAAAAAAAAAAAAAAAAA").token());
        assertFalse(issued.toString().contains(secret));
    }

    @Test
    void onlyTheIssuedTokenMatchesItsHash() {
        ResumeToken.Issued issued = ResumeToken.issue("peer");
        assertTrue(ResumeToken.matches(issued.hash(), issued.token()));
        assertFalse(ResumeToken.matches(issued.hash(), issued.token() + "x"));
        assertFalse(ResumeToken.matches(issued.hash(), ResumeToken.issue("peer").token()));
        assertFalse(ResumeToken.matches(null, issued.token()));
    }

    @Test
    void textsNotShapedLikeATokenNameNoPeer() {
        assertNull(ResumeToken.peerIdOf(null));
        assertNull(ResumeToken.peerIdOf("nodot"));
        assertNull(ResumeToken.peerIdOf(".secret"));
        assertNull(ResumeToken.peerIdOf("peer."));
        assertNull(ResumeToken.peerIdOf("p." + "x".repeat(200)));
    }
}
