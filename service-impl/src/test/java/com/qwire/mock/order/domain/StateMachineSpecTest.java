package com.qwire.mock.order.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.SpecFiles;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The code allows exactly the transitions written in specs/*-state-machine.yaml: none missing, none extra. */
class StateMachineSpecTest {

    @Test
    void orderMachineAllowsExactlyTheSpecifiedTransitions() {
        assertMatchesSpec("specs/order-state-machine.yaml", OrderStatus.class, OrderStatus.MACHINE);
    }

    @Test
    void productMachineAllowsExactlyTheSpecifiedTransitions() {
        assertMatchesSpec("specs/product-state-machine.yaml", ProductStatus.class, ProductStatus.MACHINE);
    }

    @Test
    void terminalOrderStatesHaveNoExits() {
        for (OrderStatus terminal : Set.of(OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.REJECTED, OrderStatus.CANCELLED)) {
            assertThat(OrderStatus.MACHINE.isTerminal(terminal)).as(terminal.name()).isTrue();
        }
        assertThat(ProductStatus.MACHINE.isTerminal(ProductStatus.DISCONTINUED)).isTrue();
    }

    private static <S extends Enum<S>> void assertMatchesSpec(String file, Class<S> type, TransitionTable<S> machine) {
        JsonNode spec = SpecFiles.load(file);
        Set<String> specStates = new HashSet<>();
        spec.get("states").fieldNames().forEachRemaining(specStates::add);
        Set<String> codeStates = Set.of(type.getEnumConstants()).stream().map(Enum::name).collect(Collectors.toSet());
        assertThat(specStates).as("states in " + file).isEqualTo(codeStates);
        spec.get("states").forEach(state -> assertThat(state.path("en").asText()).isNotBlank());
        spec.get("states").forEach(state -> assertThat(state.path("zh").asText()).isNotBlank());

        Set<String> specified = StreamSupport.stream(spec.get("transitions").spliterator(), false)
                .map(t -> t.get("from").asText() + "->" + t.get("to").asText())
                .collect(Collectors.toSet());
        Set<String> allowed = new HashSet<>();
        for (S from : type.getEnumConstants()) {
            for (S to : type.getEnumConstants()) {
                if (machine.allows(from, to)) {
                    allowed.add(from.name() + "->" + to.name());
                }
            }
        }
        assertThat(allowed).as("transitions allowed by the code vs " + file).isEqualTo(specified);
    }
}
