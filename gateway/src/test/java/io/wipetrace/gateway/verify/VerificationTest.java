package io.wipetrace.gateway.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A certificate says the data is gone: only a verified erasure or destroyed storage lets one be issued. */
class VerificationTest {

    private static final Instant AT = Instant.parse("2026-03-02T08:16:00Z");

    @Test
    void a_verified_erasure_is_certified() {
        assertThat(device("ERASED", "FULL", "WIPED", null).certificateRefusal()).isNull();
        assertThat(device("ERASED", "FULL", "WIPED", null).certificateAvailable()).isTrue();
    }

    @Test
    void a_device_neither_wiped_nor_destroyed_has_nothing_to_certify() {
        assertThat(device(null, null, null, null).certificateRefusal()).isEqualTo(Verification.NOTHING_TO_CERTIFY);
    }

    @Test
    void a_failed_sampled_or_excepted_wipe_or_a_locked_device_is_not_certified_until_its_storage_is_destroyed() {
        for (Verification refused : List.of(device("NOT_ERASED", "FULL", "WIPE_FAILED", null),
                device("ERASED", "SAMPLED", "WIPED", null), device("ERASED_WITH_EXCEPTIONS", "FULL", "WIPED", null),
                device("ERASED", "FULL", "WIPE_FAILED", null))) {
            assertThat(refused.certificateRefusal()).isEqualTo(Verification.ERASURE_NOT_VERIFIED);
            assertThat(refused.certificateAvailable()).isFalse();
        }
        assertThat(device("NOT_ERASED", "FULL", "WIPE_FAILED", AT).certificateRefusal()).isNull();
    }

    @Test
    void a_missing_device_is_never_certified_even_after_a_verified_erasure() {
        assertThat(device("ERASED", "FULL", "WIPED", null, "MISSING").certificateRefusal())
                .isEqualTo(Verification.DEVICE_MISSING);
        assertThat(device(null, null, null, null, "MISSING").certificateAvailable()).isFalse();
        assertThat(device("ERASED", "FULL", "WIPED", null, "WIPED").certificateRefusal()).isNull();
    }

    private static Verification device(final String result, final String mode, final String stateAfterWipe,
            final Instant storageDestroyedAt) {
        return device(result, mode, stateAfterWipe, storageDestroyedAt,
                storageDestroyedAt == null ? stateAfterWipe : "STORAGE_DESTROYED");
    }

    private static Verification device(final String result, final String mode, final String stateAfterWipe,
            final Instant storageDestroyedAt, final String state) {
        final Verification.LedgerReference wipe = new Verification.LedgerReference("tx4:0", "tx4", 15);
        final List<Verification.Step> timeline = result == null ? List.of() : List.of(new Verification.Step(3,
                "ERASURE_RECORDED", stateAfterWipe, AT, "ProcessorOrgMSP", "SITE-PRC-SZ-01", "Data erasure", wipe));
        return new Verification("DEV-1", "Xiaomi", "Redmi Note 9", 128, "c".repeat(64),
                state, "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                timeline, result == null ? null : new Verification.Erasure("PURGE", "block erase", "GB/T 42015-2022",
                        result, mode, "STATION-1", "RPT-1", "b".repeat(64), AT, "verified", wipe),
                new Verification.Destruction(storageDestroyedAt == null ? "NOT_DESTROYED" : "STORAGE_DESTROYED", null,
                        storageDestroyedAt, null, null, null), null, 15);
    }
}
