package com.qwire.mock.contract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** One scrape in the Prometheus text format: every series (name with its labels, as written) and its value. */
record Scrape(String text, Map<String, Double> series) {
    static Scrape parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(text, series);
    }

    /** The sum of the series of {@code name} (exactly, labels aside) whose labels contain every one of {@code labels} ("k=\"v\""). */
    double sum(String name, String... labels) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> java.util.Arrays.stream(labels).allMatch(e.getKey()::contains))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    boolean has(String name) {
        return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    long count(Predicate<String> which) {
        return series.keySet().stream().filter(which).count();
    }
}
