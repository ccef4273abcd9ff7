package io.callrobot.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ProviderJsonTest {

    @Test
    void mappersBorrowBuffersFromTheSharedPoolNotPerThread() {
        ObjectMapper mapper = ProviderJson.mapper();
        assertThat(mapper.getFactory()._getRecyclerPool()).isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
        assertThat(ProviderJson.mapper()).isNotSameAs(mapper);
    }

    @Test
    void parsesOnManyVirtualThreadsAlike() throws Exception {
        ObjectMapper mapper = ProviderJson.mapper();
        List<Future<JsonNode>> parsed = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                parsed.add(threads.submit(() -> mapper.readTree("{\"choices\":[{\"delta\":{\"content\":\"第" + n + "\"}}]}")));
            }
        }
        for (int i = 0; i < parsed.size(); i++) {
            assertThat(parsed.get(i).get().at("/choices/0/delta/content").asText()).isEqualTo("第" + i);
        }
    }
}
