package io.wipetrace.chaincode.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wipetrace.proof.ledger.LedgerError;
import java.lang.reflect.Method;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

class FoundationContractTest {

    private static final String TX_ID = "6f1c0e2a-tx";

    private final FoundationContract contract = new FoundationContract();
    private final ChaincodeStub stub = mock(ChaincodeStub.class);
    private final Context ctx = mock(Context.class);

    @BeforeEach
    void wireStub() {
        when(ctx.getStub()).thenReturn(stub);
        when(stub.getTxId()).thenReturn(TX_ID);
        when(stub.createCompositeKey(anyString(), any(String[].class)))
                .thenAnswer(call -> new CompositeKey(call.getArgument(0), call.<String>getArgument(1)));
    }

    private static String ledgerKey(final String key) {
        return "\u0000foundation.value\u0000" + key + "\u0000";
    }

    private static void assertRejectedWith(final ThrowingCallable call, final LedgerError code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChaincodeException.class, e -> {
            assertThat(new String(e.getPayload(), UTF_8)).isEqualTo(code.name());
            assertThat(e.getMessage()).startsWith(code.name() + ": ");
        });
    }

    @Nested
    class PutValue {

        @Test
        void whenKeyAndValueAreValid_storesTheValueUnderTheCompositeKey() {
            contract.PutValue(ctx, "device-1.A_b", "wiped");

            verify(stub).putState(ledgerKey("device-1.A_b"), "wiped".getBytes(UTF_8));
        }

        @Test
        void whenKeyAndValueAreValid_emitsValuePutWithCanonicalJson() {
            contract.PutValue(ctx, "k1", "清除 \"done\"");

            final ArgumentCaptor<byte[]> payload = ArgumentCaptor.forClass(byte[].class);
            verify(stub).setEvent(eq("ValuePut"), payload.capture());
            assertThat(new String(payload.getValue(), UTF_8))
                    .isEqualTo("{\"key\":\"k1\",\"txId\":\"" + TX_ID + "\",\"value\":\"清除 \\\"done\\\"\"}");
        }

        @Test
        void whenKeyHasTheMaximumLength_storesTheValue() {
            final String key = "k".repeat(64);

            contract.PutValue(ctx, key, "v");

            verify(stub).putState(ledgerKey(key), "v".getBytes(UTF_8));
        }

        @Test
        void whenValueHasTheMaximumLength_storesTheValue() {
            final String value = "x".repeat(4096);

            contract.PutValue(ctx, "k", value);

            verify(stub).putState(ledgerKey("k"), value.getBytes(UTF_8));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"has space", "slash/in", "colon:in", "ünïcode", "\u0000nul"})
        void whenKeyIsMalformed_rejectsWithInvalidKey(final String key) {
            assertRejectedWith(() -> contract.PutValue(ctx, key, "v"), LedgerError.INVALID_KEY);

            verify(stub, never()).putState(anyString(), any());
            verify(stub, never()).setEvent(anyString(), any());
        }

        @Test
        void whenKeyIsLongerThan64Characters_rejectsWithInvalidKey() {
            assertRejectedWith(() -> contract.PutValue(ctx, "k".repeat(65), "v"), LedgerError.INVALID_KEY);

            verify(stub, never()).putState(anyString(), any());
        }

        @ParameterizedTest
        @NullAndEmptySource
        void whenValueIsMissing_rejectsWithInvalidValue(final String value) {
            assertRejectedWith(() -> contract.PutValue(ctx, "k", value), LedgerError.INVALID_VALUE);

            verify(stub, never()).putState(anyString(), any());
            verify(stub, never()).setEvent(anyString(), any());
        }

        @Test
        void whenValueIsLongerThan4096Characters_rejectsWithInvalidValue() {
            assertRejectedWith(() -> contract.PutValue(ctx, "k", "x".repeat(4097)), LedgerError.INVALID_VALUE);

            verify(stub, never()).putState(anyString(), any());
        }

        @Test
        void is_a_submit_transaction() throws NoSuchMethodException {
            final Method put =
                    FoundationContract.class.getMethod("PutValue", Context.class, String.class, String.class);

            assertThat(put.getAnnotation(Transaction.class).intent()).isEqualTo(Transaction.TYPE.SUBMIT);
        }
    }

    @Nested
    class GetValue {

        @Test
        void whenAValueIsStored_returnsIt() {
            when(stub.getState(ledgerKey("k1"))).thenReturn("清除".getBytes(UTF_8));

            assertThat(contract.GetValue(ctx, "k1")).isEqualTo("清除");
        }

        @Test
        void whenNothingIsStored_rejectsWithValueNotFound() {
            when(stub.getState(ledgerKey("absent"))).thenReturn(new byte[0]);

            assertRejectedWith(() -> contract.GetValue(ctx, "absent"), LedgerError.VALUE_NOT_FOUND);
        }

        @Test
        void whenTheStubReturnsNull_rejectsWithValueNotFound() {
            when(stub.getState(ledgerKey("absent"))).thenReturn(null);

            assertRejectedWith(() -> contract.GetValue(ctx, "absent"), LedgerError.VALUE_NOT_FOUND);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"has space", "slash/in"})
        void whenKeyIsMalformed_rejectsWithInvalidKey(final String key) {
            assertRejectedWith(() -> contract.GetValue(ctx, key), LedgerError.INVALID_KEY);

            verify(stub, never()).getState(anyString());
        }

        @Test
        void whenKeyIsLongerThan64Characters_rejectsWithInvalidKey() {
            assertRejectedWith(() -> contract.GetValue(ctx, "k".repeat(65)), LedgerError.INVALID_KEY);

            verify(stub, never()).getState(anyString());
        }

        @Test
        void is_an_evaluate_transaction() throws NoSuchMethodException {
            final Method get = FoundationContract.class.getMethod("GetValue", Context.class, String.class);

            assertThat(get.getAnnotation(Transaction.class).intent()).isEqualTo(Transaction.TYPE.EVALUATE);
        }
    }
}
