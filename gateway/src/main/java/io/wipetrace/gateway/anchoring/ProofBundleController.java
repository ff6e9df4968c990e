package io.wipetrace.gateway.anchoring;

import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Regulators download any device's proof bundle (consumers get theirs by receipt code from the verify API) and run
 * the integrity check of the anchors.
 */
@RestController
@Validated
class ProofBundleController {

    private final ObjectProvider<ProofBundles> bundles;
    private final ObjectProvider<IntegrityCheck> integrity;

    ProofBundleController(final ObjectProvider<ProofBundles> bundles, final ObjectProvider<IntegrityCheck> integrity) {
        this.bundles = bundles;
        this.integrity = integrity;
    }

    /**
     * The integrity check over every recorded anchor: 200 with the report (its {@code mismatches} empty when the
     * projection, the EVM chain and Fabric agree), 503 ANCHORING_UNAVAILABLE where this gateway does not anchor.
     */
    @GetMapping("/api/v1/audit/integrity")
    ResponseEntity<?> integrity() throws Exception {
        final IntegrityCheck check = integrity.getIfAvailable();
        if (check == null) {
            throw ProofBundleResponses.anchoringUnavailable();
        }
        return ResponseEntity.ok().cacheControl(org.springframework.http.CacheControl.noStore()).body(check.run());
    }

    @GetMapping("/api/v1/audit/devices/{deviceId}/proof-bundle")
    ResponseEntity<?> forDevice(@PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId)
            throws IOException {
        return ProofBundleResponses.of(bundles.getIfAvailable(), deviceId);
    }
}
