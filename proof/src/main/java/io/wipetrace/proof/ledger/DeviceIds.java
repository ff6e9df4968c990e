package io.wipetrace.proof.ledger;

import java.security.SecureRandom;
import java.util.Random;

/**
 * The IDs the gateway gives new devices: {@code WT}, ten Crockford base32 characters of the milliseconds since the
 * epoch, then eighteen random ones (90 bits), 30 characters in all, e.g. {@code WT01KC2X7Q5R…}.
 *
 * <p>The time comes first so that the devices registered in the same minutes have neighbouring IDs, and so do the
 * ledger keys that begin with them (the device, its events, its custody index entry): the peers' LevelDB then reads
 * and rewrites the same few table blocks for a run of new devices instead of a random block per key (on a ledger of
 * 222,000 devices random IDs cost the peers about 3 ms more per collection, docs/performance.md). The ID says when
 * the gateway made it, which the device's collection event says anyway; the random part keeps IDs unguessable and
 * apart across gateways. Nothing parses an ID: the chaincode takes any ID {@link Identifiers#DEVICE_ID} allows, and
 * earlier devices keep theirs (wholly random: {@link #random}).
 */
public final class DeviceIds {

    /** What every ID begins with. */
    public static final String PREFIX = "WT";
    /** Characters in an ID, the prefix included. */
    public static final int LENGTH = 30;

    private static final int TIME_CHARS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceIds() {}

    /** @return a new ID, its time now */
    public static String next() {
        return at(System.currentTimeMillis(), RANDOM);
    }

    /**
     * @param epochMillis the time the ID begins with, milliseconds since 1970 (at most 50 bits)
     * @param random the randomness for the rest
     * @return an ID that sorts after every ID made at an earlier millisecond
     */
    public static String at(final long epochMillis, final Random random) {
        if (epochMillis < 0 || epochMillis >= 1L << (5 * TIME_CHARS)) {
            throw new IllegalArgumentException("time out of range: " + epochMillis);
        }
        final char[] id = prefixed();
        long time = epochMillis;
        for (int i = PREFIX.length() + TIME_CHARS - 1; i >= PREFIX.length(); i--) {
            id[i] = Crockford.digit((int) (time & 31));
            time >>>= 5;
        }
        Crockford.fillRandom(id, PREFIX.length() + TIME_CHARS, LENGTH, random);
        return new String(id);
    }

    /**
     * The IDs the gateway gave before they began with their time, kept for measuring what the order costs.
     *
     * @return {@code WT} and 28 random characters
     */
    public static String random() {
        final char[] id = prefixed();
        Crockford.fillRandom(id, PREFIX.length(), LENGTH, RANDOM);
        return new String(id);
    }

    private static char[] prefixed() {
        final char[] id = new char[LENGTH];
        PREFIX.getChars(0, PREFIX.length(), id, 0);
        return id;
    }
}
