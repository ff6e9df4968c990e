package io.wipetrace.gateway.projection;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;

/**
 * Turns one valid transaction envelope into what the projection stores: the transaction itself and, for the
 * projected chaincode, its chaincode event and the domain events that event carries (a registry change is one such
 * event, without a device).
 *
 * <p>Only endorser transactions are projected; configuration transactions (the genesis block, channel updates) are
 * not. The caller passes valid transactions only: an invalid one changed nothing on the ledger, so it must not
 * appear in the projection either.
 */
final class TransactionProcessor {

    /** The name of the chaincode event whose payload is {@code {"events":[{"eventId","deviceId","type",…}]}}. */
    public static final String WIPETRACE_EVENTS = "wipetrace.events";

    /**
     * The name of the registry's chaincode event, {@code {"change","organisation"|"site"|"station":{…},"txId",
     * "txTimestamp"}}: projected as one ledger event of type {@code change}, with no device, so that it is anchored.
     */
    public static final String WIPETRACE_REGISTRY = "wipetrace.registry";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final String chaincode;

    /**
     * A processor for one chaincode's events.
     *
     * @param chaincode the chaincode whose events are projected, as committed on the channel
     */
    public TransactionProcessor(final String chaincode) {
        this.chaincode = chaincode;
    }

    /**
     * Projects one valid transaction.
     *
     * @param blockNumber the block that holds the envelope
     * @param txIndex the envelope's position in the block
     * @param envelope the transaction envelope
     * @return the transaction's rows, or empty for a transaction that is not an endorser transaction
     * @throws ProjectionException if the envelope is malformed or a {@value #WIPETRACE_EVENTS} payload breaks its
     *     contract
     */
    public Optional<ProjectedTransaction> process(final long blockNumber, final int txIndex, final Envelope envelope) {
        try {
            final Payload payload = Payload.parseFrom(envelope.getPayload());
            final ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (channelHeader.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                return Optional.empty();
            }
            final SignatureHeader signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
            final String creatorMspId = SerializedIdentity.parseFrom(signatureHeader.getCreator()).getMspid();

            final Transaction transaction = Transaction.parseFrom(payload.getData());
            if (transaction.getActionsCount() == 0) {
                throw new ProjectionException(where(blockNumber, txIndex) + " is an endorser transaction without actions");
            }
            // Clients (the Fabric Gateway among them) put exactly one chaincode action in a transaction.
            final ChaincodeAction action = chaincodeAction(transaction.getActions(0).getPayload());
            final String invoked = action.getChaincodeId().getName();

            String eventName = null;
            byte[] eventPayload = null;
            List<LedgerEvent> events = List.of();
            if (invoked.equals(chaincode) && !action.getEvents().isEmpty()) {
                final ChaincodeEvent event = ChaincodeEvent.parseFrom(action.getEvents());
                if (!event.getEventName().isEmpty()) {
                    eventName = event.getEventName();
                    eventPayload = event.getPayload().toByteArray();
                    if (WIPETRACE_EVENTS.equals(eventName)) {
                        events = domainEvents(blockNumber, channelHeader.getTxId(), txIndex, event.getPayload());
                    } else if (WIPETRACE_REGISTRY.equals(eventName)) {
                        events = List.of(registryEvent(blockNumber, channelHeader.getTxId(), txIndex,
                                event.getPayload()));
                    }
                }
            }
            return Optional.of(new ProjectedTransaction(
                    channelHeader.getTxId(),
                    blockNumber,
                    txIndex,
                    invoked,
                    creatorMspId,
                    instant(channelHeader.getTimestamp()),
                    eventName,
                    eventPayload,
                    events));
        } catch (InvalidProtocolBufferException e) {
            throw new ProjectionException(where(blockNumber, txIndex) + " is not a well-formed transaction", e);
        }
    }

    private static ChaincodeAction chaincodeAction(final ByteString actionPayload)
            throws InvalidProtocolBufferException {
        final ChaincodeActionPayload chaincodeActionPayload = ChaincodeActionPayload.parseFrom(actionPayload);
        final ProposalResponsePayload response =
                ProposalResponsePayload.parseFrom(chaincodeActionPayload.getAction().getProposalResponsePayload());
        return ChaincodeAction.parseFrom(response.getExtension());
    }

    /**
     * A registry change as one ledger event: ID {@code <txId>:0}, no device, type = its {@code change}, payload = the
     * chaincode event's payload exactly (its canonical form is what the anchor's leaf commits to).
     */
    private static LedgerEvent registryEvent(
            final long blockNumber, final String txId, final int txIndex, final ByteString payload) {
        final String where = where(blockNumber, txIndex) + ": the " + WIPETRACE_REGISTRY + " payload";
        final JsonNode root = json(payload, where);
        if (root == null || !root.isObject()) {
            throw new ProjectionException(where + " is not a JSON object");
        }
        final JsonNode change = root.get("change");
        if (change == null || !change.isTextual() || change.asText().isBlank()) {
            throw new ProjectionException(where + " lacks a string \"change\"");
        }
        return new LedgerEvent(txId + ":0", null, change.asText(), blockNumber, txId, txIndex, 0,
                payload.toStringUtf8());
    }

    private static JsonNode json(final ByteString payload, final String where) {
        try {
            return JSON.readTree(payload.toByteArray());
        } catch (JacksonException e) {
            throw new ProjectionException(where + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProjectionException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The elements of {@code {"events":[…]}}; each needs a string eventId and type, and deviceId when present. */
    private static List<LedgerEvent> domainEvents(
            final long blockNumber, final String txId, final int txIndex, final ByteString payload) {
        final String where = where(blockNumber, txIndex) + ": the " + WIPETRACE_EVENTS + " payload";
        final JsonNode root = json(payload, where);
        final JsonNode array = root == null ? null : root.get("events");
        if (array == null || !array.isArray()) {
            throw new ProjectionException(where + " has no \"events\" array");
        }
        final List<LedgerEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            final JsonNode element = array.get(i);
            if (!element.isObject()) {
                throw new ProjectionException(where + " has a non-object at events[" + i + "]");
            }
            final String eventId = requiredText(element, "eventId", where, i);
            final String type = requiredText(element, "type", where, i);
            final JsonNode device = element.get("deviceId");
            if (device != null && !device.isNull() && !device.isTextual()) {
                throw new ProjectionException(where + " has a deviceId that is not a string at events[" + i + "]");
            }
            final String deviceId = device == null || device.isNull() ? null : device.asText();
            events.add(new LedgerEvent(eventId, deviceId, type, blockNumber, txId, txIndex, i, element.toString()));
        }
        return events;
    }

    private static String requiredText(final JsonNode element, final String field, final String where, final int i) {
        final JsonNode value = element.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ProjectionException(where + " lacks a string \"" + field + "\" at events[" + i + "]");
        }
        return value.asText();
    }

    private static Instant instant(final Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static String where(final long blockNumber, final int txIndex) {
        return "block " + blockNumber + " transaction " + txIndex;
    }
}
