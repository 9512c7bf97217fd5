package com.qwire.mock.order.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A finite state machine's allowed moves; states with no exits are terminal. */
public final class TransitionTable<S extends Enum<S>> {
    private final Map<S, Set<S>> exits;

    private TransitionTable(Map<S, Set<S>> exits) {
        this.exits = exits;
    }

    public static <S extends Enum<S>> Builder<S> of(Class<S> type) {
        return new Builder<>(type);
    }

    public boolean allows(S from, S to) {
        return exits.get(from).contains(to);
    }

    public boolean isTerminal(S state) {
        return exits.get(state).isEmpty();
    }

    public static final class Builder<S extends Enum<S>> {
        private final Map<S, Set<S>> exits;
        private final Class<S> type;

        private Builder(Class<S> type) {
            this.type = type;
            this.exits = new EnumMap<>(type);
            for (S state : type.getEnumConstants()) {
                exits.put(state, EnumSet.noneOf(type));
            }
        }

        @SafeVarargs
        public final Builder<S> allow(S from, S... to) {
            exits.get(from).addAll(Set.of(to));
            return this;
        }

        public TransitionTable<S> build() {
            Map<S, Set<S>> frozen = new EnumMap<>(type);
            exits.forEach((state, targets) -> frozen.put(state, targets.isEmpty() ? Set.of() : EnumSet.copyOf(targets)));
            return new TransitionTable<>(frozen);
        }
    }
}
