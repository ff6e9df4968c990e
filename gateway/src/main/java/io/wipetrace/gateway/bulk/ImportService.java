package io.wipetrace.gateway.bulk;

import io.wipetrace.gateway.bulk.ImportReader.SourceRow;
import io.wipetrace.gateway.bulk.ImportStore.Job;
import io.wipetrace.gateway.bulk.ImportStore.NewRow;
import io.wipetrace.gateway.device.CollectionIdentifiers;
import io.wipetrace.gateway.device.CollectionRequest;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.idempotency.KeySecrets;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.security.Roles;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.Sha256;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Takes an import in: checks the caller may import this kind (its organisation's roles on the registry), reads and
 * validates every row, checks the rows' sites against the registry, gives every valid row its device ID and receipt
 * code, and stores the job, its batches and rows before the request is answered. One job per (organisation,
 * Idempotency-Key): the same key with the same file returns the same job, with another file 409.
 */
@Service
class ImportService {

    /** The kinds of import, by the name the API takes. */
    enum Kind {
        /** Collected devices: {@code device:RegisterCollections}; needs the role COLLECTOR. */
        COLLECTIONS("collections", "COLLECTOR");

        private final String apiName;
        private final String role;

        Kind(final String apiName, final String role) {
            this.apiName = apiName;
            this.role = role;
        }

        String apiName() {
            return apiName;
        }

        static Kind of(final String name) {
            for (final Kind kind : values()) {
                if (kind.apiName.equals(name)) {
                    return kind;
                }
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "IMPORT_KIND_UNKNOWN",
                    "kind must be one of " + java.util.Arrays.stream(values()).map(Kind::apiName).toList()
                            + (name == null ? "" : ", not '" + name + "'"));
        }
    }

    /**
     * A job, just created or found for the same request.
     *
     * @param job the job
     * @param replayed whether it was created by an earlier request with the same Idempotency-Key
     */
    record Accepted(Job job, boolean replayed) {}

    /** What {@code RegisterCollections} takes per device. */
    record CollectionItem(String deviceId, String receiptHash, String identifierCommitment, String make, String model,
            Integer storageGb, String channel, String siteId, CollectionRequest.Consent consent, String bagId,
            String sealId, Boolean locked) {}

    /** The registry's organisation and site records, the members read here. */
    record Organisation(String mspId, List<String> roles) {}

    record Site(String siteId, String mspId) {}

    private final ImportStore store;
    private final LedgerClient ledger;
    private final ChaincodeJson json;
    private final ImportProperties properties;
    private final CollectionRows collections;
    private final ObjectProvider<ImportWorker> worker;

    ImportService(final ImportStore store, final LedgerClient ledger, final ChaincodeJson json,
            final ImportProperties properties, final Validator validator, final ObjectProvider<ImportWorker> worker) {
        this.store = store;
        this.ledger = ledger;
        this.json = json;
        this.properties = properties;
        this.collections = new CollectionRows(validator);
        this.worker = worker;
    }

    /**
     * Creates an import job, or finds the one this request created before.
     *
     * @param principal the caller
     * @param kindName the kind, as the API names it
     * @param format the file's format
     * @param fileName the uploaded file's name, if any
     * @param bytes the file
     * @param idempotencyKey the request's Idempotency-Key
     * @return the job
     */
    Accepted create(final ApiPrincipal principal, final String kindName, final ImportFormat format,
            final String fileName, final byte[] bytes, final String idempotencyKey) {
        IdempotentWrites.requireValidKey(idempotencyKey);
        final KeySecrets secrets = new KeySecrets(principal.organisation(), idempotencyKey);
        final Kind kind = Kind.of(kindName);
        final String requestHash = requestHash(kind, format, bytes);
        final Optional<Accepted> earlier = earlier(principal, secrets.keyHash(), requestHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        requireRole(principal, kind);

        final List<SourceRow> source = ImportReader.read(bytes, format, CollectionRows.SCHEMA, properties.maxRows());
        final List<CollectionRows.Checked> checked = new ArrayList<>(source.size());
        for (final SourceRow row : source) {
            checked.add(collections.check(row, format));
        }
        final Map<Integer, RowError> siteErrors = checkSites(principal, source, checked, format);

        final List<NewRow> rows = new ArrayList<>(source.size());
        final List<RowError> errors = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < source.size(); i++) {
            final SourceRow row = source.get(i);
            final CollectionRows.Checked result = checked.get(i);
            final RowError siteError = siteErrors.get(row.row());
            if (!result.valid() || siteError != null) {
                rows.add(new NewRow(row.row(), row.line(), null, null, null, null, null));
                errors.addAll(result.valid() ? List.of(siteError) : result.errors());
                continue;
            }
            final CollectionRequest request = result.request();
            final String deviceId = CollectionIdentifiers.newDeviceId();
            final String receiptCode = ReceiptCode.generate();
            final String receiptHash = ReceiptCode.hash(receiptCode).orElseThrow();
            final String commitment = CollectionIdentifiers.nonceCommitment(CollectionIdentifiers.randomHex(32));
            final String payload = json.write(new CollectionItem(deviceId, receiptHash, commitment, request.make(),
                    request.model(), request.storageGb(), request.channel(), request.siteId(), request.consent(),
                    request.bagId(), request.sealId(), request.locked()));
            rows.add(new NewRow(row.row(), row.line(), valid / properties.batchSize(), deviceId,
                    secrets.seal(receiptName(row.row()), receiptCode), receiptHash, payload));
            valid++;
        }
        final int invalid = source.size() - valid;
        final Instant now = Instant.now();
        final Job job = new Job(UUID.randomUUID(), principal.organisation(), principal.mspId(), kind.apiName(),
                format.name(), fileName, secrets.keyHash(), requestHash, valid == 0 ? "COMPLETED" : "QUEUED",
                properties.batchSize(), source.size(), invalid, 0, invalid, null, now, null, valid == 0 ? now : null,
                null);
        final int batches = (valid + properties.batchSize() - 1) / properties.batchSize();
        if (!store.create(job, rows, errors, batches)) {
            // A concurrent request with the same key stored its job first.
            return earlier(principal, secrets.keyHash(), requestHash).orElseThrow();
        }
        final ImportWorker running = worker.getIfAvailable();
        if (running != null) {
            running.wake();
        }
        return new Accepted(store.find(job.id()).orElseThrow(), false);
    }

    /**
     * A job the caller may see: its own organisation's, or any for a regulator.
     *
     * @param principal the caller
     * @param id the job
     * @return the job
     * @throws ApiException 404 {@code IMPORT_NOT_FOUND} otherwise
     */
    Job visible(final ApiPrincipal principal, final UUID id) {
        return store.find(id)
                .filter(job -> job.organisation().equals(principal.organisation()) || principal.hasRole(Roles.REGULATOR))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "IMPORT_NOT_FOUND", "no import " + id));
    }

    /**
     * The name a row's receipt code is sealed under, bound with the key's hash so that no sealed code can be moved to
     * another row or job.
     *
     * @param row the row's number
     * @return its name
     */
    static String receiptName(final int row) {
        return "import.receipt|" + row;
    }

    /**
     * A job's rows with their receipt codes opened for the importing organisation when it sends the job's
     * Idempotency-Key again, and left out otherwise (another organisation, no key, a wrong key, or purged).
     *
     * @param principal the caller
     * @param job the job
     * @param idempotencyKey the key the caller sent, if any
     * @return what opens the rows' codes
     */
    static java.util.function.UnaryOperator<ImportStore.ResultRow> receiptOpener(final ApiPrincipal principal,
            final Job job, final String idempotencyKey) {
        if (idempotencyKey == null || !job.organisation().equals(principal.organisation())) {
            return row -> row.withReceiptCode(null);
        }
        final KeySecrets secrets = new KeySecrets(principal.organisation(), idempotencyKey);
        if (!secrets.keyHash().equals(job.keyHash())) {
            return row -> row.withReceiptCode(null);
        }
        return row -> row.withReceiptCode(row.receiptCode() == null ? null
                : secrets.open(receiptName(row.row()), row.receiptCode()));
    }

    private Optional<Accepted> earlier(final ApiPrincipal principal, final String keyHash, final String requestHash) {
        return store.findByKey(principal.organisation(), keyHash).map(job -> {
            if (!job.requestHash().equals(requestHash)) {
                throw new ApiException(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_REUSED",
                        "this Idempotency-Key was used for a different import (job " + job.id() + ")");
            }
            return new Accepted(job, true);
        });
    }

    /** The caller's organisation must hold the kind's role on the registry. */
    private void requireRole(final ApiPrincipal principal, final Kind kind) {
        final Organisation organisation;
        try {
            organisation = json.read(ledger.evaluate(principal.organisation(), "registry", "GetOrganisation",
                    principal.mspId()), Organisation.class);
        } catch (LedgerException e) {
            if ("ORGANISATION_NOT_FOUND".equals(e.code())) {
                throw new ApiException(HttpStatus.FORBIDDEN, "NOT_REGISTERED",
                        principal.mspId() + " is not a registered organisation");
            }
            throw e;
        }
        if (organisation.roles() == null || !organisation.roles().contains(kind.role)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "ROLE_NOT_HELD", principal.mspId() + " holds "
                    + organisation.roles() + "; importing " + kind.apiName() + " needs " + kind.role);
        }
    }

    /**
     * Checks the sites of valid rows against the registry, each distinct site once (at most
     * {@code max-sites-checked}; the chaincode checks the rest).
     *
     * @return the error of each row whose site is unknown or another organisation's, by row number
     */
    private Map<Integer, RowError> checkSites(final ApiPrincipal principal, final List<SourceRow> source,
            final List<CollectionRows.Checked> checked, final ImportFormat format) {
        final Set<String> sites = new LinkedHashSet<>();
        for (final CollectionRows.Checked row : checked) {
            if (row.valid()) {
                sites.add(row.request().siteId());
            }
        }
        final Map<String, RowError> problems = new HashMap<>();
        sites.stream().limit(Math.max(0, properties.maxSitesChecked())).forEach(siteId -> {
            try {
                final Site site = json.read(ledger.evaluate(principal.organisation(), "registry", "GetSite", siteId),
                        Site.class);
                if (!principal.mspId().equals(site.mspId())) {
                    problems.put(siteId, new RowError(0, 0, null, RowCodes.SITE_NOT_OWNED,
                            "site " + siteId + " belongs to " + site.mspId() + ", not " + principal.mspId()));
                }
            } catch (LedgerException e) {
                if (!RowCodes.SITE_NOT_FOUND.equals(e.code())) {
                    throw e;
                }
                problems.put(siteId, new RowError(0, 0, null, RowCodes.SITE_NOT_FOUND,
                        "no site " + siteId + " is registered"));
            }
        });
        final String field = CollectionRows.SCHEMA.byPath("siteId").orElseThrow().name(format);
        final Map<Integer, RowError> errors = new HashMap<>();
        for (int i = 0; i < source.size(); i++) {
            final CollectionRows.Checked row = checked.get(i);
            if (row.valid() && problems.containsKey(row.request().siteId())) {
                final RowError problem = problems.get(row.request().siteId());
                final SourceRow at = source.get(i);
                errors.put(at.row(), new RowError(at.row(), at.line(), field, problem.code(), problem.message()));
            }
        }
        return errors;
    }

    /** SHA-256 over the kind, the format and the file's bytes. */
    static String requestHash(final Kind kind, final ImportFormat format, final byte[] bytes) {
        final MessageDigest sha256 = Sha256.newDigest();
        sha256.update((kind.apiName() + "\n" + format.name().toLowerCase(Locale.ROOT) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        sha256.update(bytes);
        return HexFormat.of().formatHex(sha256.digest());
    }
}
