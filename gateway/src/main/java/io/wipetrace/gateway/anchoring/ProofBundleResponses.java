package io.wipetrace.gateway.anchoring;

import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.bundle.ProofBundle;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** How the gateway answers for a device's proof bundle, for the regulator's and the consumer's endpoints alike. */
public final class ProofBundleResponses {

    private ProofBundleResponses() {}

    /**
     * The bundle as a download. Refuses with an {@link ApiException}: 503 ANCHORING_UNAVAILABLE when this gateway
     * does not anchor, 404 PROOF_NOT_YET_ANCHORED when none of the device's events is anchored yet under a final
     * anchor with a head map.
     */
    public static ResponseEntity<byte[]> of(final ProofBundles bundles, final String deviceId) throws IOException {
        if (bundles == null) {
            throw anchoringUnavailable();
        }
        final Optional<ProofBundle> bundle = bundles.forDevice(deviceId);
        if (bundle.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "PROOF_NOT_YET_ANCHORED",
                    "None of this device's events is anchored yet; anchors are made every few minutes.");
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"wipetrace-proof-" + deviceId + ".json\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(ProofBundles.serialised(bundle.get()));
    }

    /** @return 503 ANCHORING_UNAVAILABLE: this gateway does not anchor the ledger */
    static ApiException anchoringUnavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "ANCHORING_UNAVAILABLE",
                "This gateway does not anchor the ledger, so it has no proofs to give.");
    }
}
