package com.qwire.mock.shared.random;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
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
