package io.wipetrace.gateway.anchoring;

import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Regulators download any device's proof bundle (consumers get theirs by receipt code from the verify API). */
@RestController
@Validated
class ProofBundleController {

    private final ObjectProvider<ProofBundles> bundles;

    ProofBundleController(final ObjectProvider<ProofBundles> bundles) {
        this.bundles = bundles;
    }

    @GetMapping("/api/v1/audit/devices/{deviceId}/proof-bundle")
    ResponseEntity<?> forDevice(@PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{16,64}") final String deviceId)
            throws IOException {
        return ProofBundleResponses.of(bundles.getIfAvailable(), deviceId);
    }
}
