package io.callrobot.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A call record as one line of JSON: ISO-8601 times, control characters and line separators
 * escaped ({@link JsonLineEscapes}) so that no value can break the line. The call log writes it,
 * and the store keeps the same text. A call's summary, when its flow asks for one, follows as a line of
 * its own ({@link SummaryRecord}).
 */
public final class CallRecordJson {

    private final ObjectMapper json = new ObjectMapper(new JsonFactory().setCharacterEscapes(new JsonLineEscapes()))
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** @throws JsonProcessingException if a value cannot be written */
    public String write(CallRecord record) throws JsonProcessingException {
        return json.writeValueAsString(record);
    }

    /** @throws JsonProcessingException if a value cannot be written */
    public String write(SummaryRecord summary) throws JsonProcessingException {
        return json.writeValueAsString(summary);
    }
}
