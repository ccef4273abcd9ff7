package io.callrobot.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callrobot.web.ApiException;
import io.callrobot.web.ApiRequest;
import io.callrobot.web.ApiResponse;
import java.io.IOException;

/** JSON in and out for the resources: bodies read with a 400 on malformed JSON, answers written. */
final class ApiJson {

    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    JsonNode body(ApiRequest request) {
        if (request.body().length == 0) {
            throw ApiException.badRequest("body", "empty; expected a JSON object");
        }
        try {
            return mapper.readTree(request.body());
        } catch (IOException e) {
            throw ApiException.badRequest("body", "not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    ApiResponse answer(int status, Object value) {
        try {
            return ApiResponse.of(status, "application/json", mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
