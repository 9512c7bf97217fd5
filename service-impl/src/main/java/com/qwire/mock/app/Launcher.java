package com.qwire.mock.app;

import ch.qos.logback.classic.LoggerContext;
import com.qwire.mock.order.domain.InvalidScenarioException;
import com.qwire.mock.order.domain.UnknownScenarioException;
import com.qwire.mock.shared.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar qwire-mock.jar [order|callback|all]}: starts a mode and stops gracefully on SIGTERM.
 * {@code java -jar qwire-mock.jar search-logs --reference <uuid>}: one order's story from the logs.
 * {@code java -XX:ArchiveClassesAtExit=<file> -jar qwire-mock.jar train-class-data}: see {@link ClassDataTraining}.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("search-logs")) {
            System.exit(LogSearch.run(java.util.Arrays.copyOfRange(args, 1, args.length),
                    Config.fromEnvironment().logDir(), System.out));
            return;
        }
        if (args.length > 0 && args[0].equals("train-class-data")) {
            int status = ClassDataTraining.run();
            flushLogs();
            System.exit(status);
            return;
        }
        // Settings first, before logging starts: the logging configuration reads some of them, and a bad one must end
        // start-up with this one line, not with the logging library's complaints.
        Mode mode;
        Config config;
        try {
            mode = Mode.parse(args.length > 0 ? args[0] : "all");
            config = Config.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("qwire-mock: " + e.getMessage());
            System.exit(2);
            return;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(Launcher.class);
        Platform platform;
        try {
            platform = Platform.start(config, mode, fatal -> {
                log.error("Stopping: the database cannot be used ({})", fatal.getMessage());
                exitAfterLogging(1);
            });
        } catch (InvalidScenarioException | UnknownScenarioException e) {
            log.error("Start-up failed: scenario configuration: {}", e.getMessage());
            exitAfterLogging(2);
            return;
        } catch (IllegalArgumentException e) {
            log.error("Start-up failed: {}", e.getMessage()); // a setting that does not hold (QWIRE_RECEIVER_FAULTS, …)
            exitAfterLogging(2);
            return;
        } catch (java.io.UncheckedIOException e) {
            log.error("Start-up failed: {} ({})", e.getMessage(), e.getCause() == null ? "" : e.getCause().getMessage());
            exitAfterLogging(2); // QWIRE_BIND_HOST / the ports: an address that cannot be used, or a port in use
            return;
        } catch (RuntimeException e) {
            log.error("Start-up failed: {}", e.getMessage(), e);
            exitAfterLogging(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down (grace {} ms)…", config.shutdownGrace().toMillis());
            platform.close();
            log.info("Stopped.");
            stopped.countDown();
            flushLogs(); // last: the asynchronous appenders (see logback.xml)
        }, "qwire-shutdown"));
        System.out.println(Banner.text(config, platform, ProcessHandle.current().pid()));
        if (config.adminToken().isEmpty()) {
            log.warn("The admin API is open (QWIRE_ADMIN_TOKEN is not set): anyone who reaches these ports can reset data, "
                    + "move the clock and change scenarios.");
        }
        if (platform.database().isPresent() && !platform.awaitDatabase(Duration.ofSeconds(5))) {
            log.warn("The database is not ready yet; /health/ready says when it is.");
        }
        stopped.await();
    }

    /** Stops the logging context, which drains the asynchronous appenders, so the last lines are written. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.stop();
        }
    }

    /** Exits only once the line explaining why is written: System.exit does not wait for asynchronous appenders. */
    private static void exitAfterLogging(int status) {
        flushLogs();
        System.exit(status);
    }
}
