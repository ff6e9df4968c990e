package io.wipetrace.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * Lockout with back-off: after {@code threshold} failed sign-ins in a row an account is locked for {@code base}, and
 * each further failure once the lock has passed doubles the lock, up to {@code max}. A successful sign-in resets the
 * count. While locked, no password or code is even checked, so guessing goes no faster than the locks allow.
 *
 * @param threshold failures in a row before the first lock
 * @param base the first lock
 * @param max the longest lock
 */
public record Lockout(int threshold, Duration base, Duration max) {

    public Lockout {
        if (threshold < 1 || base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("lockout needs threshold >= 1 and 0 < base <= max");
        }
    }

    /**
     * @param failures failed sign-ins in a row, the one just made included
     * @param now when it was made
     * @return until when the account is locked after it, or {@code null} if it is not
     */
    public Instant lockedUntil(final int failures, final Instant now) {
        if (failures < threshold) {
            return null;
        }
        final int doublings = Math.min(failures - threshold, 30);
        final Duration lock = base.multipliedBy(1L << doublings);
        return now.plus(lock.compareTo(max) > 0 ? max : lock);
    }
}
