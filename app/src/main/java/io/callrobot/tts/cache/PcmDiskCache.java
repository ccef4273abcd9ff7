package io.callrobot.tts.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached audio as files {@code <key>.pcm} in one directory: a header (magic "CRPC", sample rate,
 * both big-endian ints) then signed 16-bit little-endian samples. Bounded by total bytes, evicting the
 * least recently used file (reads refresh the modification time). Disk errors are logged and read as
 * misses: the cache never fails a reply.
 *
 * <p>An index of the stored keys, read from the directory once at start and kept by this class,
 * answers {@link #contains} without touching the disk, so a chunk's sender learns whether it is
 * stored on any thread; only {@link #get}, {@link #put} and the eviction do I/O. Files another
 * process adds to the directory are seen after a restart.
 */
final class PcmDiskCache {

    private static final Logger log = LoggerFactory.getLogger(PcmDiskCache.class);
    private static final int MAGIC = 0x43525043; // "CRPC"
    private static final int HEADER_BYTES = 8;
    private static final String SUFFIX = ".pcm";

    private final Path directory;
    private final long maxBytes;
    private final Set<String> stored = ConcurrentHashMap.newKeySet();

    /** Reads the directory's listing into the index (a missing directory is an empty cache). */
    PcmDiskCache(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
                listing.forEach(file -> stored.add(key(file)));
            } catch (IOException | RuntimeException e) {
                log.warn("prompt cache: cannot list {}: {}", directory, e.toString());
            }
        }
    }

    /** Whether audio is stored under {@code key}, as far as the index knows; no I/O. */
    boolean contains(String key) {
        return stored.contains(key);
    }

    /** The audio stored under {@code key}, or null if absent or unreadable (it then leaves the index). */
    CachedPcm get(String key) {
        if (!stored.contains(key)) {
            return null;
        }
        Path file = directory.resolve(key + SUFFIX);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            int sampleRate = bytes.remaining() >= HEADER_BYTES && bytes.getInt() == MAGIC ? bytes.getInt() : -1;
            if (sampleRate <= 0 || bytes.remaining() % 2 != 0) {
                log.warn("prompt cache: ignoring malformed file {}", file);
                stored.remove(key);
                return null;
            }
            short[] pcm = new short[bytes.remaining() / 2];
            bytes.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return new CachedPcm(pcm, sampleRate);
        } catch (ClosedByInterruptException e) {
            return null; // the reading stream was cancelled; the file is fine
        } catch (IOException | RuntimeException e) {
            log.warn("prompt cache: cannot read {}: {}", file, e.toString());
            stored.remove(key);
            return null;
        }
    }

    /** Writes {@code audio} under {@code key} (atomically where the file system can), then evicts. */
    void put(String key, CachedPcm audio) {
        long size = HEADER_BYTES + audio.bytes();
        if (size > maxBytes) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        bytes.putInt(MAGIC).putInt(audio.sampleRate());
        bytes.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(audio.pcm());
        Path file = directory.resolve(key + SUFFIX);
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, key, ".tmp");
            Files.write(temp, bytes.array());
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            stored.add(key);
            evict();
        } catch (IOException | RuntimeException e) {
            log.warn("prompt cache: cannot write {}: {}", file, e.toString());
        }
    }

    private record Stored(Path file, long size, long modified) {
    }

    /** Deletes the oldest files until the directory is within its bound. */
    private void evict() throws IOException {
        List<Stored> files = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : listing) {
                Stored stored = new Stored(file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
                files.add(stored);
                total += stored.size();
            }
        }
        files.sort(Comparator.comparingLong(Stored::modified));
        for (int i = 0; total > maxBytes && i < files.size(); i++) {
            stored.remove(key(files.get(i).file()));
            Files.deleteIfExists(files.get(i).file());
            total -= files.get(i).size();
        }
    }

    private static String key(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }
}
