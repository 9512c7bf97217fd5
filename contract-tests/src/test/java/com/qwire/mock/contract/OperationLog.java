package com.qwire.mock.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a generated client really sent, by operation: a response interceptor on the client records
 * each exchange's status under the operationId the contract gives its method and path. A consumer
 * test then proves it called every operation, with a success and an error each.
 */
final class OperationLog {
    private record Route(String method, Pattern path, String operationId) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Set<Integer>> statuses = new TreeMap<>();

    OperationLog(Path spec) {
        OpenAPI api = new OpenAPIV3Parser().read(spec.toString());
        api.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, op) -> {
            // Probes live at the root (their own servers entry), everything else under /v1.
            String regex = "^(?:/v1)?" + template.replaceAll("\\{[^}/]+}", "[^/]+") + "$";
            routes.add(new Route(method.name(), Pattern.compile(regex), op.getOperationId()));
            statuses.put(op.getOperationId(), new TreeSet<>());
        }));
    }

    synchronized void record(HttpResponse<InputStream> response) {
        String method = response.request().method();
        String path = response.request().uri().getRawPath();
        Route route = routes.stream().filter(r -> r.method().equals(method) && r.path().matcher(path).matches()).findFirst()
                .orElseThrow(() -> new AssertionError("The client called " + method + " " + path + ", which the contract does not have"));
        statuses.get(route.operationId()).add(response.statusCode());
    }

    /** Every operation of the contract with the statuses it answered the client; an empty set: never called. */
    synchronized Map<String, Set<Integer>> statuses() {
        return new TreeMap<>(statuses);
    }

    /** Fails unless every operation of the contract answered the client both with a 2xx and a 4xx. */
    synchronized void assertEveryOperationAnsweredBothWays() {
        assertThat(notYetBothWays()).as("operations not called with a success and an error: %s", statuses()).isEmpty();
    }

    /** What a client call that must be refused threw, as {@code type} (null, failing the caller's assertions, if it was not). */
    static <E extends Throwable> E refused(Class<E> type, ClientCall call) {
        return catchThrowableOfType(type, call::run);
    }

    /** A generated client's call, which declares its own checked ApiException. */
    @FunctionalInterface
    interface ClientCall {
        void run() throws Exception;
    }

    /** Operations not yet seen both succeed (2xx) and fail (4xx) through the client. */
    synchronized Set<String> notYetBothWays() {
        Set<String> missing = new TreeSet<>();
        statuses.forEach((op, seen) -> {
            boolean success = seen.stream().anyMatch(s -> s < 300);
            boolean error = seen.stream().anyMatch(s -> s >= 400 && s < 500);
            if (!success || !error) {
                missing.add(op + " " + seen);
            }
        });
        return missing;
    }
}
