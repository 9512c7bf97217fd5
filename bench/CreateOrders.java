import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates N orders as fast as the server takes them, from C concurrent callers, then prints
 * "created=<n> failed=<n> seconds=<s>". Run with the JDK's source launcher:
 * java bench/CreateOrders.java <orderUrl> <orders> <concurrency> <customerId>
 */
public class CreateOrders {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int orders = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        String body = "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"3.00\",\"currency\":\"EUR\",\"customerId\":\"" + args[3] + "\"}";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            callers.submit(() -> {
                while (next.getAndIncrement() < orders) {
                    try {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 201 ? created : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        callers.shutdown();
        callers.awaitTermination(30, TimeUnit.MINUTES);
        System.out.printf("created=%d failed=%d seconds=%.1f%n", created.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }
}
