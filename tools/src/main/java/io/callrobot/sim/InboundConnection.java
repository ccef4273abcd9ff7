package io.callrobot.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the inbound event socket, as mod_event_socket.c's listener_run serves it: the
 * {@code auth/request} greeting, {@code auth}, then commands answered in order and the events it
 * subscribed to. Its commands are read on a virtual thread of its own; writes are serialised.
 */
final class InboundConnection {

    private static final Logger LOG = LoggerFactory.getLogger(InboundConnection.class);

    private final InboundEventSocket owner;
    private final Socket socket;
    private final OutputStream out;
    private final Object lock = new Object();

    // Guarded by lock.
    private boolean authed;
    private boolean allEvents;
    private boolean json;
    private final Set<String> events = new HashSet<>();
    private boolean closed;

    InboundConnection(InboundEventSocket owner, Socket socket) throws IOException {
        this.owner = owner;
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    void run() {
        // listener_run: an unauthenticated listener is greeted with auth/request
        write("Content-Type: auth/request\n\n".getBytes(StandardCharsets.UTF_8));
        try {
            EslCommandReader reader = new EslCommandReader(socket.getInputStream());
            SimCommand command;
            while ((command = reader.read()) != null && !isClosed()) {
                dispatch(command);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("inbound event socket client gone: {}", e.toString());
        } finally {
            close();
        }
    }

    private void dispatch(SimCommand command) {
        String line = command.command();
        String lower = line.toLowerCase(Locale.ROOT);
        // Branch order and reply texts follow mod_event_socket.c, parse_command.
        if (lower.startsWith("exit") || lower.startsWith("...")) {
            write(EventSerializer.commandReply("+OK bye"));
            disconnect();
            return;
        }
        if (!isAuthed()) {
            if (lower.startsWith("auth ")) {
                if (line.substring(5).equals(owner.settings().password())) {
                    synchronized (lock) {
                        authed = true;
                    }
                    write(EventSerializer.commandReply("+OK accepted"));
                } else {
                    write(EventSerializer.commandReply("-ERR invalid"));
                    disconnect();
                }
            }
            // anything else before auth gets no reply at all
            return;
        }
        if (lower.startsWith("api ")) {
            write(EventSerializer.apiResponse(owner.api(line.substring(4))));
        } else if (lower.startsWith("bgapi ")) {
            String jobUuid = command.header("Job-UUID");
            if (jobUuid == null || jobUuid.isBlank()) {
                jobUuid = UUID.randomUUID().toString();
            }
            // parse_command "bgapi": "~Reply-Text: +OK Job-UUID: %s\nJob-UUID: %s\n\n"
            write(("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + jobUuid + "\nJob-UUID: " + jobUuid
                    + "\n\n").getBytes(StandardCharsets.UTF_8));
            owner.bgapi(jobUuid, line.substring(6).strip());
        } else if (lower.startsWith("event")) {
            subscribe(line);
        } else if (lower.startsWith("noevents")) {
            boolean was;
            synchronized (lock) {
                was = allEvents || !events.isEmpty();
                allEvents = false;
                events.clear();
            }
            write(EventSerializer.commandReply(was ? "+OK no longer listening for events" : "-ERR not listening for events"));
        } else {
            write(EventSerializer.commandReply("-ERR command not found"));
        }
    }

    /** parse_command "event": an optional format word, then event names; unknown words are not keys. */
    private void subscribe(String line) {
        String[] words = line.trim().split("\\s+");
        int keys = 0;
        synchronized (lock) {
            for (int i = 1; i < words.length; i++) {
                String word = words[i];
                if (i == 1 && (word.equalsIgnoreCase("plain") || word.equalsIgnoreCase("json") || word.equalsIgnoreCase("xml"))) {
                    json = word.equalsIgnoreCase("json");
                } else if (word.matches("[A-Z][A-Z_]*")) {
                    keys++;
                    if (word.equals("ALL")) {
                        allEvents = true;
                    }
                    events.add(word);
                }
            }
        }
        if (keys == 0) {
            write(EventSerializer.commandReply("-ERR no keywords supplied"));
        } else {
            write(EventSerializer.commandReply("+OK event listener enabled " + (json ? "json" : "plain")));
        }
    }

    /** Sends an event if this client subscribed to its kind. */
    void event(String name, Map<String, String> headers, String body) {
        byte[] frame;
        synchronized (lock) {
            if (!authed || closed || !(allEvents || events.contains(name))) {
                return;
            }
            frame = EventSerializer.eventFrame(headers, body, json);
        }
        write(frame);
    }

    /** The switch ends the session: the disconnect notice, then the socket closes (listener_run, done:). */
    private void disconnect() {
        write(EventSerializer.disconnectNotice());
        close();
    }

    /** Drops the connection without a word, as a switch that dies would. */
    void close() {
        synchronized (lock) {
            closed = true;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing inbound client socket: {}", e.toString());
        }
        owner.gone(this);
    }

    private boolean isAuthed() {
        synchronized (lock) {
            return authed;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void write(byte[] bytes) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                LOG.debug("inbound client write failed: {}", e.getMessage());
            }
        }
    }
}
