package io.wipetrace.gateway.device;

import io.wipetrace.gateway.crypto.Aead;
import io.wipetrace.gateway.crypto.Keys;
import io.wipetrace.proof.ledger.Identifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The collecting organisations' key store: one AES-256 data key per organisation and device, in its own file, wrapped
 * (AES-256-GCM) under the store's master key, all files mode 600 in directories mode 700. Keys never reach PostgreSQL
 * or the ledger. {@link #destroy} overwrites and deletes the device's file: from then on its sealed personal data and
 * its keyed identifier commitment can be opened or tested by nobody, whatever copies of them files still hold.
 *
 * <p>{@link #rotateMaster} replaces the master key: a new key is written beside the old one ({@code master.key.next}),
 * every device's file is wrapped again under it and replaced atomically, and only then is the new key written over
 * the old one in {@code master.key} (in place, so the old key's bytes do not linger in a freed block) and the
 * {@code .next} file removed. A rotation cut short (a crash, a device file that opens under neither key) leaves both
 * keys; every read tries both, and the next start or rotation finishes the work.
 */
@Component
public class DeviceKeyStore {

    /** An organisation's key, a directory's name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /**
     * A device's file name without {@code .key}: any ID the API and the chaincode accept, a leading {@code _} or
     * {@code -} included. It has no dot or slash, so the file stays in its organisation's directory, and a temporary
     * file ({@code .new-…}) never looks like a device's.
     */
    private static final Pattern DEVICE = Identifiers.DEVICE_ID_PATTERN;
    private static final int KEY_ID_BYTES = 16;
    private static final String MASTER = "master.key";
    private static final String NEXT = "master.key.next";

    private final Path dir;
    /** Reads and new keys share the lock; a rotation holds it alone. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private byte[] master;
    /** The key of a rotation cut short, until it is finished; null when there is none. */
    private byte[] pending;

    /**
     * What a rotation did.
     *
     * @param rewrapped device keys wrapped again under the new master key
     * @param fingerprint the new master key's fingerprint (16 hex digits of an HMAC under it, never the key)
     */
    public record Rotation(int rewrapped, String fingerprint) {}

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
        lock.readLock().lock();
        try {
            return findOrCreateLocked(organisation, deviceId);
        } finally {
            lock.readLock().unlock();
        }
    }

    private DeviceKey findOrCreateLocked(final String organisation, final String deviceId) {
        final Optional<DeviceKey> found = findLocked(organisation, deviceId);
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
        return findLocked(organisation, deviceId).orElseThrow();
    }

    /**
     * @param organisation the collecting organisation's key
     * @param deviceId the device
     * @return its key, or empty if it never had one or it was destroyed
     */
    public Optional<DeviceKey> find(final String organisation, final String deviceId) {
        lock.readLock().lock();
        try {
            return findLocked(organisation, deviceId);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Optional<DeviceKey> findLocked(final String organisation, final String deviceId) {
        final byte[] wrapped;
        try {
            wrapped = Files.readAllBytes(file(organisation, deviceId));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the device's data key", e);
        }
        final byte[] plain = unwrap(aad(organisation, deviceId), wrapped);
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
        lock.readLock().lock(); // never while a rotation could write the file back
        try {
            return destroyLocked(organisation, deviceId);
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean destroyLocked(final String organisation, final String deviceId) {
        master(); // a rotation cut short is finished before any file goes
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
        if (!NAME.matcher(organisation).matches() || !DEVICE.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("not an organisation key and device ID");
        }
        return dir.resolve(organisation).resolve(deviceId + ".key");
    }

    private static byte[] aad(final String organisation, final String deviceId) {
        return ("wipetrace.device-key.v1|" + organisation + "|" + deviceId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Replaces the master key and wraps every device's key again under the new one (see the class's description).
     * Reads and new registrations wait while it runs.
     *
     * @return how many device keys were wrapped again, and the new key's fingerprint
     */
    public Rotation rotateMaster() {
        lock.writeLock().lock();
        try {
            master();
            if (pending == null) {
                pending = Aead.newKey();
                try {
                    final Path temporary = Files.createTempFile(dir, ".new-", ".key",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    try {
                        write(temporary, pending);
                        Files.move(temporary, dir.resolve(NEXT), StandardCopyOption.ATOMIC_MOVE);
                        syncDirectory(dir);
                    } finally {
                        Files.deleteIfExists(temporary);
                    }
                } catch (IOException e) {
                    pending = null;
                    throw new UncheckedIOException("cannot write the new personal data master key", e);
                }
            }
            final int rewrapped = finishRotation();
            return new Rotation(rewrapped, fingerprint(master));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Opens a wrapped device key under the master key, or under the key of an unfinished rotation. */
    private byte[] unwrap(final byte[] aad, final byte[] wrapped) {
        final byte[] current = master();
        try {
            return Aead.open(current, aad, wrapped);
        } catch (Aead.Unreadable e) {
            final byte[] next = pending;
            if (next == null) {
                throw e;
            }
            return Aead.open(next, aad, wrapped);
        }
    }

    /**
     * Wraps every device key not yet under {@link #pending} again under it, writes it over the old master key and
     * removes the {@code .next} file. Called with the write lock held, or from {@link #master} before anyone reads.
     */
    private int finishRotation() {
        final byte[] next = pending;
        int rewrapped = 0;
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (final Path file : files.filter(this::isDeviceKeyFile).sorted().toList()) {
                final byte[] aad = aad(file.getParent().getFileName().toString(), deviceIdOf(file));
                final byte[] wrapped = Files.readAllBytes(file);
                try {
                    Aead.open(next, aad, wrapped);
                    continue; // wrapped again by the rotation that was cut short
                } catch (Aead.Unreadable e) {
                    // still under the old master key
                }
                final byte[] plain = Aead.open(master, aad, wrapped);
                try {
                    replace(file, Aead.seal(next, aad, plain));
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                rewrapped++;
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(MASTER), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(next), 0);
                channel.force(true);
            }
            Files.delete(dir.resolve(NEXT));
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the rotation of the personal data master key", e);
        }
        Arrays.fill(master, (byte) 0);
        master = next;
        pending = null;
        return rewrapped;
    }

    /** A device's file: {@code <organisation>/<device>.key} directly below the store, not a temporary file. */
    private boolean isDeviceKeyFile(final Path file) {
        final Path relative = dir.relativize(file);
        return relative.getNameCount() == 2 && Files.isRegularFile(file)
                && file.getFileName().toString().endsWith(".key") && DEVICE.matcher(deviceIdOf(file)).matches()
                && NAME.matcher(relative.getName(0).toString()).matches();
    }

    /** The device a key file belongs to: its name without {@code .key} (up to 64 characters, as {@link #file}). */
    private static String deviceIdOf(final Path file) {
        final String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".key".length());
    }

    /** Writes a new version of a device's file beside it and moves it over the old one, atomically. */
    private static void replace(final Path file, final byte[] bytes) throws IOException {
        final Path temporary = Files.createTempFile(file.getParent(), ".new-", ".key",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(file.getParent());
    }

    private static String fingerprint(final byte[] key) {
        return HexFormat.of().formatHex(Keys.hmac(key,
                "wipetrace.personal-data.master-key.fingerprint".getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /**
     * The master key, created (32 random bytes, mode 600) the first time the store is used; a rotation that a crash
     * cut short is finished first.
     */
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
                master = readKey(file);
                final Path next = dir.resolve(NEXT);
                if (Files.exists(next)) {
                    pending = readKey(next);
                    if (Arrays.equals(master, pending)) {
                        // Cut short after the new key was written over the old one: only the file is left.
                        Files.delete(next);
                        pending = null;
                    } else {
                        finishRotation();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the personal data master key", e);
            }
        }
        return master;
    }

    private static byte[] readKey(final Path file) throws IOException {
        final byte[] key = Files.readAllBytes(file);
        if (key.length != Aead.KEY_BYTES) {
            throw new IllegalStateException("the personal data master key must be 32 bytes: " + file.getFileName());
        }
        return key;
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
