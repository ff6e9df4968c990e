package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.verify.VerifyQueries;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Regulators download any device's certificate (consumers get theirs by receipt code from the verify API). */
@RestController
@Validated
class CertificateController {

    private final Certificates certificates;
    private final VerifyQueries queries;

    CertificateController(final Certificates certificates, final VerifyQueries queries) {
        this.certificates = certificates;
        this.queries = queries;
    }

    @GetMapping(value = "/api/v1/audit/devices/{deviceId}/certificate.pdf")
    ResponseEntity<byte[]> forDevice(@PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId)
            throws IOException {
        return certificates.forRegulator(queries.byDeviceId(deviceId).orElseThrow(() -> new ApiException(
                HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", "No device " + deviceId + " is on the ledger.")));
    }
}
