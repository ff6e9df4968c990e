package io.wipetrace.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.gateway.crypto.Aead;
import io.wipetrace.proof.ledger.Identifiers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeyStoreTest {

    private static final String IMEI = "356938035643809";
    private static final byte[] PERSONAL = ("{\"imei\":\"" + IMEI + "\",\"contact\":\"138 0013 8000\"}")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private DeviceKeyStore store() {
        return new DeviceKeyStore(new PersonalDataProperties(dir.resolve("keys")));
    }

    @Test
    void seals_personal_data_that_only_the_devices_key_opens() {
        final DeviceKeyStore store = store();
        final DeviceKey key = store.findOrCreate("collector", "WT0000000000000001");
        final DeviceKey.Sealed sealed = key.seal("WT0000000000000001", PERSONAL);

        assertThat(sealed.alg()).isEqualTo("A256GCM");
        assertThat(sealed.keyId()).matches("[0-9a-f]{32}");
        assertThat(new String(java.util.Base64.getDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain(IMEI);
        assertThat(store.find("collector", "WT0000000000000001").orElseThrow().open("WT0000000000000001", sealed))
                .isEqualTo(PERSONAL);
        final DeviceKey other = store.findOrCreate("collector", "WT0000000000000002");
        assertThatThrownBy(() -> other.open("WT0000000000000001", sealed)).isInstanceOf(Aead.Unreadable.class);
        assertThatThrownBy(() -> key.open("WT0000000000000002", sealed)).isInstanceOf(Aead.Unreadable.class);
    }

    @Test
    void finds_the_same_key_again_across_restarts_so_a_retry_makes_the_same_commitment() {
        final String first = store().findOrCreate("collector", "WT0000000000000001").commitment(IMEI, null);

        assertThat(store().findOrCreate("collector", "WT0000000000000001").commitment(IMEI, null)).isEqualTo(first);
        assertThat(store().findOrCreate("processor", "WT0000000000000001").commitment(IMEI, null))
                .isNotEqualTo(first);
    }

    @Test
    void a_destroyed_key_is_gone_and_what_it_sealed_no_longer_opens() {
        final DeviceKeyStore store = store();
        final DeviceKey.Sealed sealed = store.findOrCreate("collector", "WT0000000000000001")
                .seal("WT0000000000000001", PERSONAL);

        assertThat(store.destroy("collector", "WT0000000000000001")).isTrue();

        assertThat(store.find("collector", "WT0000000000000001")).isEmpty();
        assertThat(dir.resolve("keys/collector/WT0000000000000001.key")).doesNotExist();
        assertThat(store.destroy("collector", "WT0000000000000001")).isFalse();
        // A new key for the same device (a new registration) does not open the old data either.
        final DeviceKey fresh = store.findOrCreate("collector", "WT0000000000000001");
        assertThatThrownBy(() -> fresh.open("WT0000000000000001", sealed)).isInstanceOf(Aead.Unreadable.class);
    }

    @Test
    void the_keyed_commitment_differs_from_the_unkeyed_hash_and_from_another_keys() throws Exception {
        final DeviceKey key = store().findOrCreate("collector", "WT0000000000000001");
        final String keyed = key.commitment(IMEI, "SN-1");
        final String unkeyed = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(CollectionIdentifiers.committedIdentifiers(IMEI, "SN-1").getBytes(StandardCharsets.UTF_8)));

        assertThat(keyed).matches("[0-9a-f]{64}").isNotEqualTo(unkeyed);
        assertThat(key.commitment(IMEI, "SN-1")).isEqualTo(keyed);
        assertThat(key.commitment(IMEI, "SN-2")).isNotEqualTo(keyed);
        assertThat(store().findOrCreate("collector", "WT0000000000000002").commitment(IMEI, "SN-1"))
                .isNotEqualTo(keyed);
    }

    @Test
    void keeps_the_master_key_and_every_device_key_readable_by_the_owner_only_and_never_in_clear() throws Exception {
        final DeviceKeyStore store = store();
        store.findOrCreate("collector", "WT0000000000000001");

        try (Stream<Path> files = Files.walk(dir.resolve("keys"))) {
            for (final Path path : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
            }
        }
        // The device's file is wrapped: 12 nonce + 48 (key ID and key) + 16 tag bytes, not the raw 48.
        assertThat(Files.size(dir.resolve("keys/collector/WT0000000000000001.key"))).isEqualTo(76);
        Files.write(dir.resolve("keys/master.key"), Aead.newKey());
        assertThatThrownBy(() -> store().find("collector", "WT0000000000000001")).isInstanceOf(Aead.Unreadable.class);
    }

    @Test
    void a_rotated_master_key_opens_every_device_key_and_the_old_master_key_is_gone() throws Exception {
        final DeviceKeyStore store = store();
        final DeviceKey.Sealed sealed = store.findOrCreate("collector", "WT0000000000000001")
                .seal("WT0000000000000001", PERSONAL);
        store.findOrCreate("processor", "WT0000000000000002");
        // The longest device ID there is: its file name (with ".key") is longer than the ID.
        final String longest = "WT" + "0".repeat(62);
        final DeviceKey.Sealed sealedLongest = store.findOrCreate("collector", longest).seal(longest, PERSONAL);
        final byte[] oldMaster = Files.readAllBytes(dir.resolve("keys/master.key"));
        final byte[] oldWrapped = Files.readAllBytes(dir.resolve("keys/collector/WT0000000000000001.key"));

        final DeviceKeyStore.Rotation rotation = store.rotateMaster();

        assertThat(rotation.rewrapped()).isEqualTo(3);
        assertThat(rotation.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(Files.readAllBytes(dir.resolve("keys/master.key"))).hasSize(32).isNotEqualTo(oldMaster);
        assertThat(dir.resolve("keys/master.key.next")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("keys/collector/WT0000000000000001.key"))).isNotEqualTo(oldWrapped);
        // The same data keys, now under the new master key: for this store and for a fresh one (a restart).
        assertThat(store.find("collector", "WT0000000000000001").orElseThrow().open("WT0000000000000001", sealed))
                .isEqualTo(PERSONAL);
        assertThat(store().find("collector", "WT0000000000000001").orElseThrow().open("WT0000000000000001", sealed))
                .isEqualTo(PERSONAL);
        assertThat(store().find("collector", longest).orElseThrow().open(longest, sealedLongest)).isEqualTo(PERSONAL);
        // The old master key no longer opens anything the store holds.
        assertThatThrownBy(() -> Aead.open(oldMaster, "wipetrace.device-key.v1|collector|WT0000000000000001"
                .getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve(
                        "keys/collector/WT0000000000000001.key")))).isInstanceOf(Aead.Unreadable.class);
        assertThat(store.rotateMaster().fingerprint()).isNotEqualTo(rotation.fingerprint());
        try (Stream<Path> files = Files.walk(dir.resolve("keys"))) {
            assertThat(files.filter(Files::isRegularFile)
                    .map(path -> PosixFilePermissions.toString(uncheckedPermissions(path)))).containsOnly("rw-------");
        }
    }

    @Test
    void a_rotation_cut_short_is_finished_by_the_next_start_and_every_key_opens_meanwhile() throws Exception {
        final DeviceKeyStore store = store();
        final DeviceKey.Sealed first = store.findOrCreate("collector", "WT0000000000000001")
                .seal("WT0000000000000001", PERSONAL);
        final DeviceKey.Sealed second = store.findOrCreate("collector", "WT0000000000000002")
                .seal("WT0000000000000002", PERSONAL);
        final byte[] oldMaster = Files.readAllBytes(dir.resolve("keys/master.key"));
        // A crash after the new key was written and the first device's file wrapped again under it.
        final byte[] next = Aead.newKey();
        Files.write(dir.resolve("keys/master.key.next"), next);
        final byte[] aad = "wipetrace.device-key.v1|collector|WT0000000000000001".getBytes(StandardCharsets.UTF_8);
        final Path firstFile = dir.resolve("keys/collector/WT0000000000000001.key");
        Files.write(firstFile, Aead.seal(next, aad, Aead.open(oldMaster, aad, Files.readAllBytes(firstFile))));

        final DeviceKeyStore restarted = store();

        assertThat(restarted.find("collector", "WT0000000000000001").orElseThrow().open("WT0000000000000001", first))
                .isEqualTo(PERSONAL);
        assertThat(restarted.find("collector", "WT0000000000000002").orElseThrow().open("WT0000000000000002", second))
                .isEqualTo(PERSONAL);
        assertThat(Files.readAllBytes(dir.resolve("keys/master.key"))).isEqualTo(next);
        assertThat(dir.resolve("keys/master.key.next")).doesNotExist();
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(final Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void keeps_a_key_for_every_device_id_the_api_accepts_a_leading_underscore_or_hyphen_included() {
        final DeviceKeyStore store = store();
        final List<String> deviceIds = List.of("_main_CX3MzYRcUz4C0PN8", "-leading-hyphen-01", "WT01M97CDPQRJVHV3A3PB2");
        for (final String deviceId : deviceIds) {
            assertThat(deviceId).matches(Identifiers.DEVICE_ID);
            assertThat(store.destroy("collector", deviceId)).isFalse();
            final DeviceKey.Sealed sealed = store.findOrCreate("collector", deviceId).seal(deviceId, PERSONAL);
            assertThat(store.find("collector", deviceId).orElseThrow().open(deviceId, sealed)).isEqualTo(PERSONAL);
            assertThat(store.destroy("collector", deviceId)).isTrue();
            assertThat(store.find("collector", deviceId)).isEmpty();
        }
    }

    @Test
    void refuses_names_that_would_leave_the_store() {
        assertThatThrownBy(() -> store().findOrCreate("../collector", "WT0000000000000001"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().destroy("collector", "../../master"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
