package io.wipetrace.proof.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerErrorTest {

    @Test
    void reads_the_code_a_refusal_starts_with_after_whatever_the_peer_put_before_it() {
        assertThat(LedgerError.fromMessage("ANCHOR_EXISTS: anchor 7 was recorded already"))
                .contains(LedgerError.ANCHOR_EXISTS);
        assertThat(LedgerError.fromMessage(
                "chaincode response 500, DEVICE_NOT_FOUND: no device with ID abcdefghijklmnop"))
                .contains(LedgerError.DEVICE_NOT_FOUND);
    }

    @Test
    void finds_no_code_in_text_that_only_contains_one_inside_a_longer_word_or_without_its_colon() {
        assertThat(LedgerError.fromMessage("XDEVICE_EXISTS: not ours")).isEmpty();
        assertThat(LedgerError.fromMessage("the device DEVICE_EXISTS already")).isEmpty();
        assertThat(LedgerError.fromMessage("endorsement failure")).isEmpty();
        assertThat(LedgerError.fromMessage(null)).isEmpty();
    }

    @Test
    void writes_the_message_clients_read_the_code_back_from() {
        for (final LedgerError code : LedgerError.values()) {
            assertThat(LedgerError.fromMessage(code.message("detail"))).contains(code);
        }
    }

    @Test
    void groups_the_national_standards_refusals_apart_from_malformed_input() {
        assertThat(LedgerError.RESALE_NOT_ERASED.category()).isEqualTo(LedgerError.Category.STANDARD);
        assertThat(LedgerError.CONSENT_MISSING.category()).isEqualTo(LedgerError.Category.STANDARD);
        assertThat(LedgerError.INVALID_ARGUMENT.category()).isEqualTo(LedgerError.Category.INPUT);
        assertThat(LedgerError.NOT_CUSTODIAN.category()).isEqualTo(LedgerError.Category.ACCESS);
        assertThat(LedgerError.DEVICE_EXISTS.category()).isEqualTo(LedgerError.Category.CONFLICT);
    }
}
