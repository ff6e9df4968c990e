package io.wipetrace.gateway.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issues, lists and revokes API keys (role ADMIN). A key is issued only with a role its organisation may hold
 * ({@link RoleGrants}); otherwise 422 {@code ROLE_NOT_HELD_BY_ORGANISATION}.
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
@Tag(name = "Administration", description = "API keys")
class ApiKeyAdminController {

    private final ApiKeyStore keys;
    private final ActiveApiKeys active;
    private final FabricGateways gateways;
    private final RoleGrants grants;

    ApiKeyAdminController(final ApiKeyStore keys, final ActiveApiKeys active, final FabricGateways gateways,
            final RoleGrants grants) {
        this.keys = keys;
        this.active = active;
        this.gateways = gateways;
        this.grants = grants;
    }

    /**
     * What to issue.
     *
     * @param organisation organisation key the key acts for, e.g. {@code processor}
     * @param role PARTNER, REGULATOR or ADMIN
     * @param label what the key is for, e.g. {@code wiping station SZ-01}
     */
    record IssueRequest(
            @NotBlank @Size(max = 64) String organisation,
            @NotBlank @Pattern(regexp = "PARTNER|REGULATOR|ADMIN") String role,
            @NotBlank @Size(max = 200) String label) {}

    /** A key's record, without its secret. */
    record ApiKeyView(UUID id, String organisation, String role, String label, Instant createdAt, Instant revokedAt) {
        static ApiKeyView of(final ApiKeyStore.ApiKeyRecord record) {
            return new ApiKeyView(record.id(), record.organisation(), record.role(), record.label(),
                    record.createdAt(), record.revokedAt());
        }
    }

    /** A newly issued key: {@code apiKey} is shown this once and never again. */
    record IssuedKey(UUID id, String organisation, String role, String label, String apiKey) {}

    @PostMapping
    @Operation(summary = "Issue an API key", description = "The clear key is in this response only; store it.")
    ResponseEntity<IssuedKey> issue(@Valid @RequestBody final IssueRequest request) {
        if (!gateways.organisations().contains(request.organisation())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "ORGANISATION_UNKNOWN",
                    "this gateway has no Fabric identity for organisation '" + request.organisation() + "'; known: "
                            + gateways.organisations());
        }
        grants.notHeld(request.organisation(), List.of(request.role())).ifPresent(role -> {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, RoleGrants.NOT_HELD,
                    RoleGrants.notHeldDetail(role));
        });
        final UUID id = UUID.randomUUID();
        final String clear = ApiKeys.generate();
        keys.insert(id, ApiKeys.hash(clear), request.organisation(), request.role(), request.label());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new IssuedKey(id, request.organisation(), request.role(), request.label(), clear));
    }

    @GetMapping
    @Operation(summary = "List API keys", description = "Records only; the keys themselves are not stored.")
    List<ApiKeyView> list() {
        return keys.list().stream().map(ApiKeyView::of).toList();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "Takes effect on the next request to this gateway, and"
            + " within wipetrace.security.api-key-cache (5 s by default) at every other replica.")
    ResponseEntity<Void> revoke(@PathVariable final UUID id) {
        if (keys.find(id).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "API_KEY_NOT_FOUND", "no API key " + id);
        }
        keys.revoke(id);
        active.revoked(id);
        return ResponseEntity.noContent().build();
    }
}
