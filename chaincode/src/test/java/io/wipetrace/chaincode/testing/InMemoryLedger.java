package io.wipetrace.chaincode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.chaincode.LedgerJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * A world state, private data and key-level policies held in sorted maps, and the transactions run against them.
 *
 * <p>Every transaction gets its own {@link TxStub} and a real {@link Context} (the shim's {@code ClientIdentity}
 * parses a real certificate of the caller's MSP). A submitted transaction that returns commits its write set; one that
 * throws commits nothing, like an endorsement failure. On top of Fabric's own rules the ledger checks the chaincode's
 * house rules after every transaction: a rejected transaction wrote nothing before failing (it validated first), and
 * every world state value, private value and event payload written is canonical JSON.
 */
public final class InMemoryLedger {

    /** A transaction function of a contract. */
    @FunctionalInterface
    public interface Call {
        /**
         * Runs the transaction.
         *
         * @param ctx the transaction context
         * @return its result
         */
        String invoke(Context ctx);
    }

    /**
     * What one committed transaction left behind besides state, and the world state keys it read.
     *
     * @param keysRead the keys its point reads asked for, in order, repeats kept
     * @param keysWritten the world state keys it wrote or deleted, in key order
     */
    public record Receipt(String txId, Instant timestamp, String result, List<Map.Entry<String, byte[]>> events,
            List<String> purges, List<String> keysRead, List<String> keysWritten) {
        /** @return the one chaincode event's name; fails unless exactly one was set */
        public String eventName() {
            return single().getKey();
        }

        /** @return the one chaincode event's payload as text; fails unless exactly one was set */
        public String eventPayload() {
            return new String(single().getValue(), StandardCharsets.UTF_8);
        }

        private Map.Entry<String, byte[]> single() {
            if (events.size() != 1) {
                throw new AssertionError("expected exactly one chaincode event but the transaction set " + events.size());
            }
            return events.get(0);
        }
    }

    /** A deep copy of everything the ledger holds, for equality checks. */
    public record Snapshot(Map<String, String> state, Map<String, String> validation, Map<String, String> privateData) {}

    private static final ObjectMapper PLAIN = new ObjectMapper();

    final NavigableMap<String, byte[]> state = new TreeMap<>();
    final NavigableMap<String, byte[]> validation = new TreeMap<>();
    final NavigableMap<String, NavigableMap<String, byte[]>> privateData = new TreeMap<>();

    private long transactions;
    private Instant clock = Instant.parse("2026-03-02T08:00:00Z");
    private Receipt last;

    /** @return the timestamp the next transaction will get */
    public Instant now() {
        return clock;
    }

    /**
     * Moves the clock.
     *
     * @param by how far
     */
    public void advance(final Duration by) {
        clock = clock.plus(by);
    }

    /**
     * Submits a transaction and commits it.
     *
     * @param mspId the caller's MSP
     * @param call the transaction
     * @return its result
     */
    public String submit(final String mspId, final Call call) {
        return submit(mspId, Map.of(), call);
    }

    /**
     * Submits a transaction with transient data and commits it.
     *
     * @param mspId the caller's MSP
     * @param transientData the transient map
     * @param call the transaction
     * @return its result
     */
    public String submit(final String mspId, final Map<String, byte[]> transientData, final Call call) {
        final TxStub stub = newStub(mspId, transientData, false, List.of());
        final String result;
        try {
            result = call.invoke(new Context(stub));
        } catch (ChaincodeException e) {
            requireNothingWritten(stub, e);
            throw e;
        }
        requireCanonical(stub);
        commit(stub);
        last = new Receipt(stub.getTxId(), stub.getTxTimestamp(), result, List.copyOf(stub.events),
                List.copyOf(stub.purges), List.copyOf(stub.keysRead), List.copyOf(stub.writes.keySet()));
        return result;
    }

    /**
     * Submits a transaction that must be rejected.
     *
     * @param mspId the caller's MSP
     * @param call the transaction
     * @return the exception it failed with
     */
    public ChaincodeException reject(final String mspId, final Call call) {
        return reject(mspId, Map.of(), call);
    }

    /**
     * Submits a transaction with transient data that must be rejected.
     *
     * @param mspId the caller's MSP
     * @param transientData the transient map
     * @param call the transaction
     * @return the exception it failed with
     */
    public ChaincodeException reject(final String mspId, final Map<String, byte[]> transientData, final Call call) {
        final Snapshot before = snapshot();
        try {
            submit(mspId, transientData, call);
        } catch (ChaincodeException e) {
            if (!before.equals(snapshot())) {
                throw new AssertionError("a rejected transaction changed the ledger");
            }
            return e;
        }
        throw new AssertionError("the transaction was expected to fail but succeeded");
    }

    /**
     * Evaluates a read-only transaction; it must not write.
     *
     * @param mspId the caller's MSP
     * @param call the transaction
     * @return its result
     */
    public String evaluate(final String mspId, final Call call) {
        final TxStub stub = newStub(mspId, Map.of(), true, List.of());
        final String result = call.invoke(new Context(stub));
        if (stub.wroteAnything()) {
            throw new AssertionError("an evaluated transaction wrote to the ledger");
        }
        return result;
    }

    /**
     * A stub for a raw invocation through the contract router.
     *
     * @param mspId the caller's MSP
     * @param args function name and arguments
     * @return the stub; commit it with {@link #commit(TxStub)}
     */
    public TxStub routedStub(final String mspId, final List<String> args) {
        return newStub(mspId, Map.of(), false, args);
    }

    /**
     * Applies a stub's write set.
     *
     * @param stub the transaction
     */
    public void commit(final TxStub stub) {
        stub.writes.forEach((key, value) -> {
            if (value == TxStub.DELETED) {
                state.remove(key);
            } else {
                state.put(key, value);
            }
        });
        validation.putAll(stub.validationWrites);
        stub.privateWrites.forEach((collection, entries) -> entries.forEach((key, value) -> {
            final NavigableMap<String, byte[]> values = privateData.computeIfAbsent(collection, c -> new TreeMap<>());
            if (value == TxStub.DELETED) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }));
    }

    /**
     * Replaces a committed world state value outside any transaction: what an earlier build of the chaincode wrote.
     *
     * @param json the value
     * @param objectType the key's object type
     * @param attributes its attributes
     */
    public void overwrite(final String json, final String objectType, final String... attributes) {
        state.put(new CompositeKey(objectType, attributes).toString(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** @return what the last committed transaction emitted */
    public Receipt last() {
        return last;
    }

    /**
     * The world state value under a composite key, as text.
     *
     * @param objectType the key's object type
     * @param attributes its attributes
     * @return the value, or null
     */
    public String value(final String objectType, final String... attributes) {
        final byte[] value = state.get(new CompositeKey(objectType, attributes).toString());
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * The world state value under a composite key, parsed.
     *
     * @param objectType the key's object type
     * @param attributes its attributes
     * @return the value, or null
     */
    public JsonNode json(final String objectType, final String... attributes) {
        final String value = value(objectType, attributes);
        return value == null ? null : parse(value);
    }

    /**
     * The key-level endorsement policy of a composite key.
     *
     * @param objectType the key's object type
     * @param attributes its attributes
     * @return the policy bytes, or null
     */
    public byte[] validationParameter(final String objectType, final String... attributes) {
        return validation.get(new CompositeKey(objectType, attributes).toString());
    }

    /**
     * Private data.
     *
     * @param collection the collection
     * @param key the key
     * @return the value as text, or null
     */
    public String privateValue(final String collection, final String key) {
        final byte[] value = privateData.getOrDefault(collection, new TreeMap<>()).get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * The keys of one composite key object type, with their attributes.
     *
     * @param objectType the object type
     * @return every stored key of that type, in key order
     */
    public List<List<String>> keys(final String objectType) {
        final String prefix = new CompositeKey(objectType).toString();
        final List<List<String>> keys = new ArrayList<>();
        for (final String key : state.subMap(prefix, true, prefix + "\udbff\udfff", false).keySet()) {
            keys.add(CompositeKey.parseCompositeKey(key).getAttributes());
        }
        return keys;
    }

    /** @return a deep copy of the whole ledger */
    public Snapshot snapshot() {
        final Map<String, String> privateCopy = new TreeMap<>();
        privateData.forEach((collection, entries) ->
                entries.forEach((key, value) -> privateCopy.put(collection + "/" + key, HexFormat.of().formatHex(value))));
        return new Snapshot(hex(state), hex(validation), privateCopy);
    }

    /**
     * Parses JSON text.
     *
     * @param json the text
     * @return the tree
     */
    public static JsonNode parse(final String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static byte[] sha256(final byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TxStub newStub(final String mspId, final Map<String, byte[]> transientData, final boolean readOnly,
            final List<String> args) {
        transactions++;
        clock = clock.plusSeconds(60);
        final String txId = HexFormat.of().formatHex(sha256(("tx-" + transactions).getBytes(StandardCharsets.UTF_8)));
        return new TxStub(this, txId, clock, TestIdentities.creator(mspId), transientData, readOnly, args);
    }

    private static void requireNothingWritten(final TxStub stub, final ChaincodeException e) {
        if (stub.wroteAnything()) {
            throw new AssertionError("the transaction wrote before it was rejected with " + e.getMessage(), e);
        }
    }

    private static void requireCanonical(final TxStub stub) {
        stub.writes.forEach((key, value) -> {
            if (value != TxStub.DELETED) {
                requireCanonical("state " + key, value);
            }
        });
        stub.privateWrites.forEach((collection, entries) -> entries.forEach((key, value) -> {
            if (value != TxStub.DELETED) {
                requireCanonical("private " + collection + "/" + key, value);
            }
        }));
        stub.events.forEach(event -> requireCanonical("event " + event.getKey(), event.getValue()));
    }

    private static void requireCanonical(final String where, final byte[] value) {
        final byte[] again = LedgerJson.toBytes(LedgerJson.readTree(value));
        if (!Arrays.equals(again, value)) {
            throw new AssertionError(where + " is not canonical JSON: " + new String(value, StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> hex(final NavigableMap<String, byte[]> values) {
        final Map<String, String> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(key, HexFormat.of().formatHex(value)));
        return copy;
    }
}
