package io.callrobot.asr;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records listener calls as strings: "partial:...", "final:...", "closed", "failure:...". */
public class RecordingAsrListener extends AsrListener {

    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onPartial(String text) {
        events.add("partial:" + text);
    }

    @Override
    public void onFinal(String text) {
        events.add("final:" + text);
    }

    @Override
    public void onClosed() {
        events.add("closed");
    }

    @Override
    public void onFailure(Throwable error) {
        events.add("failure:" + error.getMessage());
    }

    /** The next event, waiting up to 10 s. */
    public String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no listener event within 10 s");
        }
        return event;
    }

    /** An event arriving within a short while, or null: used to check that nothing more comes. */
    public String nextQuickly() throws InterruptedException {
        return events.poll(300, TimeUnit.MILLISECONDS);
    }
}
