package io.callrobot.tts.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cached audio by key, bounded by bytes, evicting the least recently used entry first. */
final class PcmMemoryCache {

    private final long maxBytes;
    /** Access order, so iteration starts at the least recently used entry. */
    private final LinkedHashMap<String, CachedPcm> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    PcmMemoryCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized CachedPcm get(String key) {
        return entries.get(key);
    }

    /** Stores {@code audio} unless it alone exceeds the bound, then evicts down to the bound. */
    synchronized void put(String key, CachedPcm audio) {
        if (audio.bytes() > maxBytes) {
            return;
        }
        CachedPcm previous = entries.put(key, audio);
        bytes += audio.bytes() - (previous == null ? 0 : previous.bytes());
        Iterator<Map.Entry<String, CachedPcm>> oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            bytes -= oldest.next().getValue().bytes();
            oldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }
}
