package io.callrobot.net;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Object mappers for provider messages parsed on virtual threads (SSE chunks, websocket messages,
 * ESL events). Jackson's default buffer recycling keeps its buffers per thread, so every new virtual
 * thread allocated fresh parse buffers (16 KiB and more per message, the largest allocation after
 * audio in the 200-call profile); these mappers share one process-wide pool instead.
 */
public final class ProviderJson {

    private ProviderJson() {
    }

    /** A new mapper whose parsers and generators borrow their buffers from Jackson's shared pool. */
    public static ObjectMapper mapper() {
        return new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    }
}
