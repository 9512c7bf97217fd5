package com.qwire.mock.shared.random;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RandomSourceTest {

    @Test
    void sameSeedDrawsTheSameSequence() {
        RandomSource a = RandomSource.create(OptionalLong.of(7));
        RandomSource b = RandomSource.create(OptionalLong.of(7));
        for (int i = 0; i < 5; i++) {
            assertThat(a.uuid()).isEqualTo(b.uuid());
            assertThat(a.traceId()).isEqualTo(b.traceId());
        }
        assertThat(RandomSource.create(OptionalLong.of(8)).uuid()).isNotEqualTo(RandomSource.create(OptionalLong.of(7)).uuid());
    }

    @Test
    void idsHaveTheirStandardShapes() {
        RandomSource random = RandomSource.create(OptionalLong.empty());
        UUID id = random.uuid();
        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(random.traceId()).matches("[0-9a-f]{32}");
    }

    @Test
    void timeOrderedIdsCarryTheirMillisecondAndSortByIt() {
        RandomSource random = RandomSource.create(OptionalLong.empty());
        Instant at = Instant.parse("2026-11-29T23:05:41.123456Z");
        UUID id = random.timeOrderedUuid(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        assertThat(id.toString()).startsWith(String.format("%08x-%04x", at.toEpochMilli() >>> 16, at.toEpochMilli() & 0xffff));
        // Made later, sorted later — as UUIDs and as the text the database keys on; within a millisecond, random.
        List<UUID> ids = new ArrayList<>();
        for (int ms = 0; ms < 2_000; ms++) {
            ids.add(random.timeOrderedUuid(at.plusMillis(ms * 7L)));
        }
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparing(UUID::toString));
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparing(u -> u.getMostSignificantBits() >>> 16));
        Set<UUID> sameMillisecond = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            sameMillisecond.add(random.timeOrderedUuid(at));
        }
        assertThat(sameMillisecond).hasSize(10_000);
    }

    @Test
    void seededTimeOrderedIdsRepeatAndDrawAsManyAsRandomIds() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        RandomSource a = RandomSource.create(OptionalLong.of(11));
        RandomSource b = RandomSource.create(OptionalLong.of(11));
        assertThat(a.timeOrderedUuid(at)).isEqualTo(b.timeOrderedUuid(at));
        a.timeOrderedUuid(at);
        b.uuid(); // one id of either kind moves the sequence by the same two draws
        assertThat(a.traceId()).isEqualTo(b.traceId());
    }

    @Test
    void unseededDrawsFromManyThreadsDoNotCollide() {
        RandomSource random = RandomSource.create(OptionalLong.empty());
        Set<UUID> ids = java.util.Collections.synchronizedSet(new HashSet<>());
        IntStream.range(0, 20_000).parallel().forEach(i -> ids.add(random.uuid()));
        assertThat(ids).hasSize(20_000);
    }

    @Test
    void aStreamIsReproducibleAndIndependentOfItsParent() {
        RandomSource a = RandomSource.create(java.util.OptionalLong.of(42));
        RandomSource b = RandomSource.create(java.util.OptionalLong.of(42));
        RandomSource traces = b.stream("trace-ids");
        for (int i = 0; i < 5; i++) {
            traces.traceId(); // draws on the stream do not shift the parent
        }
        assertThat(b.uuid()).isEqualTo(a.uuid());
        assertThat(a.stream("trace-ids").traceId()).isEqualTo(RandomSource.create(java.util.OptionalLong.of(42)).stream("trace-ids").traceId());
        assertThat(a.stream("trace-ids").traceId()).isNotEqualTo(a.stream("other").traceId());
        assertThat(RandomSource.create(java.util.OptionalLong.of(43)).stream("trace-ids").traceId())
                .isNotEqualTo(RandomSource.create(java.util.OptionalLong.of(42)).stream("trace-ids").traceId());
    }
}
