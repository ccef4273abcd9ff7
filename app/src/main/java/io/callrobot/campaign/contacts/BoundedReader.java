package io.callrobot.campaign.contacts;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Counts the characters read since the current row started and fails past a limit, so a quote
 * that never closes cannot pull a whole file into one CSV value. The parser reads ahead by its
 * buffer, so the limit has that much slack.
 */
final class BoundedReader extends FilterReader {

    /** More than commons-csv's 8 KiB read-ahead. */
    private static final int SLACK = 16 * 1024;

    private final long limit;
    private long sinceRowStart;

    BoundedReader(Reader in, int maxRowChars) {
        super(in);
        this.limit = (long) maxRowChars + SLACK;
    }

    void rowStarted() {
        sinceRowStart = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n = super.read(cbuf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws RowTooLongException {
        sinceRowStart += n;
        if (sinceRowStart > limit) {
            throw new RowTooLongException();
        }
    }

    /** The row being read is longer than allowed. */
    static final class RowTooLongException extends IOException {
        RowTooLongException() {
            super("row too long", null);
        }
    }
}
