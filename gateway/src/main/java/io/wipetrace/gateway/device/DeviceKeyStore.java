package io.wipetrace.gateway.device;

import io.wipetrace.gateway.crypto.Aead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The collecting organisations' key store: one AES-256 data key per organisation and device, in its own file, wrapped
 * (AES-256-GCM) under the store's master key, all files mode 600 in directories mode 700. Keys never reach PostgreSQL
 * or the ledger. {@link #destroy} overwrites and deletes the device's file: from then on its sealed personal data and
 * its keyed identifier commitment can be opened or tested by nobody, whatever copies of them files still hold.
 */
@Component
public class DeviceKeyStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int KEY_ID_BYTES = 16;
    private static final String MASTER = "master.key";

    private final Path dir;
    private byte[] master;

    DeviceKeyStore(final PersonalDataProperties properties) {
        this.dir = properties.keyDir().toAbsolutePath();
    }

    /**
     * The device's key, created on first use (a retry of the same registration finds the same key).
     *
     * @param organisation the collecting organisation's key, e.g. {@code collector}
     * @param deviceId the device
     * @return its key
     */
    public DeviceKey findOrCreate(final String organisation, final String deviceId) {
        final Optional<DeviceKey> found = find(organisation, deviceId);
        if (found.isPresent()) {
            return found.get();
        }
        final byte[] wrapping = master();
        final byte[] plain = ByteBuffer.allocate(KEY_ID_BYTES + Aead.KEY_BYTES)
                .put(Arrays.copyOf(Aead.newKey(), KEY_ID_BYTES)).put(Aead.newKey()).array();
        final Path file = file(organisation, deviceId);
        try {
            privateDirectory(file.getParent());
            final Path temporary = Files.createTempFile(file.getParent(), ".new-", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                write(temporary, Aead.seal(wrapping, aad(organisation, deviceId), plain));
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // A concurrent attempt created it first: use that one.
            } finally {
                Files.deleteIfExists(temporary);
                Arrays.fill(plain, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the device's data key", e);
        }
        return find(organisation, deviceId).orElseThrow();
    }

    /**
     * @param organisation the collecting organisation's key
     * @param deviceId the device
     * @return its key, or empty if it never had one or it was destroyed
     */
    public Optional<DeviceKey> find(final String organisation, final String deviceId) {
        final byte[] wrapped;
        try {
            wrapped = Files.readAllBytes(file(organisation, deviceId));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the device's data key", e);
        }
        final byte[] plain = Aead.open(master(), aad(organisation, deviceId), wrapped);
        try {
            return Optional.of(new DeviceKey(HexFormat.of().formatHex(plain, 0, KEY_ID_BYTES),
                    Arrays.copyOfRange(plain, KEY_ID_BYTES, plain.length)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Destroys the device's key: its file is overwritten with zeros, synced and deleted, and the directory synced.
     *
     * @param organisation the collecting organisation's key
     * @param deviceId the device
     * @return whether there was a key
     */
    public boolean destroy(final String organisation, final String deviceId) {
        final Path file = file(organisation, deviceId);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) channel.size()), 0);
            channel.force(true);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot overwrite the device's data key", e);
        }
        try {
            Files.delete(file);
            syncDirectory(file.getParent());
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the device's data key", e);
        }
    }

    private Path file(final String organisation, final String deviceId) {
        if (!NAME.matcher(organisation).matches() || !NAME.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("not an organisation key and device ID");
        }
        return dir.resolve(organisation).resolve(deviceId + ".key");
    }

    private static byte[] aad(final String organisation, final String deviceId) {
        return ("wipetrace.device-key.v1|" + organisation + "|" + deviceId).getBytes(StandardCharsets.UTF_8);
    }

    /** The master key, created (32 random bytes, mode 600) the first time the store is used. */
    private synchronized byte[] master() {
        if (master == null) {
            final Path file = dir.resolve(MASTER);
            try {
                privateDirectory(dir);
                if (!Files.exists(file)) {
                    final Path temporary = Files.createTempFile(dir, ".new-", ".key",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    try {
                        write(temporary, Aead.newKey());
                        Files.createLink(file, temporary);
                    } catch (FileAlreadyExistsException e) {
                        // Another gateway of the same state created it first.
                    } finally {
                        Files.deleteIfExists(temporary);
                    }
                }
                final byte[] key = Files.readAllBytes(file);
                if (key.length != Aead.KEY_BYTES) {
                    throw new IllegalStateException("the personal data master key must be 32 bytes");
                }
                master = key;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the personal data master key", e);
            }
        }
        return master;
    }

    private static void privateDirectory(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void write(final Path file, final byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }

    private static void syncDirectory(final Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
