package io.wipetrace.chaincode.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction's view of an {@link InMemoryLedger}, with Fabric's simulation semantics: reads see the committed
 * state only (never the transaction's own writes), writes go to a write set applied at commit, paginated queries are
 * refused in submitted transactions, and the last {@code setEvent} wins (all calls are recorded so tests can insist
 * on exactly one).
 */
public final class TxStub implements ChaincodeStub {

    /** The end of a partial composite key range, as Fabric computes it (U+10FFFF). */
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

    /** Deleted keys in the write sets. */
    static final byte[] DELETED = new byte[0];

    private final InMemoryLedger ledger;
    private final String txId;
    private final Instant timestamp;
    private final byte[] creator;
    private final Map<String, byte[]> transientData;
    private final boolean readOnly;
    private final List<String> args;

    final NavigableMap<String, byte[]> writes = new TreeMap<>();
    final NavigableMap<String, byte[]> validationWrites = new TreeMap<>();
    final NavigableMap<String, NavigableMap<String, byte[]>> privateWrites = new TreeMap<>();
    final List<String> purges = new ArrayList<>();
    final List<Map.Entry<String, byte[]>> events = new ArrayList<>();
    /** The keys {@link #getState} was asked for, in order. */
    final List<String> keysRead = new ArrayList<>();

    TxStub(final InMemoryLedger ledger, final String txId, final Instant timestamp, final byte[] creator,
            final Map<String, byte[]> transientData, final boolean readOnly, final List<String> args) {
        this.ledger = ledger;
        this.txId = txId;
        this.timestamp = timestamp;
        this.creator = creator;
        this.transientData = transientData;
        this.readOnly = readOnly;
        this.args = args;
    }

    /** @return whether the transaction wrote anything at all (state, policy, private data, purge or event) */
    public boolean wroteAnything() {
        return !writes.isEmpty() || !validationWrites.isEmpty() || !privateWrites.isEmpty() || !purges.isEmpty()
                || !events.isEmpty();
    }

    @Override
    public List<byte[]> getArgs() {
        final List<byte[]> bytes = new ArrayList<>();
        args.forEach(arg -> bytes.add(arg.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }

    @Override
    public List<String> getStringArgs() {
        return args;
    }

    @Override
    public String getFunction() {
        return args.isEmpty() ? null : args.get(0);
    }

    @Override
    public List<String> getParameters() {
        return args.isEmpty() ? List.of() : args.subList(1, args.size());
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public String getChannelId() {
        return "wipetrace";
    }

    @Override
    public Response invokeChaincode(final String chaincodeName, final List<byte[]> args, final String channel) {
        throw new UnsupportedOperationException("chaincode-to-chaincode calls are not used");
    }

    @Override
    public byte[] getState(final String key) {
        keysRead.add(key);
        return ledger.state.get(key);
    }

    @Override
    public byte[] getStateValidationParameter(final String key) {
        return ledger.validation.get(key);
    }

    @Override
    public void putState(final String key, final byte[] value) {
        if (key == null || key.isEmpty() || value == null || value.length == 0) {
            throw new IllegalArgumentException("Fabric needs a key and a non-empty value");
        }
        writes.put(key, value.clone());
    }

    @Override
    public void setStateValidationParameter(final String key, final byte[] value) {
        validationWrites.put(key, value.clone());
    }

    @Override
    public void delState(final String key) {
        writes.put(key, DELETED);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(final String startKey, final String endKey) {
        throw new UnsupportedOperationException("range scans are not used: every lookup is by composite key");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
            final String startKey, final String endKey, final int pageSize, final String bookmark) {
        throw new UnsupportedOperationException("range scans are not used: every lookup is by composite key");
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(final String compositeKey) {
        return iterator(range(compositeKey));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
            final String objectType, final String... attributes) {
        return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(final CompositeKey compositeKey) {
        return getStateByPartialCompositeKey(compositeKey.toString());
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            final CompositeKey compositeKey, final int pageSize, final String bookmark) {
        if (!readOnly) {
            throw new IllegalStateException("Fabric allows paginated queries only in read-only transactions");
        }
        final String prefix = compositeKey.toString();
        final NavigableMap<String, byte[]> all = range(prefix);
        final String start = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
        final List<KeyValue> page = new ArrayList<>();
        String next = "";
        for (final Map.Entry<String, byte[]> entry : all.tailMap(start, true).entrySet()) {
            if (page.size() == pageSize) {
                next = entry.getKey();
                break;
            }
            page.add(keyValue(entry.getKey(), entry.getValue()));
        }
        final QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(page.size())
                .setBookmark(next)
                .build();
        return new QueryResultsIteratorWithMetadata<>() {
            @Override
            public QueryResponseMetadata getMetadata() {
                return metadata;
            }

            @Override
            public void close() {}

            @Override
            public Iterator<KeyValue> iterator() {
                return page.iterator();
            }
        };
    }

    @Override
    public CompositeKey createCompositeKey(final String objectType, final String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(final String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(final String query) {
        throw new UnsupportedOperationException("rich queries are not used");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
            final String query, final int pageSize, final String bookmark) {
        throw new UnsupportedOperationException("rich queries are not used");
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(final String key) {
        throw new UnsupportedOperationException("key history is not used: events are stored explicitly");
    }

    @Override
    public byte[] getPrivateData(final String collection, final String key) {
        return ledger.privateData.getOrDefault(collection, new TreeMap<>()).get(key);
    }

    @Override
    public byte[] getPrivateDataHash(final String collection, final String key) {
        final byte[] value = getPrivateData(collection, key);
        // The peer answers an absent key with an empty hash.
        return value == null ? new byte[0] : InMemoryLedger.sha256(value);
    }

    @Override
    public byte[] getPrivateDataValidationParameter(final String collection, final String key) {
        throw new UnsupportedOperationException("private key-level policies are not used");
    }

    @Override
    public void putPrivateData(final String collection, final String key, final byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("Fabric needs a non-empty value");
        }
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>()).put(key, value.clone());
    }

    @Override
    public void setPrivateDataValidationParameter(final String collection, final String key, final byte[] value) {
        throw new UnsupportedOperationException("private key-level policies are not used");
    }

    @Override
    public void delPrivateData(final String collection, final String key) {
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>()).put(key, DELETED);
    }

    @Override
    public void purgePrivateData(final String collection, final String key) {
        purges.add(collection + "/" + key);
        privateWrites.computeIfAbsent(collection, c -> new TreeMap<>()).put(key, DELETED);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(
            final String collection, final String startKey, final String endKey) {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            final String collection, final String compositeKey) {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            final String collection, final CompositeKey compositeKey) {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            final String collection, final String objectType, final String... attributes) {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(final String collection, final String query) {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public void setEvent(final String name, final byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be empty string");
        }
        events.add(Map.entry(name, payload.clone()));
    }

    @Override
    public ChaincodeEvent getEvent() {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public SignedProposal getSignedProposal() {
        throw new UnsupportedOperationException("not used");
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return transientData;
    }

    @Override
    public byte[] getBinding() {
        // Fabric hashes the client's random nonce, its identity and the epoch; a hash of the transaction ID stands in
        // for it: the same in every endorsement of one transaction, different for every transaction.
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("binding|" + txId).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The endorsing peer's MSP, deliberately unlike any caller's: access control must never use it. */
    @Override
    public String getMspId() {
        return "EndorsingPeerMSP";
    }

    private NavigableMap<String, byte[]> range(final String prefix) {
        return ledger.state.subMap(prefix, true, prefix + MAX_UNICODE_RUNE, false);
    }

    private static QueryResultsIterator<KeyValue> iterator(final NavigableMap<String, byte[]> entries) {
        final List<KeyValue> results = new ArrayList<>();
        entries.forEach((key, value) -> results.add(keyValue(key, value)));
        return new QueryResultsIterator<>() {
            @Override
            public void close() {}

            @Override
            public Iterator<KeyValue> iterator() {
                return results.iterator();
            }
        };
    }

    private static KeyValue keyValue(final String key, final byte[] value) {
        return new KeyValue() {
            @Override
            public String getKey() {
                return key;
            }

            @Override
            public byte[] getValue() {
                return value.clone();
            }

            @Override
            public String getStringValue() {
                return new String(value, StandardCharsets.UTF_8);
            }
        };
    }
}
