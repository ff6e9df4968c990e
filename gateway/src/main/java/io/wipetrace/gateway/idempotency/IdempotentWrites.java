package io.wipetrace.gateway.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.ledger.TransactionJournal;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.gateway.web.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Runs a write at most once per (organisation, Idempotency-Key).
 *
 * <p>The first request with a key claims it (a lease in PostgreSQL) and runs; its handler records every endorsed
 * transaction and every generated value before using it ({@link WriteContext}). A retry with the same key and the same
 * request gets the stored response without touching the ledger; with a different request, 409
 * {@code IDEMPOTENCY_KEY_REUSED}; while the first still runs, 409 {@code IDEMPOTENCY_REQUEST_IN_PROGRESS} with
 * {@code Retry-After: 1} (ask again then for the first one's answer). If the
 * first attempt crashed or its outcome was ambiguous, the retry takes over and settles the recorded transaction
 * (commit status of the same transaction ID, or its same signed bytes again) rather than endorsing a new one.
 * A request refused before anything reached the ledger is forgotten, so the key can be used again.
 *
 * <p>The store never holds the Idempotency-Key or a secret in clear ({@link KeySecrets}): rows are named by a hash of
 * the key, the request hash is keyed by it, and stored responses and generated values are sealed under a key derived
 * from it, so only a retry that presents the key can read them.
 */
@Service
public class IdempotentWrites {

    /** The request header. */
    public static final String HEADER = Headers.IDEMPOTENCY_KEY;

    /** Set on a response replayed from the store. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** How soon a client should ask again for the answer of a request that is still running (Retry-After). */
    private static final long IN_PROGRESS_RETRY_AFTER_SECONDS = 1;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentWrites.class);

    private final IdempotencyStore store;
    private final IdempotencyProperties properties;
    private final ObjectMapper json;
    private final ObjectMapper canonical;
    /** The keys (organisation and key hash) an attempt in this process is running now. */
    private final Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    IdempotentWrites(final IdempotencyStore store, final IdempotencyProperties properties, final ObjectMapper json) {
        this.store = store;
        this.properties = properties;
        this.json = json;
        this.canonical = JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .findAndAddModules()
                .build();
    }

    /**
     * Runs {@code handler} once for this key, or replays its stored response.
     *
     * @param organisation the caller's organisation key
     * @param key the Idempotency-Key header's value
     * @param operation names the endpoint, e.g. {@code POST /api/v1/handovers}
     * @param request the request as received (hashed canonically: same content, same hash)
     * @param status the status of a successful response
     * @param responseType the response's type, to replay it
     * @param handler does the work
     * @param <T> the response's type
     * @return the response, fresh or replayed
     */
    public <T> ResponseEntity<T> execute(final String organisation, final String key, final String operation,
            final Object request, final HttpStatus status, final Class<T> responseType,
            final Function<WriteContext, T> handler) {
        return execute(organisation, key, operation, request, status, Stored.whole(responseType), handler);
    }

    /**
     * How a response is kept for replay: what of it is stored, and how the stored form is made whole again. A
     * response that carries what its other fields determine (a collection's QR code, drawn from its receipt link)
     * stores only those fields: the stored row stays small, and sealing and writing it cost less.
     *
     * @param type the response's type
     * @param compact the response as stored
     * @param restored the response replayed, from what was stored
     * @param <T> the response's type
     */
    public record Stored<T>(Class<T> type, UnaryOperator<T> compact, UnaryOperator<T> restored) {

        /** The whole response stored, and replayed as it was. */
        public static <T> Stored<T> whole(final Class<T> type) {
            return new Stored<>(type, UnaryOperator.identity(), UnaryOperator.identity());
        }
    }

    /**
     * {@link #execute(String, String, String, Object, HttpStatus, Class, Function)}, with the response stored in a
     * compact form.
     *
     * @param organisation the caller's organisation key
     * @param key the Idempotency-Key header's value
     * @param operation names the endpoint
     * @param request the request as received
     * @param status the status of a successful response
     * @param stored how the response is stored and replayed
     * @param handler does the work
     * @param <T> the response's type
     * @return the response, fresh or replayed
     */
    public <T> ResponseEntity<T> execute(final String organisation, final String key, final String operation,
            final Object request, final HttpStatus status, final Stored<T> stored,
            final Function<WriteContext, T> handler) {
        requireValidKey(key);
        final KeySecrets secrets = new KeySecrets(organisation, key);
        final String hash = requestHash(secrets, operation, request);
        // One attempt per key at a time in this process: a second one meanwhile is told to come back.
        final String slot = organisation + "|" + secrets.keyHash();
        if (!running.add(slot)) {
            throw inProgress();
        }
        try {
            return run(organisation, secrets, hash, status, stored, handler);
        } finally {
            running.remove(slot);
        }
    }

    private <T> ResponseEntity<T> run(final String organisation, final KeySecrets secrets, final String hash,
            final HttpStatus status, final Stored<T> stored, final Function<WriteContext, T> handler) {
        final IdempotencyStore.Claim claim = store.claim(organisation, secrets.keyHash(), hash, properties.lease());
        final boolean fresh;
        switch (claim) {
            case IdempotencyStore.Claim.Completed done -> {
                return ResponseEntity.status(done.status()).header(REPLAYED_HEADER, "true")
                        .body(stored.restored().apply(read(secrets.open(KeySecrets.RESPONSE, done.body()),
                                stored.type())));
            }
            case IdempotencyStore.Claim.Reused reused -> throw new ApiException(HttpStatus.CONFLICT,
                    "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
            case IdempotencyStore.Claim.InProgress busy -> {
                // No attempt of this process runs the key (this one holds its slot), so a lease this process holds
                // was left by an attempt that ended without settling it (the database was unreachable when it tried):
                // taken over at once rather than after the lease runs out. A lease of another live process stands.
                if (!store.takeOverOwnLease(organisation, secrets.keyHash(), properties.lease())) {
                    throw inProgress();
                }
                fresh = false;
            }
            case IdempotencyStore.Claim.Acquired acquired -> fresh = acquired.fresh();
        }
        // Within half its lease (the database started it a moment before this), no retry can have taken the key over.
        final long ownUntil = System.nanoTime() + properties.lease().toNanos() / 2;
        final Context context = new Context(organisation, secrets, fresh ? ownUntil : System.nanoTime());
        final T response;
        try {
            response = handler.apply(context);
        } catch (LedgerException e) {
            settleFailure(context, e.nothingWritten());
            throw e;
        } catch (ApiException e) {
            settleFailure(context, true);
            throw e;
        } catch (RuntimeException | Error e) {
            // Unknown state: keep what was recorded; a retry settles it.
            store.release(organisation, secrets.keyHash());
            throw e;
        }
        store.complete(organisation, secrets.keyHash(), status.value(),
                secrets.seal(KeySecrets.RESPONSE, write(stored.compact().apply(response))), context.takeUnstored());
        return ResponseEntity.status(status).body(response);
    }

    /**
     * A value a request remembered ({@link WriteContext#remember}), read back by whoever presents its Idempotency-Key
     * again: how a client whose answer was lost learns, say, the receipt code the request generated, without sending
     * the request again. Without the key the value cannot be found (its row is named by the key's hash) or opened.
     *
     * @param organisation the caller's organisation key
     * @param key the Idempotency-Key the request was sent with
     * @param name the value's name
     * @param type the value's type
     * @param <V> the value's type
     * @return the value, while the request's record is kept (its retention), else empty
     */
    public <V> Optional<V> recall(final String organisation, final String key, final String name, final Class<V> type) {
        requireValidKey(key);
        final KeySecrets secrets = new KeySecrets(organisation, key);
        return store.value(organisation, secrets.keyHash(), name)
                .map(text -> read(secrets.open("value:" + name, text), type));
    }

    /**
     * Checks an Idempotency-Key header's form: 8 to 128 characters of {@code A-Z a-z 0-9 . _ : -}.
     *
     * @param key the header's value
     * @throws ApiException 400 {@code IDEMPOTENCY_KEY_INVALID} otherwise
     */
    public static void requireValidKey(final String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "IDEMPOTENCY_KEY_INVALID",
                    "the Idempotency-Key header must be 8 to 128 characters of A-Z a-z 0-9 . _ : - (a UUID will do)");
        }
    }

    private static ApiException inProgress() {
        return new ApiException(HttpStatus.CONFLICT, "IDEMPOTENCY_REQUEST_IN_PROGRESS", "a request with this"
                + " Idempotency-Key is still running; send it again in a moment for its answer")
                .withProperty("retryAfterSeconds", IN_PROGRESS_RETRY_AFTER_SECONDS)
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(IN_PROGRESS_RETRY_AFTER_SECONDS));
    }

    /** Deletes completed requests past their retention (their responses may hold receipt codes). */
    @Scheduled(fixedDelayString = "${wipetrace.idempotency.expiry-interval:15m}")
    void expire() {
        final int deleted = store.expire(properties.retention());
        if (deleted > 0) {
            LOG.info("expired {} idempotent responses older than {}", deleted, properties.retention());
        }
    }

    private void settleFailure(final Context context, final boolean nothingWrittenNow) {
        if (nothingWrittenNow && !context.submitted) {
            store.forget(context.organisation, context.key);
        } else {
            store.release(context.organisation, context.key);
        }
    }

    /**
     * HMAC-SHA256, under a key derived from the Idempotency-Key, over the operation and the request's canonical JSON
     * (properties sorted at every level).
     *
     * @param secrets what the Idempotency-Key gives
     * @param operation the endpoint
     * @param request the request
     * @return lowercase hex
     */
    String requestHash(final KeySecrets secrets, final String operation, final Object request) {
        try {
            final byte[] head = (operation + "\n").getBytes(StandardCharsets.UTF_8);
            final byte[] body = canonical.writeValueAsBytes(canonical.valueToTree(request));
            final byte[] joined = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, joined, head.length, body.length);
            return secrets.requestHash(joined);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    private String write(final Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the response", e);
        }
    }

    private <V> V read(final String text, final Class<V> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot replay the stored response", e);
        }
    }

    private final class Context implements WriteContext {
        private final String organisation;
        /** The row's name in the store: the hash of the Idempotency-Key. */
        private final String key;
        private final KeySecrets secrets;
        /** Whether some transaction of this request went (or may have gone) to the orderers. */
        private boolean submitted;
        /**
         * Until then ({@link System#nanoTime}) only what this attempt stored can be found: the key was new when claimed,
         * so nothing of the request was stored before, and no retry may take it over while its lease holds. Nothing
         * is looked up before this attempt stores it. After that, a retry that took over may have stored steps.
         */
        private final long onlyOwnUntil;
        /** The steps whose transaction this attempt recorded. */
        private final Set<String> recorded = new HashSet<>();
        /** Values generated by {@link #rememberBeforeSubmit} and not stored yet, sealed, by name. */
        private final Map<String, String> unstored = new LinkedHashMap<>();

        Context(final String organisation, final KeySecrets secrets, final long onlyOwnUntil) {
            this.organisation = organisation;
            this.key = secrets.keyHash();
            this.secrets = secrets;
            this.onlyOwnUntil = onlyOwnUntil;
        }

        private boolean onlyOwn() {
            return System.nanoTime() - onlyOwnUntil < 0;
        }

        @Override
        public TransactionJournal journal(final String step) {
            return new TransactionJournal() {
                @Override
                public Optional<PreparedTransaction> prepared() {
                    if (onlyOwn() && !recorded.contains(step)) {
                        return Optional.empty();
                    }
                    final Optional<PreparedTransaction> found = store.transaction(organisation, key, step);
                    if (found.isPresent()) {
                        submitted = true;
                    }
                    return found;
                }

                @Override
                public void recordPrepared(final PreparedTransaction transaction) {
                    store.recordTransaction(organisation, key, step, transaction, takeUnstored());
                    recorded.add(step);
                    submitted = true;
                }

                @Override
                public void clearPrepared() {
                    store.clearTransaction(organisation, key, step);
                    recorded.remove(step);
                }
            };
        }

        @Override
        public <V> V remember(final String name, final Class<V> type, final Supplier<V> generator) {
            final String aad = "value:" + name;
            // A value generated to be stored later is stored now.
            final String pending = unstored.remove(name);
            if (pending == null) {
                final Optional<String> earlier = onlyOwn() ? Optional.empty() : store.value(organisation, key, name);
                if (earlier.isPresent()) {
                    return read(secrets.open(aad, earlier.get()), type);
                }
            }
            final V value = pending != null ? read(secrets.open(aad, pending), type) : generator.get();
            final String sealed = pending != null ? pending : secrets.seal(aad, write(value));
            final String stored = store.recordValue(organisation, key, name, sealed);
            // Whatever is stored wins (a concurrent attempt may have stored first).
            return sealed.equals(stored) ? value : read(secrets.open(aad, stored), type);
        }

        @Override
        public <V> V rememberBeforeSubmit(final String name, final Class<V> type, final Supplier<V> generator) {
            // Only while nothing but this attempt can store the request's values: after that, as remember does.
            if (!onlyOwn()) {
                return remember(name, type, generator);
            }
            final String aad = "value:" + name;
            final String pending = unstored.get(name);
            if (pending != null) {
                return read(secrets.open(aad, pending), type);
            }
            final V value = generator.get();
            unstored.put(name, secrets.seal(aad, write(value)));
            return value;
        }

        /** The values not stored yet, handed over to the statement that stores them (a transaction's or the response's). */
        Map<String, String> takeUnstored() {
            final Map<String, String> values = Map.copyOf(unstored);
            unstored.clear();
            return values;
        }
    }
}
