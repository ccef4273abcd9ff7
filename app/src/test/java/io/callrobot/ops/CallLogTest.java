package io.callrobot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallLogTest {

    @TempDir
    Path dir;

    @Test
    void aRecordStaysOneLineWhateverTheChannelDataHeldAndParsesBackUnchanged() throws IOException {
        String caller = "1380\u2028forged\u0085line\u001b[31m\u202e\u007f\n";
        Path file = dir.resolve("calls.jsonl");
        Instant now = Instant.now();
        try (CallLog log = new CallLog(file, r -> { })) {
            log.write(new CallRecord("u-1", "inbound", caller, "9000", "flow\r\nname", Map.of("name", "张三"), now, now,
                    now, "NORMAL_CLEARING", "completed", null, List.of(), List.of(), null, null));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String line = text.substring(0, text.length() - 1);
        assertThat(line.chars()).noneMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || c == 0x2028 || c == 0x2029 || c == 0x202e);
        assertThat(line).contains("\\u2028", "\\u0085", "\\u001B", "\\u202e", "\\u007F", "张三");
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.get("caller").asText()).isEqualTo(caller);
        assertThat(parsed.get("flow").asText()).isEqualTo("flow\r\nname");
    }
}
