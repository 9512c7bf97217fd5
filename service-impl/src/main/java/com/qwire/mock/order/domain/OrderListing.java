package com.qwire.mock.order.domain;

import java.util.List;
import java.util.Optional;

/** The admin's view across orders: pages of the newest-first list, and counts. */
public final class OrderListing {
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    private final OrderQueries queries;

    public OrderListing(OrderQueries queries) {
        this.queries = queries;
    }

    /** One page; {@code next} is present when at least one more order matches. */
    public Page page(OrderQueries.Filter filter, Optional<OrderQueries.Position> after, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        List<OrderQueries.Row> rows = queries.orders(filter, after, size + 1);
        if (rows.size() <= size) {
            return new Page(rows, Optional.empty());
        }
        List<OrderQueries.Row> page = rows.subList(0, size);
        return new Page(List.copyOf(page), Optional.of(page.get(size - 1).position()));
    }

    public OrderQueries.Counts counts() {
        return queries.counts();
    }

    public record Page(List<OrderQueries.Row> orders, Optional<OrderQueries.Position> next) {
    }
}
