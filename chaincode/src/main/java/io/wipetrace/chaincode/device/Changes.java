package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The device changes and events of one transaction, collected while validating and written together at the end: the
 * devices (with their custody index) and one event per device change under the device's next sequence, and the one
 * chaincode event.
 *
 * <p>A {@link FreeText} in an event's details is written as a text commitment. Its salt must be the same in every
 * endorsing peer, unknown to whoever holds only public proof bundles, and new for every text: it is an HMAC-SHA256,
 * keyed with the proposal's binding (Fabric's hash over the client's random nonce, its identity and the epoch, which
 * only channel members can read in the transaction), of the device ID and the member's path in the details.
 */
final class Changes {

    private static final byte[] EVENT_PAYLOAD_HEAD = "{\"events\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT_PAYLOAD_TAIL = "]}".getBytes(StandardCharsets.UTF_8);

    private final ChaincodeStub stub;
    private final DeviceStore store;
    private final String actorMspId;
    private final String now;
    private final List<Device> befores = new ArrayList<>();
    private final List<Device> afters = new ArrayList<>();
    private final List<EventRecord> events = new ArrayList<>();
    /** Each event's canonical JSON, as hashed and as written. */
    private final List<byte[]> eventBytes = new ArrayList<>();
    private final Set<String> changed = new HashSet<>();
    /** The HMAC of this transaction's text salts, made on first use: one per transaction, not one per text. */
    private Mac salts;

    Changes(final ChaincodeStub stub, final DeviceStore store, final String actorMspId) {
        this.stub = stub;
        this.store = store;
        this.actorMspId = actorMspId;
        this.now = stub.getTxTimestamp().toString();
    }

    String now() {
        return now;
    }

    String txId() {
        return stub.getTxId();
    }

    /** @return the ID the next recorded event will get */
    String nextEventId() {
        return stub.getTxId() + ":" + events.size();
    }

    /**
     * Records a new device and its first event.
     *
     * @param created the device, with event count 1
     * @param type the event type
     * @param details the event's details
     * @return the device as it will be stored, and its event
     */
    Change create(final Device created, final EventType type, final Map<String, Object> details) {
        return add(null, created, type, created.siteId(), details);
    }

    /**
     * Records a change of a stored device and its event.
     *
     * @param before the stored device
     * @param next the device's next version
     * @param type the event type
     * @param siteId where it happened, or null
     * @param details the event's details
     * @return the device's new version and its event
     */
    Change change(
            final Device before,
            final Device.Builder next,
            final EventType type,
            final String siteId,
            final Map<String, Object> details) {
        return add(before, next.build(before.eventCount() + 1, now), type, siteId, details);
    }

    /**
     * A device's new version and the event recording the change.
     *
     * @param device the new version
     * @param event the event
     */
    record Change(Device device, EventRecord event) {}

    /**
     * Writes every recorded change and emits the transaction's chaincode event; sends the store's writes, these and
     * any made through it before (a handover, a lot, a report, a receipt index entry), to the peer together.
     */
    void commit() {
        for (int i = 0; i < afters.size(); i++) {
            store.putDevice(befores.get(i), afters.get(i));
            store.putEvent(events.get(i), eventBytes.get(i));
        }
        stub.setEvent(DeviceContract.EVENT_NAME, eventPayload());
        store.flush();
    }

    /**
     * The chaincode event's payload, {@code {"events":[...]}}: each event's canonical JSON as written, joined, instead
     * of writing every event a second time. Canonical JSON writes a list as its elements' canonical forms between
     * brackets, so the bytes are those of {@code LedgerJson.toBytes(Map.of("events", events))}, which assertions check.
     */
    private byte[] eventPayload() {
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(EVENT_PAYLOAD_HEAD);
        for (int i = 0; i < eventBytes.size(); i++) {
            if (i > 0) {
                payload.write(',');
            }
            payload.writeBytes(eventBytes.get(i));
        }
        payload.writeBytes(EVENT_PAYLOAD_TAIL);
        final byte[] bytes = payload.toByteArray();
        assert Arrays.equals(bytes, LedgerJson.toBytes(Map.of("events", events)))
                : "the joined event payload differs from the events written as one value";
        return bytes;
    }

    /**
     * Event details: the given members in name order, those with null values left out.
     *
     * @param namesAndValues name, value, name, value…
     * @return the details
     */
    static Map<String, Object> details(final Object... namesAndValues) {
        final SortedMap<String, Object> details = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                details.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return Collections.unmodifiableSortedMap(details);
    }

    private Change add(
            final Device before,
            final Device built,
            final EventType type,
            final String siteId,
            final Map<String, Object> details) {
        if (!changed.add(built.deviceId())) {
            // Fabric does not let a transaction read its own writes; a second change would be built on stale data.
            throw new IllegalStateException("device " + built.deviceId() + " changed twice in one transaction");
        }
        final long sequence = built.eventCount() - 1;
        final Map<String, Object> written = committed(built.deviceId(), "", details);
        final EventRecord event = new EventRecord(
                nextEventId(),
                stub.getTxId(),
                sequence,
                built.deviceId(),
                type,
                actorMspId,
                siteId,
                now,
                before == null ? null : before.state(),
                built.state(),
                built.custodianMspId(),
                written,
                before == null ? null : previousEventHash(before));
        final byte[] stored = LedgerJson.toBytes(event);
        final Device after = built.withLastEventHash(hash(event, stored));
        befores.add(before);
        afters.add(after);
        events.add(event);
        eventBytes.add(stored);
        return new Change(after, event);
    }

    /**
     * The hash the device's next event names: the one the device keeps, or, for a device written before it kept one,
     * its latest event's, read and hashed.
     */
    private String previousEventHash(final Device before) {
        return before.lastEventHash() != null
                ? before.lastEventHash()
                : store.eventHash(before.deviceId(), before.eventCount() - 1);
    }

    /**
     * An event's hash: hex SHA-256 of the canonical JSON of its public form (hash rule 6), what the device's next
     * event names. An event without text commitments is its own public form, so the hash is that of its stored bytes;
     * for one with commitments the public form is written too, each commitment reduced to its {@code sha256}.
     *
     * @param event the event
     * @param stored its canonical JSON, as written
     * @return 64 hex digits
     */
    static String hash(final EventRecord event, final byte[] stored) {
        final byte[] publicForm = holdsCommitment(event.details()) ? LedgerJson.toBytes(publicForm(event)) : stored;
        final String hash = Sha256.hex(publicForm);
        assert hash.equals(PublicForm.eventHash(LedgerJson.readTree(stored)))
                : "an event's hash differs from that of its public form read back";
        return hash;
    }

    private static EventRecord publicForm(final EventRecord event) {
        @SuppressWarnings("unchecked")
        final Map<String, Object> details = (Map<String, Object>) publicValue(event.details());
        return new EventRecord(event.eventId(), event.txId(), event.sequence(), event.deviceId(), event.type(),
                event.actorMspId(), event.siteId(), event.txTimestamp(), event.previousState(), event.state(),
                event.custodianMspId(), details, event.previousEventHash());
    }

    /** Whether a value of event details holds a text commitment, at any depth. */
    private static boolean holdsCommitment(final Object value) {
        if (value instanceof TextCommitment) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(Changes::holdsCommitment);
        }
        return value instanceof List<?> list && list.stream().anyMatch(Changes::holdsCommitment);
    }

    /** A value of event details with every text commitment reduced to its {@code sha256}. */
    private static Object publicValue(final Object value) {
        if (value instanceof TextCommitment commitment) {
            return Map.of("sha256", commitment.sha256());
        }
        if (value instanceof Map<?, ?> map) {
            final SortedMap<String, Object> reduced = new TreeMap<>();
            map.forEach((name, member) -> reduced.put((String) name, publicValue(member)));
            return Collections.unmodifiableSortedMap(reduced);
        }
        if (value instanceof List<?> list) {
            final List<Object> reduced = new ArrayList<>(list.size());
            list.forEach(element -> reduced.add(publicValue(element)));
            return Collections.unmodifiableList(reduced);
        }
        return value;
    }

    /**
     * A text commitment as the ledger holds it (docs/proof-bundle.md): written as the object {@code {"salt","sha256",
     * "text"}}, its members in name order like every record's.
     *
     * @param salt the salt, 64 hex digits
     * @param sha256 the commitment, hex SHA-256 of the salt's bytes and the text's UTF-8
     * @param text the text
     */
    record TextCommitment(String salt, String sha256, String text) {}

    /** The details with every {@link FreeText}, at any depth of maps, turned into a text commitment. */
    private Map<String, Object> committed(final String deviceId, final String path, final Map<String, Object> details) {
        final SortedMap<String, Object> written = new TreeMap<>();
        details.forEach((name, value) -> written.put(name, committedValue(deviceId, path + "/" + name, value)));
        return Collections.unmodifiableSortedMap(written);
    }

    @SuppressWarnings("unchecked")
    private Object committedValue(final String deviceId, final String path, final Object value) {
        if (value instanceof FreeText text) {
            final byte[] salt = salt(deviceId, path);
            return new TextCommitment(HexFormat.of().formatHex(salt), PublicForm.commitment(salt, text.text()),
                    text.text());
        }
        if (value instanceof Map<?, ?> map) {
            return committed(deviceId, path, (Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            final List<Object> elements = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                elements.add(committedValue(deviceId, path + "/" + i, list.get(i)));
            }
            return Collections.unmodifiableList(elements);
        }
        return value;
    }

    private byte[] salt(final String deviceId, final String path) {
        if (salts == null) {
            try {
                salts = Mac.getInstance("HmacSHA256");
                salts.init(new SecretKeySpec(stub.getBinding(), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
            }
        }
        // doFinal leaves the Mac ready for the next text, keyed as before.
        return salts.doFinal(("wipetrace.text.v1|" + deviceId + "|" + path).getBytes(StandardCharsets.UTF_8));
    }
}
