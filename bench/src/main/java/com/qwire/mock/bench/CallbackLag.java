package com.qwire.mock.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Callback lag of one benchmark run (the orders of one customer id): for every callback event, the time
 * from the moment its status change was due (the transition's due time) to the moment the callback
 * server recorded it. It covers the timeline runner's delay, the dispatcher's, and the delivery itself.
 */
final class CallbackLag {
    record Result(int events, int delivered, int received, int lost, Percentiles lagMillis, Instant firstReceived,
                  Instant lastReceived) {
        double receivedPerSecond() {
            if (firstReceived == null || !lastReceived.isAfter(firstReceived)) {
                return 0;
            }
            return received / (Duration.between(firstReceived, lastReceived).toNanos() / 1e9);
        }
    }

    private CallbackLag() {
    }

    static Result of(Connection db, String customerId, List<ReceiptLog.Receipt> receipts) throws SQLException {
        Map<String, Instant> dueByEvent = new HashMap<>();
        int delivered = 0;
        try (PreparedStatement q = db.prepareStatement(
                "SELECT o.event_id, t.due_at, o.status FROM orders r"
                        + " JOIN callback_outbox o ON o.order_reference = r.reference"
                        + " JOIN order_transitions t ON t.order_reference = o.order_reference AND t.target_status = o.order_status"
                        + " AND t.status = 'APPLIED'"
                        + " WHERE r.customer_id = ?")) {
            q.setString(1, customerId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    dueByEvent.put(rs.getString(1), rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
                    if ("DELIVERED".equals(rs.getString(3))) {
                        delivered++;
                    }
                }
            }
        }
        Map<String, Instant> firstReceipt = new HashMap<>();
        for (ReceiptLog.Receipt r : receipts) {
            if (r.responseStatus() == 200 && dueByEvent.containsKey(r.webhookId())) {
                firstReceipt.merge(r.webhookId(), r.receivedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Percentiles lag = new Percentiles();
        Instant first = null;
        Instant last = null;
        for (Map.Entry<String, Instant> e : firstReceipt.entrySet()) {
            Instant received = e.getValue();
            lag.add(Math.max(0, Duration.between(dueByEvent.get(e.getKey()), received).toMillis()));
            first = first == null || received.isBefore(first) ? received : first;
            last = last == null || received.isAfter(last) ? received : last;
        }
        int events = dueByEvent.size();
        return new Result(events, delivered, firstReceipt.size(), events - firstReceipt.size(), lag, first, last);
    }
}
