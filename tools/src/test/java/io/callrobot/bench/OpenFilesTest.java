package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenFilesTest {

    @Test
    void readsTheInodeColumnOfAProcNetTable() {
        // rows as Linux writes /proc/net/udp and /proc/net/tcp6
        String udp = """
                   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                   78: 0100007F:36B0 00000000:0000 07 00000000:0001AE00 00:00000000 00000000     0        0 1401915 2 00000000fe059975 0
                   80: 0100007F:36B2 00000000:0000 07 00000000:0001BD00 00:00000000 00000000     0        0 1401914 2 0000000090e2db2e 0
                """;
        String tcp6 = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0000000000000000FFFF00000100007F:9E17 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1399461 1 0000000067a7c4cf 100 0 0 10 0
                """;

        assertThat(OpenFiles.inodes(udp)).containsExactlyInAnyOrder(1401915L, 1401914L);
        assertThat(OpenFiles.inodes(tcp6)).containsExactly(1399461L);
        assertThat(OpenFiles.inodes("  sl  local_address rem_address\n")).isEmpty();
    }

    @Test
    void namesEachSocketOfTheProcessByTheTableItIsIn() {
        OpenFiles files = OpenFiles.classify(9, List.of(1L, 2L, 3L, 4L), Set.of(1L, 2L, 99L), Set.of(3L, 98L));

        assertThat(files).isEqualTo(new OpenFiles(9, 2, 1, 1));
        assertThat(files.sockets()).isEqualTo(4);
    }

    @Test
    void countsTheSocketsThisTestOpened() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             ServerSocket server = new ServerSocket(0)) {
            OpenFiles files = OpenFiles.of(ProcessHandle.current().pid());

            assertThat(files.udp()).isGreaterThanOrEqualTo(1);
            assertThat(files.tcp()).isGreaterThanOrEqualTo(1);
            assertThat(files.fds()).isGreaterThanOrEqualTo(files.sockets());
        }
    }
}
