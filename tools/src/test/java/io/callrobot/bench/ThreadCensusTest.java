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
}
