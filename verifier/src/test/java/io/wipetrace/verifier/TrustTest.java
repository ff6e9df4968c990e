package io.wipetrace.verifier;

import io.wipetrace.proof.Sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.proof.Trust;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The trust file (in the proof module, tested here where test CA certificates are made). */
class TrustTest {

    private static Trust parse(final String text) {
        return Trust.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reads_the_pinned_values_and_the_files_sha256() {
        final String file = GenuineBundles.trustFile(2).replace(GenuineBundles.CONTRACT,
                GenuineBundles.CONTRACT.toUpperCase().replace("0X", "0x"));
        final Trust trust = parse(file);

        assertThat(trust.chainId()).isEqualTo(31337);
        assertThat(trust.anchorContract()).isEqualTo(GenuineBundles.CONTRACT);
        assertThat(trust.deploymentTransaction()).isEqualTo(GenuineBundles.DEPLOYMENT);
        assertThat(trust.confirmations()).isEqualTo(2);
        assertThat(trust.finalized()).isFalse();
        assertThat(trust.memberCertificateAuthorities()).containsOnlyKeys("ProcessorOrgMSP");
        assertThat(trust.certificateAuthorities()).hasSize(1);
        assertThat(trust.sha256()).isEqualTo(Sha256.hex(file.getBytes(StandardCharsets.UTF_8)));
        assertThat(parse(GenuineBundles.trustFile(0)).finalized()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"format\":\"wipetrace-trust\"|\"format\":\"trust\"|its format is not wipetrace-trust",
        "\"version\":1|\"version\":\"1\"|its version is not 1",
        "\"chainId\":31337|\"chainId\":0|its chainId is not a positive integer",
        "\"chainId\":31337|\"chainId\":31337.0|its chainId is not a positive integer",
        "\"anchorContract\":\"0xa1|\"anchorContract\":\"0xa1a1|its anchorContract is not 0x and 40 hex digits",
        "\"deploymentTransaction\":\"0x|\"deploymentTransaction\":\"|its deploymentTransaction is not 0x and 64",
        "\"confirmations\":2|\"confirmations\":0|its confirmations is neither a positive integer",
        "\"confirmations\":2|\"confirmations\":\"latest\"|its confirmations is neither a positive integer",
        "\"alliance\"|\"allianceName\"|has an unknown member 'allianceName'",
        "\"channel\":\"wipetrace\",|\"channel\":\"wipetrace\",\"channel\":\"x\",|not JSON",
        "-----BEGIN CERTIFICATE-----|-----BEGIN CERTIFICATE-----AAAA|the CA of ProcessorOrgMSP is not a PEM",
    })
    void refuses_a_file_that_is_not_exactly_the_format(final String from, final String to, final String reason) {
        final String file = GenuineBundles.trustFile(2);
        assertThat(file).contains(from);

        assertThatThrownBy(() -> parse(file.replace(from, to))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the trust file").hasMessageContaining(reason);
    }
}
