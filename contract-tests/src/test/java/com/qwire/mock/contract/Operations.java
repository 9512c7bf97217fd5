package com.qwire.mock.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** Every operation of both contracts, read from the YAML files: "order:createOrder", "callback:checkCallbacks", … */
final class Operations {
    private Operations() {
    }

    static Set<String> all() {
        Set<String> all = new TreeSet<>();
        all.addAll(of("order", Contracts.ORDER_SPEC));
        all.addAll(of("callback", Contracts.CALLBACK_SPEC));
        return all;
    }

    static Set<String> of(String service, Path spec) {
        OpenAPI api = new OpenAPIV3Parser().read(spec.toString());
        Set<String> ids = new TreeSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> ids.add(service + ":" + op.getOperationId())));
        return ids;
    }
}
