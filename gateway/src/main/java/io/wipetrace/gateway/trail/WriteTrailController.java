package io.wipetrace.gateway.trail;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.shared.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The regulator's view of who did what. */
@RestController
@Validated
@Tag(name = "Audit")
class WriteTrailController {

    private final WriteTrailStore store;

    WriteTrailController(final WriteTrailStore store) {
        this.store = store;
    }

    @GetMapping("/api/v1/audit/writes")
    @Operation(summary = "Who did what: successful writes, newest first, with the acting person's pseudonymous ID"
            + " (or the API key's ID)")
    Page<WriteTrailStore.Write> writes(
            @RequestParam(required = false) @Pattern(regexp = "[a-z][a-z0-9-]{1,63}") final String organisation,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") final String actor,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) final int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) final int size) {
        return store.list(organisation, actor, page, size);
    }
}
