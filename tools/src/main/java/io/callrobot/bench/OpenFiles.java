package io.callrobot.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's open file descriptors at one instant and, among them, its sockets by protocol, read
 * from Linux's /proc: each {@code /proc/<pid>/fd} link to {@code socket:[<inode>]} is a socket,
 * named UDP or TCP by that inode's row in {@code /proc/<pid>/net/{udp,udp6,tcp,tcp6}} (which list
 * every socket of the network namespace, so only the process's own inodes are counted).
 *
 * @param otherSockets sockets in neither table: Unix, netlink, or one closed between the two reads
 */
record OpenFiles(int fds, int udp, int tcp, int otherSockets) {

    // proc(5): /proc/pid/fd/N is a symbolic link whose target for a socket is "socket:[inode]"
    private static final Pattern SOCKET = Pattern.compile("^socket:\\[(\\d+)]$");

    /** All of the process's sockets. */
    int sockets() {
        return udp + tcp + otherSockets;
    }

    /** Reads process {@code pid}'s descriptors now. */
    static OpenFiles of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        int fds = 0;
        List<Long> sockets = new ArrayList<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path link : links) {
                String target;
                try {
                    target = Files.readSymbolicLink(link).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                fds++;
                Matcher socket = SOCKET.matcher(target);
                if (socket.matches()) {
                    sockets.add(Long.parseLong(socket.group(1)));
                }
            }
        }
        Set<Long> udp = new HashSet<>(inodes(Files.readString(proc.resolve("net/udp"))));
        udp.addAll(inodes(Files.readString(proc.resolve("net/udp6"))));
        Set<Long> tcp = new HashSet<>(inodes(Files.readString(proc.resolve("net/tcp"))));
        tcp.addAll(inodes(Files.readString(proc.resolve("net/tcp6"))));
        return classify(fds, sockets, udp, tcp);
    }

    /** Counts {@code sockets} (inodes) as UDP, TCP or other. */
    static OpenFiles classify(int fds, List<Long> sockets, Set<Long> udp, Set<Long> tcp) {
        int u = 0;
        int t = 0;
        for (long inode : sockets) {
            if (udp.contains(inode)) {
                u++;
            } else if (tcp.contains(inode)) {
                t++;
            }
        }
        return new OpenFiles(fds, u, t, sockets.size() - u - t);
    }

    /**
     * The inode column of a {@code /proc/net/{tcp,udp}[6]} table: after the header line, one socket
     * per row, the inode the tenth field (proc(5): sl, local_address, rem_address, st,
     * tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode).
     */
    static Set<Long> inodes(String table) {
        Set<Long> inodes = new HashSet<>();
        table.lines().skip(1).forEach(row -> {
            String[] fields = row.trim().split("\\s+");
            if (fields.length > 9) {
                inodes.add(Long.parseLong(fields[9]));
            }
        });
        return inodes;
    }

    /** {@code "123 (udp 40, tcp 80, other 3)"}. */
    String summary() {
        return String.format("%d (udp %d, tcp %d, other sockets %d)", fds, udp, tcp, otherSockets);
    }
}
