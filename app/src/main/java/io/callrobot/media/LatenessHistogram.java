package io.callrobot.media;

import java.util.concurrent.atomic.AtomicLongArray;

/** Fixed-bucket histogram of tick lateness; one writer (the pacer), any readers, no allocation. */
final class LatenessHistogram {

    static final long BUCKET_NANOS = 50_000;
    private static final int BUCKETS = 400; // 20 ms; the last bucket collects everything later

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private volatile long max;

    void record(long latenessNanos) {
        long lateness = Math.max(0, latenessNanos);
        int bucket = (int) Math.min(BUCKETS - 1, lateness / BUCKET_NANOS);
        counts.lazySet(bucket, counts.get(bucket) + 1);
        if (lateness > max) {
            max = lateness;
        }
    }

    long max() {
        return max;
    }

    /** Upper bound of the bucket holding the {@code quantile} (0..1) of all records; 0 if none. */
    long percentile(double quantile) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i == BUCKETS - 1 ? max : (i + 1) * BUCKET_NANOS;
            }
        }
        return max;
    }
}
