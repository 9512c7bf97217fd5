package com.qwire.mock.shared.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast path reads every timestamp exactly as jackson-datatype-jsr310 does, and refuses what it refuses. */
class Rfc3339OffsetDateTimeDeserializerTest {
    private final ObjectMapper ours = com.qwire.mock.shared.http.JsonMapper.create();
    /** Our mapper, every setting alike, with the standard deserializer registered over ours. */
    private final ObjectMapper standard = com.qwire.mock.shared.http.JsonMapper.create()
            .registerModule(new SimpleModule("standard").addDeserializer(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME));

    public static final class Holder {
        public OffsetDateTime at;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"2026-11-29T20:46:31.757Z\"", "\"2026-11-29T20:46:31Z\"", "\"2026-11-29T20:46:31.123456789+05:30\"",
            "\"2026-11-29T20:46:31-00:00\"", "\"2026-11-29T20:46:31.5-08:00\"", "\"2026-11-29T20:46:31.757+14:00\"",
            "\"2026-11-29T20:46Z\"", "\"2026-11-29t20:46:31z\"", "\"2026-11-29T20:46:31z\"", "\"2024-02-29T00:00:00Z\"",
            "\"  2026-11-29T20:46:31Z  \"", "1700000000", "1700000000.5",
            // refused by both
            "\"2026-11-29 20:46:31Z\"", "\"2026-02-30T10:00:00Z\"", "\"2026-11-29T24:00:00Z\"", "\"2026-11-29T23:59:60Z\"",
            "\"2026-11-29T20:46:31.1234567891Z\"", "\"2026-11-29T20:46:31+25:00\"", "\"2026-11-29T20:46:31,5Z\"",
            "\"2026-11-29T20:46:31\"", "\"2026-11-29T20:46:31+0100\"", "\"2026-11-29T20:46:31.Z\"", "\"+12026-11-29T20:46:31Z\"",
            "\"\"", "\"not a time\"", "true", "[]"})
    void readsAndRefusesExactlyAsTheStandardDeserializer(String value) throws Exception {
        String json = "{\"at\":" + value + "}";
        OffsetDateTime expected;
        try {
            expected = standard.readValue(json, Holder.class).at;
        } catch (Exception refused) {
            assertThatThrownBy(() -> ours.readValue(json, Holder.class)).isInstanceOf(refused.getClass());
            return;
        }
        OffsetDateTime actual = ours.readValue(json, Holder.class).at;
        assertThat(actual).isEqualTo(expected); // same instant and same offset
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T20:46:31.757Z", "2026-11-29T20:46:31+05:30"})
    void theFastPathTakesTheCommonShape(String value) throws Exception {
        assertThat(Rfc3339OffsetDateTimeDeserializer.isRfc3339Shape(value)).isTrue();
        // ours answers for OffsetDateTime, and the reference really is the other deserializer
        var ctxt = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) ours.getDeserializationContext())
                .createInstance(ours.getDeserializationConfig(), null, null);
        assertThat(ctxt.findRootValueDeserializer(ours.constructType(OffsetDateTime.class))).isInstanceOf(Rfc3339OffsetDateTimeDeserializer.class);
        assertThat(ours.readValue("{\"at\":\"" + value + "\"}", Holder.class).at)
                .isEqualTo(standard.readValue("{\"at\":\"" + value + "\"}", Holder.class).at);
    }
}
