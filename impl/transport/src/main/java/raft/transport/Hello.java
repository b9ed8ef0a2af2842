package raft.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * The first frame on every connection: who is calling, from which cluster, which run of
 * that node's process (incarnation, random per start) and a fresh nonce for the secret's
 * challenge-response. The reply is a status frame, or with a cluster secret first a
 * {@link Challenge}; nothing else crosses the connection until the status says ACCEPTED.
 */
public record Hello(String clusterId, int nodeId, long incarnation, byte[] nonce) {
    static final int MAGIC = 0x52465448;      // "RFTH"
    static final int ACK_MAGIC = 0x52465441;  // "RFTA"
    static final int CHALLENGE_MAGIC = 0x52465443;  // "RFTC"
    static final int PROOF_MAGIC = 0x52465450;      // "RFTP"
    static final short VERSION = 2;
    static final int NONCE_BYTES = 16;
    static final int MAC_BYTES = 32;

    /**
     * Why a handshake failed; the ordinal is the status byte on the wire (0 = accepted).
     * WRONG_IDENTITY: the TLS certificate names another node; BAD_PROOF: the caller does not
     * know the cluster secret; DUPLICATE_ID: two live processes claim the caller's id.
     */
    public enum Status { ACCEPTED, WRONG_CLUSTER, UNKNOWN_NODE, BAD_HELLO, WRONG_IDENTITY, BAD_PROOF, DUPLICATE_ID }

    /** The server's half of the secret's exchange: its nonce and its own proof (it knows the secret too). */
    record Challenge(byte[] nonce, byte[] proof) {}

    public Hello {
        if (clusterId.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("cluster id longer than 255 bytes");
        }
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes");
        }
    }

    /** A hello without incarnation or nonce, for tests that play a peer by hand. */
    public Hello(String clusterId, int nodeId) {
        this(clusterId, nodeId, 0, new byte[NONCE_BYTES]);
    }

    ByteBuf encode(ByteBufAllocator alloc) {
        byte[] id = clusterId.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(11 + id.length + 8 + NONCE_BYTES).writeInt(MAGIC).writeShort(VERSION).writeInt(nodeId)
                .writeByte(id.length).writeBytes(id).writeLong(incarnation).writeBytes(nonce);
    }

    /** The hello in frame, or null if the frame is not a well-formed hello of our version. */
    static Hello decode(ByteBuf frame) {
        if (frame.readableBytes() < 11 || frame.readInt() != MAGIC || frame.readShort() != VERSION) {
            return null;
        }
        int nodeId = frame.readInt();
        int len = frame.readUnsignedByte();
        if (frame.readableBytes() != len + 8 + NONCE_BYTES) {
            return null;
        }
        String cluster = frame.readCharSequence(len, StandardCharsets.UTF_8).toString();
        long incarnation = frame.readLong();
        byte[] nonce = new byte[NONCE_BYTES];
        frame.readBytes(nonce);
        return new Hello(cluster, nodeId, incarnation, nonce);
    }

    static ByteBuf encodeAck(ByteBufAllocator alloc, Status status) {
        return alloc.buffer(5).writeInt(ACK_MAGIC).writeByte(status.ordinal());
    }

    /** The status in an ack frame, or BAD_HELLO if the frame is not an ack. */
    static Status decodeAck(ByteBuf frame) {
        if (frame.readableBytes() != 5 || frame.getInt(frame.readerIndex()) != ACK_MAGIC) {
            return Status.BAD_HELLO;
        }
        frame.skipBytes(4);
        int s = frame.readUnsignedByte();
        return s < Status.values().length ? Status.values()[s] : Status.BAD_HELLO;
    }

    static boolean isChallenge(ByteBuf frame) {
        return frame.readableBytes() == 4 + NONCE_BYTES + MAC_BYTES && frame.getInt(frame.readerIndex()) == CHALLENGE_MAGIC;
    }

    static ByteBuf encodeChallenge(ByteBufAllocator alloc, Challenge c) {
        return alloc.buffer(4 + NONCE_BYTES + MAC_BYTES).writeInt(CHALLENGE_MAGIC).writeBytes(c.nonce()).writeBytes(c.proof());
    }

    static Challenge decodeChallenge(ByteBuf frame) {
        frame.skipBytes(4);
        byte[] nonce = new byte[NONCE_BYTES];
        byte[] proof = new byte[MAC_BYTES];
        frame.readBytes(nonce).readBytes(proof);
        return new Challenge(nonce, proof);
    }

    static ByteBuf encodeProof(ByteBufAllocator alloc, byte[] mac) {
        return alloc.buffer(4 + MAC_BYTES).writeInt(PROOF_MAGIC).writeBytes(mac);
    }

    /** The MAC in a proof frame, or null if the frame is not one. */
    static byte[] decodeProof(ByteBuf frame) {
        if (frame.readableBytes() != 4 + MAC_BYTES || frame.readInt() != PROOF_MAGIC) {
            return null;
        }
        byte[] mac = new byte[MAC_BYTES];
        frame.readBytes(mac);
        return mac;
    }
}
