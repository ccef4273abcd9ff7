package io.callrobot.asr.funasr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.asr.AsrRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FunASR websocket messages as text, apart from any socket (FunASR runtime/docs/websocket_protocol.md). */
final class FunAsrProtocol {

    /** Hotword weight for every word; the doc's example uses 20 and 30. */
    static final int HOTWORD_WEIGHT = 20;
    /**
     * End-of-audio flag, sent after the last audio (doc: "Sending End of Audio Flag"). {@code is_end} asks
     * funasr_wss_server.py (since 2026-07, runtime/python/websocket/README.md) for an acknowledgement
     * {@code {"is_end": true, "is_final": ..., "error"?}} once it has flushed; the C++ runtime and older
     * Python servers ignore the field.
     */
    static final String END_OF_AUDIO = "{\"is_speaking\":false,\"is_end\":true}";
    /** No {@code slice_type} in the result (servers before websocket-server-2pass.cpp's sentence timestamps). */
    static final int NO_SLICE_TYPE = -1;
    /** {@code slice_type} 0: the first result of a new sentence (websocket-server-2pass.cpp handle_result). */
    static final int SENTENCE_START = 0;

    /**
     * One recognition result; {@code mode} is null when the server omitted it; {@code sliceType} is
     * {@link #NO_SLICE_TYPE} when absent; {@code isEnd} marks funasr_wss_server.py's end acknowledgement,
     * {@code error} its error report (else null).
     */
    record Result(String mode, String text, boolean isFinal, int sliceType, boolean isEnd, String error) {
    }

    private final ObjectMapper json;

    FunAsrProtocol(ObjectMapper json) {
        this.json = json;
    }

    /** The first message of a session (doc: "Initial Communication"; field set as in funasr_wss_client.py). */
    String start(FunAsrConfig config, AsrRequest request) {
        ObjectNode m = json.createObjectNode();
        m.put("mode", config.mode());
        m.put("wav_name", request.callId());
        m.put("wav_format", "pcm");
        m.put("is_speaking", true);
        m.putPOJO("chunk_size", config.chunkSize());
        m.put("chunk_interval", config.chunkInterval());
        m.put("audio_fs", config.sampleRate()); // the call's audio is resampled to it
        m.put("hotwords", hotwords(request.hotwords()));
        m.put("itn", config.itn());
        return m.toString();
    }

    /** Hotwords are a JSON object serialised into a string, e.g. "{\"阿里巴巴\":20}" (doc: `hotwords`). */
    String hotwords(List<String> words) {
        if (words.isEmpty()) {
            return "";
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String word : words) {
            if (!word.isBlank()) {
                weights.put(word.strip(), HOTWORD_WEIGHT);
            }
        }
        try {
            return weights.isEmpty() ? "" : json.writeValueAsString(weights);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a server message {"mode", "wav_name", "text", "is_final", "timestamp"?, "stamp_sents"?,
     * "slice_type"?, "index"?, "is_end"?, "error"?}.
     *
     * @throws IllegalArgumentException if it is not a JSON object
     */
    Result parse(String message) {
        JsonNode node;
        try {
            node = json.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(message), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(message));
        }
        JsonNode mode = node.get("mode");
        JsonNode error = node.get("error");
        return new Result(mode == null || mode.isNull() ? null : mode.asText(),
                node.path("text").asText(""), node.path("is_final").asBoolean(false),
                node.path("slice_type").asInt(NO_SLICE_TYPE), node.path("is_end").asBoolean(false),
                error == null || error.isNull() ? null : error.asText());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
