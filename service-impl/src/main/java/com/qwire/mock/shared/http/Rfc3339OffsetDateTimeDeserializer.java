package com.qwire.mock.shared.http;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;

/**
 * OffsetDateTime from JSON, as jackson-datatype-jsr310 reads it, only faster for the common shape.
 * A string of the RFC 3339 form {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)} is parsed by ethlo's
 * ITU, without java.time's DateTimeFormatter (42 % of reading a callback's body in the issue 8 profile:
 * a callback carries eight timestamps); anything else — other shapes, numbers, a property with its own
 * {@code @JsonFormat} — goes to the standard deserializer, which accepts or refuses it as before. The result
 * is adjusted to the context's time zone (UTC) as the standard one does by default.
 */
final class Rfc3339OffsetDateTimeDeserializer extends JsonDeserializer<OffsetDateTime> implements ContextualDeserializer {
    private final JsonDeserializer<OffsetDateTime> standard;

    Rfc3339OffsetDateTimeDeserializer() {
        this(InstantDeserializer.OFFSET_DATE_TIME);
    }

    private Rfc3339OffsetDateTimeDeserializer(JsonDeserializer<OffsetDateTime> standard) {
        this.standard = standard;
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) throws JsonMappingException {
        JsonDeserializer<?> contextual = ((ContextualDeserializer) standard).createContextual(ctxt, property);
        // A property with a format of its own is the standard deserializer's alone.
        return contextual == standard ? this : contextual;
    }

    @Override
    public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            String text = p.getText();
            if (isRfc3339Shape(text)) {
                try {
                    OffsetDateTime parsed = ITU.parseDateTime(text);
                    return ctxt.isEnabled(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                            ? parsed.atZoneSameInstant(ctxt.getTimeZone().toZoneId()).toOffsetDateTime()
                            : parsed;
                } catch (DateTimeException notValid) {
                    // the standard deserializer decides, and words the error as it always has
                }
            }
        }
        return standard.deserialize(p, ctxt);
    }

    /** Date, upper-case T, time with seconds: the part both parsers read alike (ITU also takes a space or a lower-case t). */
    static boolean isRfc3339Shape(String s) {
        return s.length() >= 20 && s.length() <= 35 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':';
    }

    @Override
    public Class<?> handledType() {
        return OffsetDateTime.class;
    }
}
