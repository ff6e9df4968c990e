package io.wipetrace.gateway.anchoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.bundle.ProofBundle;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class ProofBundleResponsesTest {

    private static final String DEVICE = "DEV-0123456789ABCDEF";

    @Test
    void gives_the_bundle_as_a_download_that_is_never_cached() throws Exception {
        final ProofBundles bundles = mock(ProofBundles.class);
        final ProofBundle bundle = new ProofBundle(ProofBundle.VERSION, DEVICE, "wipetrace", List.of(), List.of(),
                new TreeMap<>(), new ProofBundle.Heads(0, List.of()), 2);
        when(bundles.forDevice(DEVICE)).thenReturn(Optional.of(bundle));

        final ResponseEntity<?> response = ProofBundleResponses.of(bundles, DEVICE);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        // Served as these exact bytes, which a certificate's bundle hash is taken over.
        assertThat(response.getBody()).isEqualTo(("{\"format\":\"wipetrace-proof-bundle\",\"version\":3,"
                + "\"deviceId\":\"DEV-0123456789ABCDEF\",\"channel\":\"wipetrace\",\"events\":[],\"registry\":[],"
                + "\"anchors\":{},\"heads\":{\"anchor\":0,\"entries\":[]},\"eventsNotYetAnchored\":2}").getBytes(UTF_8));
        assertThat(response.getBody()).isEqualTo(ProofBundles.serialised(bundle));
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"wipetrace-proof-" + DEVICE + ".json\"");
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
    }

    @Test
    void says_when_nothing_of_the_device_is_anchored_yet() throws Exception {
        final ProofBundles bundles = mock(ProofBundles.class);
        when(bundles.forDevice(DEVICE)).thenReturn(Optional.empty());

        assertThatThrownBy(() -> ProofBundleResponses.of(bundles, DEVICE)).isInstanceOfSatisfying(ApiException.class,
                refused -> {
                    assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(refused.code()).isEqualTo("PROOF_NOT_YET_ANCHORED");
                });
    }

    @Test
    void says_when_this_gateway_does_not_anchor() throws Exception {
        assertThatThrownBy(() -> ProofBundleResponses.of(null, DEVICE)).isInstanceOfSatisfying(ApiException.class,
                refused -> {
                    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.code()).isEqualTo("ANCHORING_UNAVAILABLE");
                });
    }
}
