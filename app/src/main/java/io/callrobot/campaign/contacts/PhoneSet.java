package io.callrobot.campaign.contacts;

import io.callrobot.campaign.phone.PhoneNumber;

/**
 * The numbers an import has seen, 8 to 16 bytes each (an open-addressing table of longs), so
 * finding duplicates in a million-row file costs megabytes, not the rows themselves. A canonical
 * number is at most 15 digits, so its digits and its kind fit one long.
 */
final class PhoneSet {

    private long[] table = new long[1024];
    private int size;

    /** Adds {@code phone}; false if it was already there. */
    boolean add(PhoneNumber phone) {
        long key = key(phone);
        if (size * 2 >= table.length) {
            grow();
        }
        return insert(table, key);
    }

    int size() {
        return size;
    }

    static long key(PhoneNumber phone) {
        String c = phone.canonical();
        int from = c.charAt(0) == '+' ? 1 : 0;
        long digits = Long.parseLong(c, from, c.length(), 10);
        return ((long) (phone.kind().ordinal() + 1) << 56) | digits; // never 0, the empty slot
    }

    private boolean insert(long[] into, long key) {
        int mask = into.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (into[i] == key) {
                return false;
            }
            if (into[i] == 0) {
                into[i] = key;
                if (into == table) {
                    size++;
                }
                return true;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (long key : old) {
            if (key != 0) {
                insert(bigger, key);
            }
        }
        table = bigger;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads consecutive numbers
        return (int) (h ^ (h >>> 32));
    }
}
