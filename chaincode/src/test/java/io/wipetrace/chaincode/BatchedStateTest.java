package io.wipetrace.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage.Type;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ResponseUtils;
import org.hyperledger.fabric.shim.impl.ChaincodeInvocationTask;
import org.hyperledger.fabric.traces.Traces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedState} on the shim's own transaction task, against a peer that answers as a Fabric 3.1 peer does:
 * which messages reach the peer, and what the peer's world state holds afterwards.
 */
class BatchedStateTest {

    /** A peer's side of one chaincode stream: its world state and every message the chaincode sent it. */
    private static final class Peer {
        final Map<String, byte[]> state = new TreeMap<>();
        final List<ChaincodeMessage> received = new ArrayList<>();
        boolean refuse;
        boolean loseValues;

        /** Runs {@code body} as one transaction on the shim's task; returns the task's final message. */
        ChaincodeMessage transact(final Consumer<ChaincodeStub> body) {
            final ChaincodeMessage start = ChaincodeMessage.newBuilder().setType(Type.TRANSACTION).setTxid("tx1")
                    .setChannelId("wipetrace")
                    .setPayload(ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8("f")).build()
                            .toByteString())
                    .build();
            final ChaincodeMessage[] last = new ChaincodeMessage[1];
            final ChaincodeInvocationTask[] task = new ChaincodeInvocationTask[1];
            task[0] = new ChaincodeInvocationTask(start, Type.TRANSACTION, message -> {
                received.add(message);
                final ChaincodeMessage answer = answer(message);
                if (answer == null) {
                    last[0] = message;
                    return;
                }
                try {
                    task[0].postMessage(answer);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, new Chaincode() {
                @Override
                public Response init(final ChaincodeStub stub) {
                    return ResponseUtils.newSuccessResponse();
                }

                @Override
                public Response invoke(final ChaincodeStub stub) {
                    body.accept(stub);
                    return ResponseUtils.newSuccessResponse();
                }
            });
            task[0].call();
            return last[0];
        }

        private ChaincodeMessage answer(final ChaincodeMessage message) {
            final ChaincodeMessage.Builder answer = ChaincodeMessage.newBuilder().setType(Type.RESPONSE)
                    .setTxid(message.getTxid()).setChannelId(message.getChannelId());
            if (refuse && message.getType() != Type.COMPLETED && message.getType() != Type.ERROR) {
                return answer.setType(Type.ERROR).setPayload(ByteString.copyFromUtf8("refused")).build();
            }
            try {
                switch (message.getType()) {
                    case GET_STATE -> {
                        final byte[] value = state.get(GetState.parseFrom(message.getPayload()).getKey());
                        return answer.setPayload(value == null ? ByteString.EMPTY : ByteString.copyFrom(value))
                                .build();
                    }
                    case PUT_STATE -> {
                        final PutState put = PutState.parseFrom(message.getPayload());
                        state.put(put.getKey(), put.getValue().toByteArray());
                        return answer.build();
                    }
                    case GET_STATE_MULTIPLE -> {
                        final GetStateMultipleResult.Builder values = GetStateMultipleResult.newBuilder();
                        if (!loseValues) {
                            for (final String key : GetStateMultiple.parseFrom(message.getPayload()).getKeysList()) {
                                final byte[] value = state.get(key);
                                values.addValues(value == null ? ByteString.EMPTY : ByteString.copyFrom(value));
                            }
                        }
                        return answer.setPayload(values.build().toByteString()).build();
                    }
                    case WRITE_BATCH_STATE -> {
                        for (final WriteRecord write : WriteBatchState.parseFrom(message.getPayload()).getRecList()) {
                            if (write.getType() == WriteRecord.Type.PUT_STATE) {
                                state.put(write.getKey(), write.getValue().toByteArray());
                            } else {
                                state.remove(write.getKey());
                            }
                        }
                        return answer.build();
                    }
                    default -> {
                        return null;
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        List<Type> types() {
            return received.stream().map(ChaincodeMessage::getType).toList();
        }
    }

    private final Peer peer = new Peer();

    @BeforeAll
    static void tracesOff() {
        // The shim's task opens a span per transaction; with no settings, its provider does nothing.
        Traces.initialize(new Properties());
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void the_shim_on_the_classpath_offers_its_request_channel() {
        assertThat(BatchedState.ShimRequests.find(Map.of()).available()).isTrue();
        assertThat(BatchedState.ShimRequests.find(Map.of(BatchedState.SWITCH, "false")).available()).isFalse();
    }

    @Test
    void reads_many_keys_in_one_message_per_thousand_keys_in_the_order_asked() {
        for (int i = 0; i < 2500; i += 2) {
            peer.state.put("k" + i, bytes("v" + i));
        }
        final List<String> keys = new ArrayList<>();
        for (int i = 2499; i >= 0; i--) {
            keys.add("k" + i);
        }
        final List<byte[]> values = new ArrayList<>();

        final ChaincodeMessage end = peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub);
            assertThat(state.batched()).isTrue();
            values.addAll(state.getStates(keys));
        });

        assertThat(end.getType()).isEqualTo(Type.COMPLETED);
        assertThat(peer.types()).containsExactly(Type.GET_STATE_MULTIPLE, Type.GET_STATE_MULTIPLE,
                Type.GET_STATE_MULTIPLE, Type.COMPLETED);
        assertThat(peer.received.getFirst().getTxid()).isEqualTo("tx1");
        assertThat(peer.received.getFirst().getChannelId()).isEqualTo("wipetrace");
        assertThat(values).hasSize(2500);
        for (int i = 0; i < 2500; i++) {
            final int n = 2499 - i;
            if (n % 2 == 0) {
                assertThat(new String(values.get(i), UTF_8)).isEqualTo("v" + n);
            } else {
                assertThat(values.get(i)).isNull();
            }
        }
    }

    @Test
    void holds_writes_until_flushed_then_sends_them_in_order_a_message_per_thousand() {
        peer.state.put("gone", bytes("x"));

        peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub);
            for (int i = 0; i < 1500; i++) {
                state.put("k" + i, bytes("first"));
            }
            state.put("k7", bytes("second"));
            state.delete("gone");
            assertThat(state.pending()).isEqualTo(1502);
            assertThat(peer.received).isEmpty();
            state.flush();
            assertThat(state.pending()).isZero();
            state.flush();
        });

