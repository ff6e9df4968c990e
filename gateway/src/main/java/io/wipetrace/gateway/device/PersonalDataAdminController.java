package io.wipetrace.gateway.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The gateway operator's care of the personal data key store (role ADMIN). */
@RestController
@Tag(name = "Administration")
class PersonalDataAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataAdminController.class);

    private final DeviceKeyStore keys;

    PersonalDataAdminController(final DeviceKeyStore keys) {
        this.keys = keys;
    }

    @PostMapping("/api/v1/admin/personal-data/master-key/rotation")
    @Operation(summary = "Rotate the personal data master key",
            description = "Writes a new master key, wraps every device's data key again under it and writes it over"
                    + " the old one; registrations and reads of personal data wait while it runs. The answer names"
                    + " how many device keys were wrapped again and the new key's fingerprint (never the key).")
    DeviceKeyStore.Rotation rotate() {
        final DeviceKeyStore.Rotation rotation = keys.rotateMaster();
        LOG.info("personal data master key rotated: {} device keys wrapped again, new fingerprint {}",
                rotation.rewrapped(), rotation.fingerprint());
        return rotation;
    }
}
