package io.wipetrace.gateway.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.projection.OverviewReads;
import io.wipetrace.gateway.projection.OverviewReads.SearchResult;
import io.wipetrace.gateway.projection.OverviewReads.Statistics;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulator's dashboard figures and its search by the start of a device, bag, seal, lot or handover ID, from the
 * read model.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditOverviewController {

    private final OverviewReads overview;

    AuditOverviewController(final OverviewReads overview) {
        this.overview = overview;
    }

    @GetMapping("/statistics")
    @Operation(summary = "Dashboard figures: devices by state, flow per day, time to storage destruction")
    Statistics statistics(@RequestParam(defaultValue = "30") @Min(1) @Max(366) final int days) {
        return overview.statistics(days);
    }

    @GetMapping("/search")
    @Operation(summary = "Find devices, handovers and lots by the start of a device, bag, seal, lot or handover ID;"
            + " at most 50 of each, in ID order, and 'truncated' when there are more")
    SearchResult search(@RequestParam @Pattern(regexp = Identifiers.ID) final String q) {
        return overview.search(q);
    }
}
