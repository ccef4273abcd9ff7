package io.callrobot.dialog;

/** Drives a dialog the way the call does: respond, wait for the reply, report it heard in full. */
final class Conversation {

    private final DialogEngine dialog;
    private final CallThread thread;

    Conversation(DialogEngine dialog, CallThread thread) {
        this.dialog = dialog;
        this.thread = thread;
    }

    RecordingSink.Spoken start() throws Exception {
        return turn(new DialogInput.Start());
    }

    RecordingSink.Spoken say(String text) throws Exception {
        return turn(new DialogInput.Speech(text));
    }

    RecordingSink.Spoken press(String digits) throws Exception {
        return turn(new DialogInput.Dtmf(digits));
    }

    RecordingSink.Spoken silence() throws Exception {
        return turn(new DialogInput.NoInput());
    }

    RecordingSink.Spoken turn(DialogInput input) throws Exception {
        RecordingSink sink = new RecordingSink();
        thread.run(() -> dialog.respond(input, sink));
        RecordingSink.Spoken spoken = sink.await();
        thread.run(() -> dialog.heard(spoken.text(), false));
        return spoken;
    }
}
