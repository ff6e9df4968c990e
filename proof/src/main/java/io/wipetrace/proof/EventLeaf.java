package io.wipetrace.proof;

import java.security.MessageDigest;

/**
 * The leaf of one ledger event in an anchored window: its data is a 32-byte random salt followed by the event's
 * canonical JSON (UTF-8, as the chaincode emitted it). The salt travels in the proof bundle with the event, so the
 * bundle's holder can recompute the leaf, while the anchored root tells nobody else whether a guessed event is in it.
 */
public final class EventLeaf {

    /** Length of the salt, in bytes. */
    public static final int SALT_LENGTH = 32;

    private EventLeaf() {}

    /**
     * The leaf hash of an event: {@code SHA-256(0x00 || salt || canonicalEvent)}.
     *
     * @param salt 32 random bytes, one per event
     * @param canonicalEvent the event's canonical JSON bytes
     * @return 32 bytes
     * @throws IllegalArgumentException if the salt is not 32 bytes
     */
    public static byte[] hash(final byte[] salt, final byte[] canonicalEvent) {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("An event's salt must be " + SALT_LENGTH + " bytes, not " + salt.length);
        }
        final byte[] data = new byte[SALT_LENGTH + canonicalEvent.length];
        System.arraycopy(salt, 0, data, 0, SALT_LENGTH);
        System.arraycopy(canonicalEvent, 0, data, SALT_LENGTH, canonicalEvent.length);
        return MerkleTree.leafHash(data);
    }

    /**
     * Whether an event with its salt is the leaf a proof names.
     *
     * @param salt the event's salt
     * @param canonicalEvent the event's canonical JSON bytes
     * @param leafHash the leaf hash the proof starts from
     * @return whether they match
     */
    public static boolean matches(final byte[] salt, final byte[] canonicalEvent, final byte[] leafHash) {
        return salt.length == SALT_LENGTH && MessageDigest.isEqual(hash(salt, canonicalEvent), leafHash);
    }
}
