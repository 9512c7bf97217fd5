package com.qwire.mock.contract;

import com.qwire.mock.testing.report.TestSteps;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.net.URI;

/**
 * Puts every rest-assured call of a contract test into the test execution report. Runs closest to the
 * wire (lowest precedence), so a call is recorded even when the contract validator then rejects it.
 */
public final class RecordedSteps implements OrderedFilter, TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        RestAssured.filters(this);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext context) {
        long started = System.nanoTime();
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        Object body = request.getBody();
        TestSteps.http(request.getMethod(), uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                response.statusCode(), (System.nanoTime() - started) / 1_000_000, response.header("X-Trace-Id"),
                body == null ? null : body.toString(), response.asString());
        return response;
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
