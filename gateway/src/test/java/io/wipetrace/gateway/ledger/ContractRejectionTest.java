package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractRejectionTest {

    @Test
    void reads_the_chaincode_code_from_a_peer_message() {
        assertThat(ContractRejection.codeIn("chaincode response 500, NOT_CUSTODIAN: ProcessorOrgMSP does not hold"
                + " DEV-1")).contains("NOT_CUSTODIAN");
        assertThat(ContractRejection.codeIn("INVALID_ARGUMENT: storageGb must be 1..16384")).contains("INVALID_ARGUMENT");
    }

    @Test
    void ignores_words_that_are_not_chaincode_codes() {
        assertThat(ContractRejection.codeIn("rpc error: code = Aborted desc = FAILED: something")).isEmpty();
        assertThat(ContractRejection.codeIn(null)).isEmpty();
    }
}
