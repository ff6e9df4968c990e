package io.wipetrace.chaincode;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * One transaction's world state reads of many keys at once and its writes sent together, as Fabric 3.1 peers take
 * them: a {@code GET_STATE_MULTIPLE} message reads up to {@value #MAX_KEYS} keys, a {@code WRITE_BATCH_STATE} message
 * carries up to {@value #MAX_WRITES} writes, where the shim's {@code getState}, {@code putState} and {@code delState}
 * cost one round trip to the peer each. A 100-device {@code RegisterCollections} made about 700 of them on every
 * endorsing peer; with these it makes a handful (docs/performance.md, "Bulk import").
 *
 * <p>The peer records exactly the same read set and write set either way: each key read is a versioned read, each
 * write a write, applied in the order sent. Writes are held until {@link #flush()}; Fabric never lets a transaction
 * read its own writes, so holding them changes nothing the transaction sees. A write held and never flushed would be
 * lost without a sign, so every contract that writes through this class asks {@link #requireFlushed} after each
 * transaction, which fails the transaction instead.
 *
 * <p>The Java shim (2.5.10, and its main branch when this was written) has no API for either message, although the
 * protocol messages ({@code fabric-protos}) and the peers (from v3.1, with {@code chaincode.runtimeParams}) have them.
 * Until it has, the messages go through the shim's own request channel: the transaction's task, which the shim's stub
 * implementation holds, sends a message and waits for the peer's answer exactly as the stub's own calls do. With any
 * other stub (the unit tests' in-memory one), or with {@value #SWITCH} set to {@code false} in the chaincode server's
 * environment (peers older than 3.1 refuse the messages), every key is read and written with the stub's own calls.
 */
public final class BatchedState {

    /** Most keys in one read message: the peers' {@code chaincode.runtimeParams.maxSizeGetMultipleKeys}. */
    public static final int MAX_KEYS = 1000;
    /** Most writes in one write message: the peers' {@code chaincode.runtimeParams.maxSizeWriteBatch}. */
    public static final int MAX_WRITES = 1000;
    /** Environment variable that turns the batched messages off ({@code false}); they are on otherwise. */
    public static final String SWITCH = "WIPETRACE_CHAINCODE_BATCHED_STATE";

    private static final Logger LOG = Logger.getLogger(BatchedState.class.getName());
    private static final ShimRequests SHIM = ShimRequests.find(System.getenv());

    /**
     * Per transaction (its stub), how many instances hold writes not yet flushed. Weak keys, so a transaction that
     * failed before flushing leaves nothing behind once its stub is gone; the counts never refer to the stub.
     */
    private static final Map<ChaincodeStub, AtomicInteger> UNFLUSHED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final ChaincodeStub stub;
    private final Optional<ShimRequests.Channel> peer;
    private final List<WriteRecord> writes = new ArrayList<>();
    /** Values read by {@link #prefetch}, null where a key has none. */
    private final Map<String, byte[]> prefetched = new HashMap<>();

    /**
     * Batched state access for one transaction.
     *
     * @param stub the transaction's stub
     */
    public BatchedState(final ChaincodeStub stub) {
        this(stub, SHIM);
    }

    BatchedState(final ChaincodeStub stub, final ShimRequests shim) {
        this.stub = stub;
        this.peer = shim.channel(stub);
    }

    /** @return whether reads and writes go to the peer in batches (else one call per key) */
    public boolean batched() {
        return peer.isPresent();
    }

    /**
     * Reads many keys of the world state; those read by {@link #prefetch} already cost no further message.
     *
     * @param keys the keys, in any order, repeats allowed
     * @return each key's value in the same order, null where the key has none
     */
    public List<byte[]> getStates(final List<String> keys) {
        if (prefetched.isEmpty()) {
            return fetch(keys);
        }
        final List<String> missing = new ArrayList<>();
        for (final String key : keys) {
            if (!prefetched.containsKey(key)) {
                missing.add(key);
            }
        }
        final Iterator<byte[]> fetched = fetch(missing).iterator();
        final List<byte[]> values = new ArrayList<>(keys.size());
        for (final String key : keys) {
            values.add(prefetched.containsKey(key) ? prefetched.get(key) : fetched.next());
        }
        return values;
    }

    /**
     * Reads one key of the world state: what {@link #prefetch} read for it, or else the stub's own read.
     *
     * @param key the key
     * @return its value, null if it has none
     */
    public byte[] getState(final String key) {
        return prefetched.containsKey(key) ? prefetched.get(key) : present(stub.getState(key));
    }

    /**
     * Reads keys the transaction will need, in one message to the peer as {@link #getStates} does, and keeps their
     * values: later reads of them through {@link #getState} or {@link #getStates} cost no further message. Each key is
     * still read from the peer, so it is in the transaction's read set with its version. Fabric never lets a
     * transaction read its own writes, so a value kept here is what a second read would return.
     *
     * @param keys the keys
     */
    public void prefetch(final List<String> keys) {
        final List<byte[]> values = fetch(keys);
        for (int i = 0; i < keys.size(); i++) {
            prefetched.put(keys.get(i), values.get(i));
        }
    }

    private List<byte[]> fetch(final List<String> keys) {
        final List<byte[]> values = new ArrayList<>(keys.size());
        if (peer.isEmpty()) {
            keys.forEach(key -> values.add(present(stub.getState(key))));
            return values;
        }
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            final List<String> chunk = keys.subList(from, Math.min(keys.size(), from + MAX_KEYS));
            chunk.forEach(BatchedState::requireKey);
            final ByteString answer = peer.get().request(ChaincodeMessage.Type.GET_STATE_MULTIPLE,
                    GetStateMultiple.newBuilder().addAllKeys(chunk).build().toByteString());
            final List<ByteString> got;
            try {
                got = GetStateMultipleResult.parseFrom(answer).getValuesList();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the peer's answer to GET_STATE_MULTIPLE is not a GetStateMultipleResult", e);
            }
            if (got.size() != chunk.size()) {
                // A peer whose state database failed answers no values at all (Fabric 3.1's query executor).
                throw new IllegalStateException("the peer answered " + got.size() + " values for " + chunk.size()
                        + " keys");
            }
            got.forEach(value -> values.add(present(value.toByteArray())));
        }
        return values;
    }

    /**
     * Writes a key when the transaction's writes are flushed.
     *
     * @param key the key
     * @param value its new value, not empty
     */
    public void put(final String key, final byte[] value) {
        requireKey(key);
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("the value of " + key + " is empty; delete the key instead");
        }
        held();
        writes.add(WriteRecord.newBuilder().setType(WriteRecord.Type.PUT_STATE).setKey(key)
                .setValue(ByteString.copyFrom(value)).build());
    }

    /**
     * Deletes a key when the transaction's writes are flushed.
     *
     * @param key the key
     */
    public void delete(final String key) {
        requireKey(key);
        held();
        writes.add(WriteRecord.newBuilder().setType(WriteRecord.Type.DEL_STATE).setKey(key).build());
    }

    /** @return the writes not yet flushed */
    public int pending() {
        return writes.size();
    }

    /** Sends the held writes to the peer, in the order they were made. */
    public void flush() {
        if (peer.isEmpty()) {
            for (final WriteRecord write : writes) {
                if (write.getType() == WriteRecord.Type.PUT_STATE) {
                    stub.putState(write.getKey(), write.getValue().toByteArray());
                } else {
                    stub.delState(write.getKey());
                }
            }
        } else {
            for (int from = 0; from < writes.size(); from += MAX_WRITES) {
                peer.get().request(ChaincodeMessage.Type.WRITE_BATCH_STATE, WriteBatchState.newBuilder()
                        .addAllRec(writes.subList(from, Math.min(writes.size(), from + MAX_WRITES))).build()
                        .toByteString());
            }
        }
        if (!writes.isEmpty()) {
            writes.clear();
            final AtomicInteger holding = UNFLUSHED.get(stub);
            if (holding != null) {
                holding.decrementAndGet();
            }
        }
    }

    /** Counts this instance as holding writes of its transaction, on its first held write since the last flush. */
    private void held() {
        if (writes.isEmpty()) {
            UNFLUSHED.computeIfAbsent(stub, transaction -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * Fails a transaction that ends with writes held and never flushed, which would otherwise be lost without a sign;
     * a contract's {@code afterTransaction} asks this.
     *
     * @param stub the transaction's stub
     * @throws IllegalStateException when an instance of this transaction still holds writes
     */
    public static void requireFlushed(final ChaincodeStub stub) {
        final AtomicInteger holding = UNFLUSHED.remove(stub);
        if (holding != null && holding.get() > 0) {
            throw new IllegalStateException("transaction " + stub.getTxId() + " ended with writes never sent to the"
                    + " peer; nothing was written");
        }
    }

    private static byte[] present(final byte[] value) {
        return value == null || value.length == 0 ? null : value;
    }

    private static void requireKey(final String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a world state key must not be empty");
        }
    }

    /**
     * The shim's request channel of a transaction: its stub implementation's task and the task's request method,
     * found once per process. Absent when the shim on the classpath is not built that way, or when turned off.
     */
    static final class ShimRequests {

        private static final String STUB_CLASS = "org.hyperledger.fabric.shim.impl.InvocationStubImpl";
        private static final String TASK_CLASS = "org.hyperledger.fabric.shim.impl.ChaincodeInvocationTask";

        private final Class<?> stubClass;
        private final MethodHandle task;
        private final MethodHandle request;

        private ShimRequests(final Class<?> stubClass, final MethodHandle task, final MethodHandle request) {
            this.stubClass = stubClass;
            this.task = task;
            this.request = request;
        }

        /** One transaction's channel to its peer. */
        interface Channel {
            /** Sends a message of this type for the transaction and returns the payload of the peer's answer. */
            ByteString request(ChaincodeMessage.Type type, ByteString payload);
        }

        /** The per-key fallback everywhere. */
        static ShimRequests none() {
            return new ShimRequests(null, null, null);
        }

        static ShimRequests find(final Map<String, String> env) {
            if ("false".equalsIgnoreCase(env.getOrDefault(SWITCH, "true").strip())) {
                LOG.info(() -> SWITCH + "=false: world state keys are read and written one message at a time");
                return none();
            }
            try {
                final Class<?> stubClass = Class.forName(STUB_CLASS);
                final Class<?> taskClass = Class.forName(TASK_CLASS);
                final var stubField = stubClass.getDeclaredField("handler");
                stubField.setAccessible(true);
                final var invoke = taskClass.getDeclaredMethod("invoke", ChaincodeMessage.class);
                invoke.setAccessible(true);
                final MethodHandles.Lookup lookup = MethodHandles.lookup();
                final MethodHandle task = lookup.unreflectGetter(stubField).asType(MethodType.methodType(Object.class,
                        Object.class));
                final MethodHandle request = lookup.unreflect(invoke).asType(MethodType.methodType(ByteString.class,
                        Object.class, ChaincodeMessage.class));
                return new ShimRequests(stubClass, task, request);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warning(() -> "the shim on the classpath offers no request channel (" + e
                        + "); world state keys are read and written one message at a time");
                return none();
            }
        }

        /** @return whether batched messages can be sent at all */
        boolean available() {
            return stubClass != null;
        }

        Optional<Channel> channel(final ChaincodeStub stub) {
            if (stubClass == null || !stubClass.isInstance(stub)) {
                return Optional.empty();
            }
            final Object transaction;
            try {
                transaction = task.invokeExact((Object) stub);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot reach the shim's request channel", e);
            }
            final String txId = stub.getTxId();
            final String channelId = stub.getChannelId();
            return Optional.of((type, payload) -> {
                final ChaincodeMessage message = ChaincodeMessage.newBuilder().setType(type).setTxid(txId)
                        .setChannelId(channelId).setPayload(payload).build();
                try {
                    return (ByteString) request.invokeExact(transaction, message);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(type + " failed", e);
                }
            });
        }
    }
}
