package io.callrobot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ThreadCensusTest {

    private static ThreadCensus census(String json) throws Exception {
        return ThreadCensus.of(new ObjectMapper().readTree(json));
    }

    @Test
    void countsPlatformAndVirtualThreadsOfEveryContainer() throws Exception {
        ThreadCensus census = census("""
                {"threadDump": {"threadContainers": [
                  {"container": "<root>", "threads": [
                    {"tid": "1", "name": "main"},
                    {"tid": "40", "name": "call-7", "virtual": true},
                    {"tid": "41", "name": "OkHttp TaskRunner"}]},
                  {"container": "ThreadPoolExecutor@1", "threads": [
                    {"tid": "42", "name": "OkHttp TaskRunner"},
                    {"tid": "43", "name": "nioEventLoopGroup-2-1"},
                    {"tid": "44", "name": "nioEventLoopGroup-2-2"}]}]}}
                """);

        assertThat(census.platform()).isEqualTo(5);
        assertThat(census.virtual()).isEqualTo(1);
        assertThat(census.commonestPlatform(2)).isEqualTo("OkHttp TaskRunner ×2, nioEventLoopGroup-#-# ×2");
    }

    @Test
    void aJdk25DumpWithNoVirtualThreadMarkedHasNone() throws Exception {
        ThreadCensus census = census("""
                {"threadDump": {"runtimeVersion": "25.0.3+9-LTS", "threadContainers": [{"threads": [{"name": "main"}]}]}}
                """);

        assertThat(census.virtual()).isZero();
    }

    @Test
    void virtualIsUnknownWhenTheDumpDoesNotMarkThem() throws Exception {
        ThreadCensus census = census("""
                {"threadDump": {"threadContainers": [{"threads": [{"name": "main"}, {"name": ""}]}]}}
                """);

        assertThat(census.platform()).isEqualTo(2);
        assertThat(census.virtual()).isEqualTo(-1);
    }

    @Test
    void countsJavaPlatformThreadsOfAThreadPrintDumpButNotTheJvmsOwn() {
        ThreadCensus census = ThreadCensus.ofThreadPrint("""
                "main" #3 [8788] prio=5 os_prio=0 cpu=779.68ms elapsed=4.42s tid=0x00007f8dbc02aa70 nid=8788 waiting on condition  [0x00007f8dc2dfe000]
                   java.lang.Thread.State: TIMED_WAITING (sleeping)

                "ForkJoinPool-1-worker-1" #24 [8808] daemon prio=5 os_prio=0 cpu=1.43ms elapsed=3.49s tid=0x00007f8dbc4d2280 nid=8808 waiting on condition  [0x00007f8d63efd000]
                   java.lang.Thread.State: WAITING (parking)

                "ForkJoinPool-1-worker-2" #26 [8809] daemon prio=5 os_prio=0 cpu=3434.24ms elapsed=3.49s tid=0x00007f8dbc4d3520  [0x00007f8d63dfd000]
                   Carrying virtual thread #28

                "GC Thread#1" os_prio=0 cpu=6.86ms elapsed=3.76s tid=0x00007f8d840062b0 nid=8806 runnable

                "VM Thread" os_prio=0 cpu=2.80ms elapsed=4.40s tid=0x00007f8dbc0a7fb0 nid=8796 runnable
                """);

        assertThat(census.platform()).isEqualTo(3);
        assertThat(census.virtual()).isEqualTo(-1);
        assertThat(census.commonestPlatform(1)).isEqualTo("ForkJoinPool-#-worker-# ×2");
    }
}
