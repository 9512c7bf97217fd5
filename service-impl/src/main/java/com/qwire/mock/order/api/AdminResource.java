package com.qwire.mock.order.api;

import com.qwire.mock.api.order.AdminApi;
import com.qwire.mock.api.order.model.CallbackJournal;
import com.qwire.mock.api.order.model.ClockAdvance;
import com.qwire.mock.api.order.model.ClockSet;
import com.qwire.mock.api.order.model.ClockState;
import com.qwire.mock.api.order.model.DeliveryStatus;
import com.qwire.mock.api.order.model.ManualTransition;
import com.qwire.mock.api.order.model.OrderStatus;
import com.qwire.mock.api.order.model.ProductStatusChange;
import com.qwire.mock.api.order.model.ScenarioDefinition;
import com.qwire.mock.api.order.model.ScenarioList;
import com.qwire.mock.order.domain.CallbackService;
import com.qwire.mock.order.domain.ClockControl;
import com.qwire.mock.order.domain.OrderAdmin;
import com.qwire.mock.order.domain.OrderListing;
import com.qwire.mock.order.domain.OrderQueries;
import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductStatus;
import com.qwire.mock.order.domain.ScenarioAdmin;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.http.RawBody;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.ContainerRequest;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public final class AdminResource implements AdminApi {
    private final CallbackService callbacks;
    private final OrderAdmin admin;
    private final ScenarioAdmin scenarios;
    private final ClockControl clock;
    private final OrderListing listing;
    // Request-scoped: a singleton resource reaches it through a provider, per call.
    @Inject
    private Provider<ContainerRequest> requests;

    public AdminResource(CallbackService callbacks, OrderAdmin admin, ScenarioAdmin scenarios, ClockControl clock, OrderListing listing) {
        this.listing = listing;
        this.callbacks = callbacks;
        this.admin = admin;
        this.scenarios = scenarios;
        this.clock = clock;
    }

    @Override
    public Response listScenarios(String traceIdHeader) {
        return Response.ok(new ScenarioList().defaultScenario(scenarios.defaultScenario())
                .scenarios(scenarios.all().stream().map(ScenarioMapper::toDto).toList())).build();
    }

    /** The DTO has passed the contract's checks; the definition is read from the exact bytes, so problems carry their line. */
    @Override
    public Response putScenario(String name, ScenarioDefinition definition, String traceIdHeader) {
        ScenarioAdmin.Defined defined = scenarios.define(name, RawBody.of(requests.get()));
        return Response.status(defined.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(ScenarioMapper.toDto(defined.scenario())).build();
    }

    @Override
    public Response getClock(String traceIdHeader) {
        return Response.ok(state(clock.view())).build();
    }

    @Override
    public Response setClock(ClockSet body, String traceIdHeader) {
        return Response.ok(moved(clock.moveTo(body.getNow().toInstant()))).build();
    }

    @Override
    public Response advanceClock(ClockAdvance body, String traceIdHeader) {
        return Response.ok(moved(clock.advance(duration(body.getDuration())))).build();
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new QwireException(ErrorCode.VALIDATION_FAILED,
                    "duration is not an ISO-8601 duration.", List.of(new FieldViolation(
                    "duration", "'" + text + "' is not an ISO-8601 duration (e.g. PT30S)")));
        }
    }

    private static ClockState state(ClockControl.View view) {
        return new ClockState().mode(ClockState.ModeEnum.fromValue(view.mode())).now(view.now().atOffset(ZoneOffset.UTC));
    }

    private static ClockState moved(ClockControl.Moved moved) {
        return state(moved.clock()).transitionsApplied(moved.transitionsApplied()).callbackAttempts(moved.callbackAttempts());
    }

    @Override
    public Response transitionOrder(UUID reference, ManualTransition transition, String traceIdHeader) {
        LogContext.reference(reference);
        return Response.ok(OrderMapper.toDto(admin.transition(reference,
                com.qwire.mock.order.domain.OrderStatus.valueOf(transition.getTo().toString()), transition.getReason()))).build();
    }

    @Override
    public Response resetOrders(String traceIdHeader) {
        OrderAdmin.Reset reset = admin.reset();
        return Response.ok(new com.qwire.mock.api.order.model.ResetResult().orders(reset.orders()).callbacks(reset.callbacks())
                .receiverReset(reset.receiverReset())).build();
    }

    @Override
    public Response setProductStatus(String code, ProductStatusChange change, String traceIdHeader) {
        Product product = admin.setProductStatus(code, ProductStatus.valueOf(change.getStatus().toString()));
        return Response.ok(new com.qwire.mock.api.order.model.Product().code(product.code()).name(product.name())
                .status(com.qwire.mock.api.order.model.ProductStatus.fromValue(product.status().name()))).build();
    }

    @Override
    public Response listCallbacks(String traceIdHeader, UUID reference, DeliveryStatus status, Integer limit, String cursor) {
        var page = callbacks.journal(Optional.ofNullable(reference),
                Optional.ofNullable(status).map(s -> com.qwire.mock.order.domain.DeliveryStatus.valueOf(s.name())),
                Cursors.journal(cursor), limit == null ? CallbackService.JOURNAL_LIMIT : limit);
        return Response.ok(new CallbackJournal().events(page.events().stream().map(CallbackMapper::delivery).toList())
                .nextCursor(page.next().map(Cursors::of).orElse(null))).build();
    }

    @Override
    public Response listOrders(String traceIdHeader, OrderStatus status, String scenario, String productCode, String customerId,
                               UUID reference, String traceId, Integer limit, String cursor) {
        var filter = new OrderQueries.Filter(Optional.ofNullable(status).map(s -> com.qwire.mock.order.domain.OrderStatus.valueOf(s.name())),
                Optional.ofNullable(scenario), Optional.ofNullable(productCode), Optional.ofNullable(customerId),
                Optional.ofNullable(reference), Optional.ofNullable(traceId));
        return Response.ok(ListingMapper.page(listing.page(filter, Cursors.orders(cursor),
                limit == null ? OrderListing.DEFAULT_PAGE : limit))).build();
    }

    @Override
    public Response getSummary(String traceIdHeader) {
        return Response.ok(ListingMapper.summary(listing.counts())).build();
    }

    @Override
    public Response redeliverCallback(UUID eventId, String traceIdHeader) {
        return Response.accepted(CallbackMapper.delivery(callbacks.redeliver(eventId))).build();
    }
}