        assertThat(peer.types()).containsExactly(Type.WRITE_BATCH_STATE, Type.WRITE_BATCH_STATE, Type.COMPLETED);
        assertThat(peer.state).hasSize(1500).doesNotContainKey("gone");
        assertThat(new String(peer.state.get("k7"), UTF_8)).isEqualTo("second");
        assertThat(new String(peer.state.get("k1499"), UTF_8)).isEqualTo("first");
    }

    @Test
    void a_transaction_ending_with_writes_held_and_never_flushed_fails() {
        final ChaincodeMessage last = peer.transact(stub -> {
            final BatchedState flushed = new BatchedState(stub);
            final BatchedState forgotten = new BatchedState(stub);
            flushed.put("a", bytes("1"));
            flushed.flush();
            forgotten.put("b", bytes("2"));
            BatchedState.requireFlushed(stub);
        });

        assertThat(last.getType()).isEqualTo(Type.ERROR);
        assertThat(last.getPayload().toStringUtf8()).contains("ended with writes never sent to the peer");
    }

    @Test
    void a_transaction_that_flushed_every_write_passes_the_check() {
        final ChaincodeMessage last = peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub);
            state.put("a", bytes("1"));
            state.flush();
            state.delete("a");
            state.put("b", bytes("2"));
            state.flush();
            new BatchedState(stub).getState("b");
            BatchedState.requireFlushed(stub);
        });

        assertThat(last.getType()).isEqualTo(Type.COMPLETED);
        assertThat(peer.state).containsOnlyKeys("b");
    }

    @Test
    void prefetched_keys_are_read_in_one_message_and_never_again() throws InvalidProtocolBufferException {
        peer.state.put("org", bytes("o"));
        peer.state.put("device", bytes("d"));
        peer.state.put("other", bytes("x"));
        final List<byte[]> values = new ArrayList<>();

        peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub);
            state.prefetch(List.of("org", "site", "device"));
            assertThat(peer.types()).containsExactly(Type.GET_STATE_MULTIPLE);
            values.add(state.getState("org"));
            values.add(state.getState("site"));
            assertThat(peer.received).hasSize(1);
            // Only the key not prefetched goes to the peer.
            values.addAll(state.getStates(List.of("device", "other", "site")));
            // Another key is the stub's own read.
            values.add(state.getState("other"));
        });

        assertThat(peer.types()).containsExactly(Type.GET_STATE_MULTIPLE, Type.GET_STATE_MULTIPLE, Type.GET_STATE,
                Type.COMPLETED);
        assertThat(GetStateMultiple.parseFrom(peer.received.getFirst().getPayload()).getKeysList())
                .containsExactly("org", "site", "device");
        assertThat(GetStateMultiple.parseFrom(peer.received.get(1).getPayload()).getKeysList())
                .containsExactly("other");
        assertThat(values).extracting(value -> value == null ? null : new String(value, UTF_8))
                .containsExactly("o", null, "d", "x", null, "x");
    }

    @Test
    void switched_off_reads_and_writes_each_key_with_the_stubs_own_calls() {
        peer.state.put("a", bytes("1"));
        final List<byte[]> values = new ArrayList<>();

        peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub, BatchedState.ShimRequests.none());
            assertThat(state.batched()).isFalse();
            values.addAll(state.getStates(List.of("a", "b")));
            state.put("b", bytes("2"));
            state.put("c", bytes("3"));
            state.flush();
        });

        assertThat(peer.types()).containsExactly(Type.GET_STATE, Type.GET_STATE, Type.PUT_STATE, Type.PUT_STATE,
                Type.COMPLETED);
        assertThat(new String(values.get(0), UTF_8)).isEqualTo("1");
        assertThat(values.get(1)).isNull();
        assertThat(peer.state.keySet()).containsExactly("a", "b", "c");
    }

    @Test
    void a_peer_refusing_a_batch_fails_the_transaction() {
        peer.refuse = true;

        final ChaincodeMessage end = peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub);
            state.put("k", bytes("v"));
            state.flush();
        });

        assertThat(peer.types()).containsExactly(Type.WRITE_BATCH_STATE, Type.ERROR);
        assertThat(end.getType()).isEqualTo(Type.ERROR);
    }

    @Test
    void an_answer_without_a_value_per_key_fails_the_transaction() {
        peer.loseValues = true;
        final List<Throwable> failures = new ArrayList<>();

        peer.transact(stub -> {
            try {
                new BatchedState(stub).getStates(Arrays.asList("a", "b"));
            } catch (IllegalStateException e) {
                failures.add(e);
            }
        });

        assertThat(failures).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("the peer answered 0 values for 2 keys");
    }

    @Test
    void refuses_empty_keys_and_values_when_they_are_made_not_when_flushed() {
        peer.transact(stub -> {
            final BatchedState state = new BatchedState(stub);
            assertThatThrownBy(() -> state.put("", bytes("v"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> state.put("k", new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> state.delete(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> state.getStates(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class);
            assertThat(state.pending()).isZero();
        });

        assertThat(peer.types()).containsExactly(Type.COMPLETED);
    }
}
